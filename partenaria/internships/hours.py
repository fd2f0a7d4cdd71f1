"""Effective hours of presence, legal caps and gratification of internships (IN7, IN8).

Pure functions: no clock, no database, no rate in code (rates are dated data passed in). Every
number the services and pages show about hours and gratification comes from here.

Rules (Code de l'éducation):
- duration is counted in hours of effective presence: 7 hours = 1 day, 22 days = 1 month (D124-6);
- a period of presence is spread over the working days (Monday to Friday) of its weeks: a 35-hour
  week is 7 hours a day; interruptions remove the days they cover; an early end truncates;
- gratification is due when the internships of a student in the same host legal entity during the
  same school year last more than two months, i.e. more than 44 days of 7 hours: from the 309th hour
  (L124-6); it is then due for every hour from the first day, paid monthly;
- at most 6 months = 6 x 22 x 7 = 924 hours per student, school year and host legal entity (L124-5);
- interns at the same time in a host: 15 % of headcount rounded up when 20 or more, otherwise 3
  (R124-10); at most 3 interns at once per tutor;
- waiting period on the same post: one third of the previous internship's length (L124-11).
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HOURS_PER_DAY = 7
DAYS_PER_MONTH = 22
HOURS_PER_MONTH = HOURS_PER_DAY * DAYS_PER_MONTH  # 154
GRATIFICATION_THRESHOLD_HOURS = 2 * HOURS_PER_MONTH  # 308: due from the 309th hour
MAX_HOURS_PER_HOST_YEAR = 6 * HOURS_PER_MONTH  # 924
MAX_WEEKLY_HOURS = Decimal(48)
MAX_INTERNS_PER_TUTOR = 3
SMALL_HOST_HEADCOUNT = 20
SMALL_HOST_MAX_INTERNS = 3
WORKING_DAYS_PER_WEEK = 5
CENT = Decimal("0.01")
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """Presence from ``start`` to ``end`` included, ``weekly_hours`` a week."""

    start: datetime.date
    end: datetime.date
    weekly_hours: Decimal


@dataclass(frozen=True)
class Schedule:
    periods: tuple[Period, ...]
    interruptions: tuple[tuple[datetime.date, datetime.date], ...] = ()
    ended_on: datetime.date | None = None  # early end: no presence after this day

    @property
    def first_day(self) -> datetime.date | None:
        return min((p.start for p in self.periods), default=None)

    @property
    def last_day(self) -> datetime.date | None:
        last = max((p.end for p in self.periods), default=None)
        if last is not None and self.ended_on is not None:
            return min(last, self.ended_on)
        return last


def _is_working_day(day: datetime.date) -> bool:
    return day.weekday() < WORKING_DAYS_PER_WEEK


def _interrupted(day: datetime.date, interruptions) -> bool:
    return any(start <= day <= end for start, end in interruptions)


def daily_hours(schedule: Schedule) -> dict[datetime.date, Decimal]:
    """Hours of presence of each day of the schedule (only days with presence)."""
    days: dict[datetime.date, Decimal] = {}
    for period in schedule.periods:
        per_day = Decimal(period.weekly_hours) / WORKING_DAYS_PER_WEEK
        day = period.start
        end = period.end if schedule.ended_on is None else min(period.end, schedule.ended_on)
        while day <= end:
            if _is_working_day(day) and not _interrupted(day, schedule.interruptions):
                days[day] = days.get(day, Decimal(0)) + per_day
            day += ONE_DAY
    return days


def effective_hours(schedule: Schedule) -> Decimal:
    """Total hours of effective presence, to the hundredth of an hour."""
    return sum(daily_hours(schedule).values(), Decimal(0)).quantize(CENT, ROUND_HALF_UP)


def hours_by_month(schedule: Schedule) -> dict[tuple[int, int], Decimal]:
    """Hours of presence per calendar month ``(year, month)``, in date order."""
    months: dict[tuple[int, int], Decimal] = {}
    for day, hours in sorted(daily_hours(schedule).items()):
        key = (day.year, day.month)
        months[key] = months.get(key, Decimal(0)) + hours
    return {key: value.quantize(CENT, ROUND_HALF_UP) for key, value in months.items()}


def as_days_and_months(hours: Decimal) -> tuple[Decimal, Decimal]:
    """(days, months) of presence for ``hours`` (D124-6: 7 h a day, 22 days a month)."""
    days = Decimal(hours) / HOURS_PER_DAY
    return days.quantize(CENT, ROUND_HALF_UP), (days / DAYS_PER_MONTH).quantize(CENT, ROUND_HALF_UP)


def gratification_due(total_hours: Decimal) -> bool:
    """More than two months of presence in the same host and school year: from the 309th hour."""
    return Decimal(total_hours) > GRATIFICATION_THRESHOLD_HOURS


def within_host_year_cap(total_hours: Decimal) -> bool:
    """At most six months of presence (924 h) per student, host legal entity and school year."""
    return Decimal(total_hours) <= MAX_HOURS_PER_HOST_YEAR


def rate_on(rates: Iterable[tuple[datetime.date, Decimal]], day: datetime.date) -> Decimal | None:
    """The hourly rate in force on ``day`` among dated rates ``(valid_from, rate)``, or None."""
    in_force = [(start, rate) for start, rate in rates if start <= day]
    return max(in_force)[1] if in_force else None


@dataclass(frozen=True)
class MonthlyAmount:
    year: int
    month: int
    hours: Decimal
    rate: Decimal
    amount: Decimal


def monthly_gratification(schedule: Schedule, rate: Decimal) -> list[MonthlyAmount]:
    """The amount to pay for each month of presence, in euros to the cent (paid monthly)."""
    return [
        MonthlyAmount(year, month, hours, rate, (hours * rate).quantize(CENT, ROUND_HALF_UP))
        for (year, month), hours in hours_by_month(schedule).items()
    ]


def host_intern_cap(headcount: int) -> int:
    """Interns at the same time in a host (R124-10): 15 % of headcount rounded up, 3 under 20."""
    if headcount < SMALL_HOST_HEADCOUNT:
        return SMALL_HOST_MAX_INTERNS
    return math.ceil(headcount * 15 / 100)


def max_simultaneous(
    ranges: Sequence[tuple[datetime.date, datetime.date]], start: datetime.date, end: datetime.date
) -> int:
    """The largest number of ``ranges`` present together on one day between ``start`` and ``end``."""
    events: list[tuple[datetime.date, int]] = []
    for first, last in ranges:
        first, last = max(first, start), min(last, end)
        if first <= last:
            events += [(first, 1), (last + ONE_DAY, -1)]
    best = current = 0
    # On the same day, departures (-1) come before arrivals: a range ending the day before is gone.
    for _day, change in sorted(events, key=lambda event: (event[0], event[1])):
        current += change
        best = max(best, current)
    return best


def waiting_period_end(previous_start: datetime.date, previous_end: datetime.date) -> datetime.date:
    """First day a new intern may start on the same post: a third of the previous length after it."""
    length = (previous_end - previous_start).days + 1
    return previous_end + datetime.timedelta(days=math.ceil(length / 3)) + ONE_DAY


def school_year_of(day: datetime.date) -> int:
    """The school year (by its first calendar year) a day belongs to: September to August."""
    return day.year if day.month >= 9 else day.year - 1
