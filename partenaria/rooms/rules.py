"""Pure rules of room bookings (EV2, FN3): the convention year a booking counts in, the bookable
hours of a room, and what a billed booking costs. No database, no clock: property-tested in
tests/rooms/test_rules.py.

- A convention year is a twelve-month period counted from the convention's start, as
  ``conventions/terms.py`` counts terms (a convention starting on 1 January 2025 has the year
  1 January - 31 December 2025; one starting on 1 September counts school years).
- A room is bookable on its open weekdays, between its opening and closing times, and a booking
  starts and ends on the same day.
- A billed booking costs the room's price once per booking, per hour (to the minute) or per
  half-day (four hours, a started half-day counts whole). Amounts are euros in ``Decimal``,
  rounded half up to the cent.
"""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal

from partenaria.conventions import terms

CENT = Decimal("0.01")
HALF_DAY_MINUTES = 4 * 60


class PricingUnit:
    BOOKING = "booking"
    HOUR = "hour"
    HALF_DAY = "half_day"


def convention_year(start: datetime.date, day: datetime.date) -> terms.Period:
    """The twelve-month year of a convention starting on ``start`` that contains ``day``.

    Index 0 is the first year. ``day`` before ``start`` belongs to no year: ValueError.
    """
    if day < start:
        raise ValueError("The day falls before the convention starts.")
    yearly = terms.TermRules(start=start, term_months=12, tacit_renewal=True)
    return terms.period(yearly, terms.index_at(yearly, day))


def duration_minutes(start: datetime.datetime, end: datetime.datetime) -> int:
    return int((end - start).total_seconds() // 60)


def billed_quantity(unit: str, minutes: int) -> Decimal:
    """How many units of the room's price a booking of ``minutes`` minutes costs."""
    if minutes <= 0:
        raise ValueError("A booking lasts a positive number of minutes.")
    if unit == PricingUnit.BOOKING:
        return Decimal(1)
    if unit == PricingUnit.HOUR:
        return (Decimal(minutes) / Decimal(60)).quantize(CENT, rounding=ROUND_HALF_UP)
    if unit == PricingUnit.HALF_DAY:
        return Decimal(math.ceil(minutes / HALF_DAY_MINUTES))
    raise ValueError(f"Unknown pricing unit: {unit}")


def amount(unit_price: Decimal, quantity: Decimal) -> Decimal:
    return (unit_price * quantity).quantize(CENT, rounding=ROUND_HALF_UP)


def hours_problem(
    *,
    start: datetime.datetime,
    end: datetime.datetime,
    opens_at: datetime.time,
    closes_at: datetime.time,
    open_weekdays: set[int],
) -> str | None:
    """Which bookable-hours rule a booking breaks (local, naive or same-zone datetimes), or None.

    Codes: ``order`` (ends before it starts), ``days`` (spans several days), ``weekday`` (the room is
    closed that day, ISO weekdays 1-7), ``hours`` (outside the opening hours).
    """
    if end <= start:
        return "order"
    if end.date() != start.date():
        return "days"
    if start.isoweekday() not in open_weekdays:
        return "weekday"
    if start.time() < opens_at or end.time() > closes_at:
        return "hours"
    return None


def free_or_billed(*, free_per_year: int, used_free: int) -> tuple[bool, int]:
    """Whether the next booking is free, and how many free bookings remain after it (FN3)."""
    remaining = max(free_per_year - used_free, 0)
    if remaining > 0:
        return True, remaining - 1
    return False, 0
