"""What the common units of an indicator mean, so that a value that cannot be one is refused (AP2).

``Indicator.unit`` stays free text (« stages », « journées », « recherches »...): a unit this module
does not know is accepted as it is and its values are only checked to be positive. The units it
knows are read case- and accent-insensitively: a percentage (« % », « pourcentage »), a whole count
(« nombre », « stages », « places »...), an amount in euros (« € », « euros »).
"""

import unicodedata
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _


class UnitKind(StrEnum):
    PERCENT = "percent"
    COUNT = "count"
    EURO = "euro"


_WORDS = {
    UnitKind.PERCENT: {"%", "pourcent", "pourcentage", "pourcentages", "percent", "taux en %"},
    UnitKind.COUNT: {
        "nombre",
        "nb",
        "stage",
        "stages",
        "place",
        "places",
        "personne",
        "personnes",
        "etudiant",
        "etudiants",
        "participant",
        "participants",
    },
    UnitKind.EURO: {"€", "euro", "euros", "eur", "€ ttc", "€ ht", "euros ttc", "euros ht"},
}
_KIND_OF = {word: kind for kind, words in _WORDS.items() for word in words}


def _normalise(unit: str) -> str:
    decomposed = unicodedata.normalize("NFKD", unit or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().split())


def unit_kind(unit: str) -> UnitKind | None:
    """The meaning of a unit, or None for a free-text unit the product does not interpret."""
    return _KIND_OF.get(_normalise(unit))


def unit_problem(unit: str, number: Decimal) -> str | None:
    """Why ``number`` cannot be a value in ``unit`` (a French sentence), or None when it can."""
    if number < 0:
        return _("Give a positive number.")
    kind = unit_kind(unit)
    if kind == UnitKind.PERCENT and number > 100:
        return _("Give a percentage between 0 and 100.")
    if kind == UnitKind.COUNT and number != number.to_integral_value():
        return _("This indicator counts (%(unit)s): give a whole number.") % {"unit": unit}
    if kind == UnitKind.EURO and number != number.quantize(Decimal("0.01")):
        return _("An amount in euros has at most 2 decimals.")
    return None
