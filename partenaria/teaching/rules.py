"""Pure rules of the teaching cooperation (PD1-PD3): no clock, no database.

A French school year runs from September to August: « l'envoi d'un programme annuel prévisionnel (à la
rentrée de septembre) » [003 art. 2] opens it.
"""

import datetime

SCHOOL_YEAR_FIRST_MONTH = 9


def school_year_of(day: datetime.date) -> int:
    """The school year a day belongs to, named by the calendar year it starts in (2025 for 2025-2026)."""
    return day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1


def school_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of school year ``year`` (1 September ``year`` – 31 August ``year + 1``)."""
    return datetime.date(year, SCHOOL_YEAR_FIRST_MONTH, 1), datetime.date(year + 1, 8, 31)


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def programme_due_on(year: int, *, day: int) -> datetime.date:
    """When the provisional programme of school year ``year`` is to be sent: ``day`` September."""
    return datetime.date(year, SCHOOL_YEAR_FIRST_MONTH, day)
