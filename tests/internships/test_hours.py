"""Hours of presence, caps and gratification (IN7, IN8): the pure rules of hours.py."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from partenaria.internships import hours
from partenaria.internships.hours import Period, Schedule

MONDAY = datetime.date(2026, 1, 5)
rates = [(datetime.date(2024, 1, 1), Decimal("4.35")), (datetime.date(2026, 1, 1), Decimal("4.50"))]


def weeks(start, count, weekly=Decimal(35)):
    return Schedule(periods=(Period(start, start + datetime.timedelta(days=7 * count - 1), weekly),))


def test_a_full_time_week_is_five_days_of_seven_hours():
    assert hours.effective_hours(weeks(MONDAY, 1)) == Decimal(35)
    assert hours.as_days_and_months(Decimal(154)) == (Decimal(22), Decimal(1))


def test_the_thresholds_derive_from_seven_hours_a_day_and_22_days_a_month():
    assert hours.GRATIFICATION_THRESHOLD_HOURS == 308
    assert hours.MAX_HOURS_PER_HOST_YEAR == 924


def test_gratification_is_due_from_the_309th_hour():
    assert not hours.gratification_due(Decimal(308))
    assert hours.gratification_due(Decimal("308.01"))
    assert hours.gratification_due(Decimal(309))


def test_six_months_is_the_cap_per_host_and_year():
    assert hours.within_host_year_cap(Decimal(924))
    assert not hours.within_host_year_cap(Decimal("924.01"))


def test_an_interruption_removes_its_working_days_and_an_early_end_truncates():
    base = weeks(MONDAY, 4)
    interrupted = Schedule(base.periods, interruptions=((MONDAY, MONDAY + datetime.timedelta(days=6)),))
    ended = Schedule(base.periods, ended_on=MONDAY + datetime.timedelta(days=13))
    assert hours.effective_hours(base) == Decimal(140)
    assert hours.effective_hours(interrupted) == Decimal(105)
    assert hours.effective_hours(ended) == Decimal(70)
    assert ended.last_day == MONDAY + datetime.timedelta(days=13)


def test_the_rate_in_force_is_the_latest_started():
    assert hours.rate_on(rates, datetime.date(2025, 12, 31)) == Decimal("4.35")
    assert hours.rate_on(rates, datetime.date(2026, 1, 1)) == Decimal("4.50")
    assert hours.rate_on(rates, datetime.date(2023, 12, 31)) is None


def test_monthly_amounts_are_hours_of_the_month_times_the_rate():
    schedule = weeks(MONDAY, 4)  # January 2026: 20 working days
    (january,) = hours.monthly_gratification(schedule, Decimal("4.50"))
    assert (january.year, january.month, january.hours, january.amount) == (
        2026,
        1,
        Decimal(140),
        Decimal("630.00"),
    )


def test_host_cap_is_three_under_twenty_staff_then_fifteen_percent_rounded_up():
    assert hours.host_intern_cap(0) == 3
    assert hours.host_intern_cap(19) == 3
    assert hours.host_intern_cap(20) == 3
    assert hours.host_intern_cap(21) == 4
    assert hours.host_intern_cap(100) == 15


def test_simultaneous_interns_are_counted_day_by_day():
    d = datetime.date
    ranges = [
        (d(2026, 1, 1), d(2026, 1, 31)),
        (d(2026, 2, 1), d(2026, 2, 28)),
        (d(2026, 1, 20), d(2026, 2, 10)),
    ]
    assert hours.max_simultaneous(ranges, d(2026, 1, 1), d(2026, 3, 1)) == 2
    assert hours.max_simultaneous(ranges, d(2026, 3, 1), d(2026, 3, 31)) == 0


def test_the_waiting_period_is_a_third_of_the_previous_internship():
    # 30 days of internship: 10 days of wait, the next may start on the 11th day after.
    assert hours.waiting_period_end(datetime.date(2026, 1, 1), datetime.date(2026, 1, 30)) == datetime.date(
        2026, 2, 10
    )


def test_the_school_year_runs_from_september():
    assert hours.school_year_of(datetime.date(2026, 9, 1)) == 2026
    assert hours.school_year_of(datetime.date(2026, 8, 31)) == 2025


dates = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2028, 12, 31))
weekly = st.decimals(min_value=Decimal(1), max_value=Decimal(48), places=1)


@st.composite
def schedules(draw):
    start = draw(dates)
    periods = []
    for _ in range(draw(st.integers(1, 3))):
        end = start + datetime.timedelta(days=draw(st.integers(0, 120)))
        periods.append(Period(start, end, draw(weekly)))
        start = end + datetime.timedelta(days=draw(st.integers(1, 30)))
    return Schedule(periods=tuple(periods))


@given(schedules())
def test_months_add_up_to_the_total(schedule):
    total = hours.effective_hours(schedule)
    assert abs(sum(hours.hours_by_month(schedule).values(), Decimal(0)) - total) < Decimal("0.1")


@given(schedules())
def test_hours_never_exceed_the_weekly_ceiling(schedule):
    for period in schedule.periods:
        single = Schedule(periods=(period,))
        weeks_spanned = ((period.end - period.start).days // 7) + 1
        assert hours.effective_hours(single) <= period.weekly_hours * weeks_spanned


@given(schedules(), dates, st.integers(0, 60))
def test_an_interruption_or_an_early_end_never_adds_hours(schedule, day, length):
    total = hours.effective_hours(schedule)
    until = day + datetime.timedelta(days=length)
    assert hours.effective_hours(Schedule(schedule.periods, interruptions=((day, until),))) <= total
    assert hours.effective_hours(Schedule(schedule.periods, ended_on=day)) <= total


@given(schedules(), st.integers(1, 90))
def test_an_extension_never_removes_hours(schedule, days):
    last = schedule.periods[-1]
    longer = Period(last.start, last.end + datetime.timedelta(days=days), last.weekly_hours)
    extended = Schedule((*schedule.periods[:-1], longer))
    assert hours.effective_hours(extended) >= hours.effective_hours(schedule)


@given(st.decimals(min_value=Decimal(0), max_value=Decimal(2000), places=2))
def test_gratification_and_cap_agree_with_the_thresholds(total):
    assert hours.gratification_due(total) == (total > 308)
    assert hours.within_host_year_cap(total) == (total <= 924)


@given(st.integers(0, 5000))
def test_the_host_cap_is_never_below_three_nor_above_fifteen_percent_rounded_up(headcount):
    cap = hours.host_intern_cap(headcount)
    assert cap >= 3 or headcount >= 20
    if headcount >= 20:
        assert cap * 100 >= headcount * 15 > (cap - 1) * 100
