"""Dates, durations and numbers in words, as a convention writes them (CV10, ux.md).

« du 1er janvier 2022 au 31 décembre 2024 », « en quatre exemplaires », « 3 ans ». The dates come
from the model (``Convention.end_date``, ``notice_deadline``...): nothing here computes a date.
"""

import datetime

from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _


def day_text(day: datetime.date | None) -> str:
    """« 1er janvier 2022 », « 27 juin 2022 »: French writes the first of the month as an ordinal."""
    if day is None:
        return ""
    if day.day == 1 and (get_language() or "fr").startswith("fr"):
        return "1er " + formats.date_format(day, "F Y")
    return formats.date_format(day, "j F Y")


def period_text(start: datetime.date | None, end: datetime.date | None) -> str:
    """« du 1er janvier 2022 au 31 décembre 2024 »."""
    if start and end:
        return _("from %(start)s to %(end)s") % {"start": day_text(start), "end": day_text(end)}
    if start:
        return _("from %(start)s") % {"start": day_text(start)}
    return ""


def number_words(number: int) -> str:
    """« quatre » for 4; digits beyond twelve."""
    words = {
        1: _("one"),
        2: _("two"),
        3: _("three"),
        4: _("four"),
        5: _("five"),
        6: _("six"),
        7: _("seven"),
        8: _("eight"),
        9: _("nine"),
        10: _("ten"),
        11: _("eleven"),
        12: _("twelve"),
    }
    return words.get(number, str(number))


def duration_text(months: int) -> str:
    """« 3 ans » for 36 months, « 18 mois » otherwise."""
    if months % 12 == 0:
        years = months // 12
        return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}
    return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
