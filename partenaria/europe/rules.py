"""The rules of a European project's consortium and learning mobilities (EU3, EU4 [002]). Pure: no
database, no clock; property-tested in tests/europe/test_rules.py.

The consortium rule of the Erasmus+ sheet: « chaque pays européen devra proposer un binôme (incluant
au moins une structure publique ayant des compétences dans l'action sociale) » and « des organisations
issues de trois pays européens ». Read here as: every country of the consortium brings at least two
organisations (a pair), at least one of them a public body competent in social action; and at least
three countries take part.

The mobility rule: delegations of ten professionals per country, five days each, hosted in turn in
each country of the consortium (every country hosts once).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MIN_COUNTRIES = 3
PAIR = 2
DELEGATION_SIZE = 10
MOBILITY_DAYS = 5


def country_key(country: str) -> str:
    """One key per country whatever its spelling's case and spaces ("italie " is "Italie")."""
    return " ".join(country.split()).casefold()


@dataclass(frozen=True)
class ConsortiumPartner:
    name: str
    country: str
    public_social: bool  # a public body competent in social action


@dataclass(frozen=True)
class CountryPair:
    country: str
    organisations: tuple[str, ...]
    public_social: int

    @property
    def is_complete(self) -> bool:
        return len(self.organisations) >= PAIR and self.public_social >= 1


@dataclass(frozen=True)
class ConsortiumCheck:
    countries: tuple[CountryPair, ...]
    missing: tuple[str, ...]  # what is missing, in words; empty when the rule is met

    @property
    def is_met(self) -> bool:
        return not self.missing

    @property
    def complete_countries(self) -> int:
        return sum(1 for c in self.countries if c.is_complete)


def check_consortium(partners: Iterable[ConsortiumPartner]) -> ConsortiumCheck:
    """Whether ``partners`` form a valid consortium (EU3), and what is missing otherwise.

    A partner without a country cannot count for any country: it is named as missing its country.
    Only countries whose pair is complete count towards the three countries.
    """
    by_country: dict[str, list[ConsortiumPartner]] = {}
    missing: list[str] = []
    for partner in partners:
        key = country_key(partner.country)
        if not key:
            missing.append(
                _("%(name)s has no country: give it on the organisation's page.") % {"name": partner.name}
            )
            continue
        by_country.setdefault(key, []).append(partner)
    countries = []
    for key in sorted(by_country):
        group = by_country[key]
        label = " ".join(min(" ".join(p.country.split()) for p in group).split())
        countries.append(
            CountryPair(
                country=label,
                organisations=tuple(sorted(p.name for p in group)),
                public_social=sum(1 for p in group if p.public_social),
            )
        )
    for pair in countries:
        if len(pair.organisations) < PAIR:
            missing.append(
                _("%(country)s brings one organisation: a second one is needed to form a pair.")
                % {"country": pair.country}
            )
        if pair.public_social == 0:
            missing.append(
                _("%(country)s has no public body competent in social action in its pair.")
                % {"country": pair.country}
            )
    complete = sum(1 for c in countries if c.is_complete)
    if complete < MIN_COUNTRIES:
        lacking = MIN_COUNTRIES - complete
        missing.append(
            ngettext(
                "%(lacking)d more country with a complete pair is needed: at least %(minimum)d "
                "countries, %(complete)d so far.",
                "%(lacking)d more countries with a complete pair are needed: at least %(minimum)d "
                "countries, %(complete)d so far.",
                lacking,
            )
            % {"complete": complete, "lacking": lacking, "minimum": MIN_COUNTRIES}
        )
    return ConsortiumCheck(countries=tuple(countries), missing=tuple(missing))


def mobility_ends_on(starts_on: datetime.date) -> datetime.date:
    """The last day of a learning mobility of ``MOBILITY_DAYS`` days starting on ``starts_on`` (EU4)."""
    return starts_on + datetime.timedelta(days=MOBILITY_DAYS - 1)


def hosts_missing(consortium_countries: Iterable[str], hosting_countries: Iterable[str]) -> list[str]:
    """The consortium's countries that host no mobility yet (every country hosts once, EU4)."""
    hosting = {country_key(c) for c in hosting_countries}
    seen: set[str] = set()
    result = []
    for country in consortium_countries:
        key = country_key(country)
        if key and key not in hosting and key not in seen:
            seen.add(key)
            result.append(" ".join(country.split()))
    return result
