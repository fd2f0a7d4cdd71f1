"""Property tests of the date arithmetic of conventions (CV2, CV3; trust 30).

Each property is a sentence a legal officer would agree with; hypothesis looks for a date that breaks it.
"""

import calendar
import datetime

from hypothesis import assume, example, given
from hypothesis import strategies as st

from partenaria.conventions import terms

D = datetime.date
ONE_DAY = datetime.timedelta(days=1)

starts = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))
month_counts = st.integers(min_value=1, max_value=120)
notice_counts = st.integers(min_value=1, max_value=11)
renewal_indexes = st.integers(min_value=0, max_value=30)


def is_last_day_of_month(day: datetime.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


# --- End of term ---------------------------------------------------------------------------------


def test_three_years_from_1_january_2022_end_on_31_december_2024():
    assert terms.term_end(D(2022, 1, 1), 36) == D(2024, 12, 31)
    assert terms.next_period_start(D(2022, 1, 1), 36) == D(2025, 1, 1)


def test_five_year_host_site_convention_from_a_mid_month_signature():
    assert terms.term_end(D(2023, 9, 15), 60) == D(2028, 9, 14)


@given(start=starts, months=month_counts)
def test_the_term_ends_after_it_starts_and_the_next_period_starts_the_day_after(start, months):
    end = terms.term_end(start, months)
    assert end >= start
    assert terms.next_period_start(start, months) == end + ONE_DAY


@given(start=starts, months=month_counts)
def test_a_longer_term_always_ends_later(start, months):
    assert terms.term_end(start, months + 1) > terms.term_end(start, months)


@given(start=starts, months=month_counts)
def test_a_term_lasts_about_the_announced_number_of_months(start, months):
    days = (terms.term_end(start, months) - start).days + 1
    assert 28 * months <= days <= 31 * months + 3


@given(start=starts, months=month_counts)
def test_a_term_starting_on_the_first_ends_on_a_month_end(start, months):
    first = start.replace(day=1)
    assert is_last_day_of_month(terms.term_end(first, months))


# --- Month ends and leap years -------------------------------------------------------------------


def test_31_january_plus_one_month_ends_on_the_last_day_of_february():
    assert terms.add_months_clamped(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert terms.add_months_clamped(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert terms.term_end(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert terms.next_period_start(D(2023, 1, 31), 1) == D(2023, 3, 1)


@given(start=starts, months=st.integers(min_value=-240, max_value=240))
def test_adding_months_keeps_the_day_or_clamps_to_the_month_end(start, months):
    moved = terms.add_months_clamped(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == start.day or (moved.day < start.day and is_last_day_of_month(moved))


def test_a_term_starting_on_29_february_ends_on_28_february_and_renews_on_1_march():
    rules = terms.TermRules(start=D(2024, 2, 29), term_months=12, tacit_renewal=True)
    assert terms.period(rules, 0) == terms.Period(0, D(2024, 2, 29), D(2025, 2, 28))
    assert terms.period(rules, 1) == terms.Period(1, D(2025, 3, 1), D(2026, 2, 28))
    # Four years later February has 29 days again: the period starts on the original day.
    assert terms.period(rules, 4).start == D(2028, 2, 29)


@given(year=st.integers(min_value=1990, max_value=2090).filter(calendar.isleap), months=month_counts)
def test_leap_day_starts_give_contiguous_terms(year, months):
    start = D(year, 2, 29)
    end = terms.term_end(start, months)
    assert end >= start
    assert terms.next_period_start(start, months) == end + ONE_DAY


# --- Successive tacit renewals -------------------------------------------------------------------


@given(start=starts, months=month_counts, extension=st.integers(0, 24), index=renewal_indexes)
def test_successive_renewals_are_contiguous(start, months, extension, index):
    rules = terms.TermRules(start=start, term_months=months, extension_months=extension, tacit_renewal=True)
    current, following = terms.period(rules, index), terms.period(rules, index + 1)
    assert current.start <= current.end
    assert following.start == current.end + ONE_DAY
    assert following.index == index + 1


@given(start=starts, months=month_counts, index=renewal_indexes)
@example(start=D(2023, 1, 31), months=1, index=13)
@example(start=D(2024, 2, 29), months=12, index=7)
def test_renewals_do_not_drift(start, months, index):
    """Period n computed from the start equals n renewals chained one after the other.

    Chaining means: each renewal starts the day after the previous period and the n-th one ends
    where a single term of (n + 1) periods would end, so month-end clamping never accumulates.
    """
    rules = terms.TermRules(start=start, term_months=months, tacit_renewal=True)
    chained = terms.period(rules, 0)
    for k in range(1, index + 1):
        following = terms.period(rules, k)
        assert following.start == chained.end + ONE_DAY
        chained = following
    assert terms.period(rules, index) == chained
    assert chained.end == terms.term_end(start, months * (index + 1))


@given(start=starts, months=month_counts, index=renewal_indexes)
def test_a_renewal_ends_on_the_same_day_of_month_as_the_initial_term_when_possible(start, months, index):
    assume(start.day <= 28)
    rules = terms.TermRules(start=start, term_months=months, tacit_renewal=True)
    assert (terms.period(rules, index).end + ONE_DAY).day == start.day


@given(start=starts, months=month_counts, index=renewal_indexes, offset=st.integers(0, 40))
def test_the_schedule_finds_the_period_containing_today(start, months, index, offset):
    rules = terms.TermRules(start=start, term_months=months, tacit_renewal=True, notice_months=0)
    target = terms.period(rules, index)
    today = min(target.start + datetime.timedelta(days=offset), target.end)
    schedule = terms.schedule(rules, today)
    assert schedule.current == target
    assert schedule.next_renewal == target.end + ONE_DAY
    assert schedule.final_end is None


@given(start=starts, months=month_counts, max_renewals=st.integers(0, 5), offset=st.integers(0, 4000))
def test_a_limited_number_of_renewals_gives_a_final_end(start, months, max_renewals, offset):
    rules = terms.TermRules(start=start, term_months=months, tacit_renewal=True, max_renewals=max_renewals)
    schedule = terms.schedule(rules, start + datetime.timedelta(days=offset))
    assert schedule.final_end == terms.term_end(start, months * (max_renewals + 1))
    assert schedule.current.end <= schedule.final_end
    if schedule.current.end == schedule.final_end:
        assert schedule.next_renewal is None and schedule.notice_deadline is None


def test_without_tacit_renewal_the_convention_simply_expires():
    rules = terms.TermRules(start=D(2022, 1, 1), term_months=36, notice_months=4)
    schedule = terms.schedule(rules, D(2023, 5, 1))
    assert schedule.final_end == D(2024, 12, 31)
    assert schedule.next_renewal is None
    assert schedule.notice_deadline is None
    assert terms.schedule(rules, D(2025, 1, 1)).has_ended


# --- Notice --------------------------------------------------------------------------------------


@given(start=starts, months=st.integers(2, 120), notice=notice_counts, index=renewal_indexes)
def test_the_notice_deadline_is_strictly_before_the_end_of_the_period(start, months, notice, index):
    assume(notice < months)
    rules = terms.TermRules(start=start, term_months=months, tacit_renewal=True, notice_months=notice)
    current = terms.period(rules, index)
    deadline = terms.notice_deadline(current.end, notice)
    assert deadline < current.end
    # The notice period is respected: at least ``notice`` whole months lie between receipt and the end.
    assert terms.add_months_clamped(deadline + ONE_DAY, notice) <= current.end + ONE_DAY


@given(start=starts, months=st.integers(2, 120), notice=notice_counts, index=renewal_indexes)
@example(start=D(2022, 1, 1), months=36, notice=4, index=0)
@example(start=D(2024, 2, 29), months=12, notice=1, index=3)
def test_a_notice_received_on_the_deadline_is_in_time_and_the_day_after_is_late(start, months, notice, index):
    assume(notice < months)
    rules = terms.TermRules(start=start, term_months=months, tacit_renewal=True, notice_months=notice)
    current = terms.period(rules, index)
    deadline = terms.notice_deadline(current.end, notice)
    assume(deadline >= current.start)
    assert terms.denunciation_effect(rules, deadline) == (current.end, None)
    assert terms.denunciation_effect(rules, deadline + ONE_DAY) == (
        terms.period(rules, index + 1).end,
        current.end,
    )


def test_haut_rhin_notice_deadline_and_effect():
    rules = terms.TermRules(start=D(2022, 1, 1), term_months=36, tacit_renewal=True, notice_months=4)
    assert terms.denunciation_effect(rules, D(2024, 8, 31)) == (D(2024, 12, 31), None)
    assert terms.denunciation_effect(rules, D(2024, 9, 1)) == (D(2027, 12, 31), D(2024, 12, 31))


@given(start=starts, months=st.integers(2, 60), notice=notice_counts, max_renewals=st.integers(0, 3))
def test_a_late_notice_in_the_last_allowed_period_changes_nothing(start, months, notice, max_renewals):
    """No renewal is left to prevent: the convention ends at its final end anyway."""
    assume(notice < months)
    rules = terms.TermRules(
        start=start, term_months=months, tacit_renewal=True, notice_months=notice, max_renewals=max_renewals
    )
    last = terms.period(rules, max_renewals)
    late = terms.notice_deadline(last.end, notice) + ONE_DAY
    assume(late >= last.start)
    takes_effect_on, too_late_for = terms.denunciation_effect(rules, late)
    assert takes_effect_on == last.end
    assert too_late_for is None


@given(start=starts, months=month_counts, received=st.integers(0, 4000), notice=st.integers(0, 11))
def test_without_renewal_a_notice_never_takes_effect_after_the_term(start, months, received, notice):
    rules = terms.TermRules(start=start, term_months=months, notice_months=notice)
    takes_effect_on, too_late_for = terms.denunciation_effect(
        rules, start + datetime.timedelta(days=received)
    )
    assert takes_effect_on <= terms.term_end(start, months)
    assert too_late_for is None


@given(deadline=st.dates(min_value=D(1990, 1, 10), max_value=D(2090, 12, 31)), postal=st.integers(0, 30))
def test_the_recommended_sending_date_is_a_weekday_on_or_before_the_deadline(deadline, postal):
    send_by = terms.recommended_sending_date(deadline, postal)
    assert send_by.weekday() < 5
    assert send_by <= deadline
    assert send_by <= deadline - datetime.timedelta(days=postal)
    # Never more than a weekend earlier than needed.
    assert (deadline - datetime.timedelta(days=postal) - send_by).days <= 2


def test_a_deadline_on_a_saturday_moves_the_sending_date_to_the_friday():
    # 31 August 2024 is a Saturday; 7 days earlier is Saturday 24 August: post on Friday 23.
    assert terms.recommended_sending_date(D(2024, 8, 31), 7) == D(2024, 8, 23)


# --- months_for_end ------------------------------------------------------------------------------


@given(start=starts, months=month_counts)
def test_months_for_end_round_trip(start, months):
    assert terms.months_for_end(start, terms.term_end(start, months)) == months


@given(start=starts, days=st.integers(0, 4000))
def test_months_for_end_answers_only_exact_terms(start, days):
    end = start + datetime.timedelta(days=days)
    months = terms.months_for_end(start, end)
    if months is not None:
        assert terms.term_end(start, months) == end


def test_months_for_end_refuses_an_end_before_the_start():
    assert terms.months_for_end(D(2024, 1, 1), D(2023, 12, 31)) is None
