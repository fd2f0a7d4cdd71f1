"""Pure rules of the teaching cooperation (PD1-PD3): no clock, no database.

A French school year runs from September to August: « l'envoi d'un programme annuel prévisionnel (à la
rentrée de septembre) » [003 art. 2] opens it.
"""

import datetime

from partenaria.conventions import terms

SCHOOL_YEAR_FIRST_MONTH = 9


def school_year_of(day: datetime.date) -> int:
    """The school year a day belongs to, named by the calendar year it starts in (2025 for 2025-2026)."""
    return day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of school year ``year`` (1 September ``year`` – 31 August ``year + 1``)."""
    return datetime.date(year, SCHOOL_YEAR_FIRST_MONTH, 1), datetime.date(year + 1, 8, 31)


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def occurrence_in_school_year(first: datetime.date, months: int | None, year: int) -> datetime.date | None:
    """The occurrence of a commitment due on ``first`` and every ``months`` months (once when None)
    that falls in school year ``year``, if any: the day the year's programme is due (PD2)."""
    start, end = school_year_bounds(year)
    if not months:
        return first if start <= first <= end else None
    occurrence, step = first, 0
    while occurrence < start:
        step += 1
        occurrence = terms.add_months_clamped(first, step * months)
    return occurrence if occurrence <= end else None
