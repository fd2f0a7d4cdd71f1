"""The pure rules of bookings: convention years, bookable hours, prices (EV2, FN3)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partenaria.conventions import terms
from partenaria.rooms import rules

D = datetime.date


def test_the_askoria_amendment_year_is_the_calendar_year_2025():
    year = rules.convention_year(D(2025, 1, 1), D(2025, 6, 6))
    assert (year.start, year.end) == (D(2025, 1, 1), D(2025, 12, 31))


def test_a_convention_starting_in_september_counts_school_years():
    year = rules.convention_year(D(2024, 9, 1), D(2025, 8, 31))
    assert (year.index, year.start, year.end) == (0, D(2024, 9, 1), D(2025, 8, 31))
    assert rules.convention_year(D(2024, 9, 1), D(2025, 9, 1)).index == 1


def test_a_day_before_the_start_belongs_to_no_year():
    with pytest.raises(ValueError):
        rules.convention_year(D(2025, 1, 1), D(2024, 12, 31))


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31)),
    offset=st.integers(min_value=0, max_value=3650),
)
def test_every_day_falls_in_exactly_one_twelve_month_year(start, offset):
    day = start + datetime.timedelta(days=offset)
    year = rules.convention_year(start, day)
    assert year.start <= day <= year.end
    # the years are the terms of a twelve-month convention renewed from its start (terms.py)
    assert year.end == terms.term_end(year.start, 12) or year.start.day != start.day
    assert year.start == terms.next_period_start(start, 12 * year.index)


def test_a_price_per_booking_is_charged_once():
    assert rules.billed_quantity("booking", 600) == 1


def test_a_price_per_hour_counts_minutes():
    assert rules.billed_quantity("hour", 90) == Decimal("1.50")
    assert rules.amount(Decimal("40.00"), Decimal("1.50")) == Decimal("60.00")


def test_a_started_half_day_counts_whole():
    assert rules.billed_quantity("half_day", 240) == 1
    assert rules.billed_quantity("half_day", 241) == 2


@given(
    price=st.decimals(min_value=0, max_value=10000, places=2),
    minutes=st.integers(min_value=1, max_value=24 * 60),
    unit=st.sampled_from(["booking", "hour", "half_day"]),
)
def test_an_amount_is_a_whole_number_of_cents_and_never_negative(price, minutes, unit):
    value = rules.amount(price, rules.billed_quantity(unit, minutes))
    assert value >= 0
    assert value == value.quantize(Decimal("0.01"))


HOURS = {"opens_at": datetime.time(8, 30), "closes_at": datetime.time(18), "open_weekdays": {1, 2, 3, 4, 5}}
TUESDAY = D(2025, 5, 6)


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute))


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (at(TUESDAY, 9), at(TUESDAY, 12), None),
        (at(TUESDAY, 12), at(TUESDAY, 9), "order"),
        (at(TUESDAY, 9), at(TUESDAY, 9), "order"),
        (at(TUESDAY, 8), at(TUESDAY, 10), "hours"),
        (at(TUESDAY, 17), at(TUESDAY, 19), "hours"),
        (at(D(2025, 5, 10), 9), at(D(2025, 5, 10), 12), "weekday"),
        (at(TUESDAY, 9), at(TUESDAY + datetime.timedelta(days=1), 12), "days"),
    ],
)
def test_bookable_hours(start, end, problem):
    assert rules.hours_problem(start=start, end=end, **HOURS) == problem


@given(free=st.integers(min_value=0, max_value=20), used=st.integers(min_value=0, max_value=30))
def test_free_while_the_quota_lasts(free, used):
    is_free, remaining = rules.free_or_billed(free_per_year=free, used_free=used)
    assert is_free == (used < free)
    assert remaining == (max(free - used - 1, 0) if is_free else 0)
