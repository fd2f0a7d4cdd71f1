"""Date arithmetic of conventions: terms, tacit renewals, notice (CV2, CV3).

This is the one place where end dates and notice deadlines are computed. Everything here is pure
(no database, no clock): callers pass ``today``. Property tests live in tests/conventions/test_terms.py.

Conventions used, checked against the source documents:
- a term of N months from a start date S ends the day before the same day-number N months later
  ("3 years from 1 January 2022" ends on 31 December 2024); when that day does not exist (31 + 1 month),
  the next period starts on the 1st of the following month, so the term ends on the month's last day;
- periods are always computed from the first start, never from the previous end, so month-end
  clamping cannot drift over successive renewals;
- with tacit renewal, each renewal lasts the same period as the initial term [004 art. 8];
  an amendment that extends the term lengthens the first period (the Askoria 2025 amendment [000]);
- the last day for a notice to be *received* is the day before the date that lies ``notice`` months
  before the end of the period (4 months before a term ending 31 December: 31 August); when that date
  does not exist we take the earlier one, so the deadline we announce is never too late;
- a registered letter must be posted a few days before it must be received: the recommended sending
  date is that many days earlier, moved back to a weekday.
"""

import calendar
import datetime
from dataclasses import dataclass, field

ONE_DAY = datetime.timedelta(days=1)


def add_months_clamped(day: datetime.date, months: int) -> datetime.date:
    """Same day-number ``months`` later (or earlier); the month's last day when it does not exist."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def next_period_start(start: datetime.date, months: int) -> datetime.date:
    """The first day after a period of ``months`` months starting on ``start``."""
    month_index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if start.day <= last:
        return datetime.date(year, month, start.day)
    return datetime.date(year, month, last) + ONE_DAY


def term_end(start: datetime.date, months: int) -> datetime.date:
    """Last day of a term of ``months`` months starting on ``start`` (inclusive)."""
    if months < 1:
        raise ValueError("A term lasts at least one month.")
    return next_period_start(start, months) - ONE_DAY


def months_for_end(start: datetime.date, end: datetime.date) -> int | None:
    """The whole number of months whose term from ``start`` ends exactly on ``end``, or None."""
    if end < start:
        return None
    months = (end.year - start.year) * 12 + (end.month - start.month)
    for candidate in (months, months + 1):
        if candidate >= 1 and term_end(start, candidate) == end:
            return candidate
    return None


def notice_deadline(period_end: datetime.date, notice_months: int) -> datetime.date:
    """Last day for a notice to be received so that the period ends at ``period_end``."""
    if notice_months <= 0:
        return period_end
    return add_months_clamped(period_end + ONE_DAY, -notice_months) - ONE_DAY


def recommended_sending_date(deadline: datetime.date, postal_days: int) -> datetime.date:
    """When to post a registered letter so that it is received by ``deadline`` (weekday)."""
    day = deadline - datetime.timedelta(days=postal_days)
    while day.weekday() >= 5:
        day -= ONE_DAY
    return day


@dataclass(frozen=True)
class Period:
    index: int  # 0 is the initial term, 1 the first renewal...
    start: datetime.date
    end: datetime.date

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class TermRules:
    """What a convention says about its duration."""

    start: datetime.date
    term_months: int
    extension_months: int = 0
    tacit_renewal: bool = False
    max_renewals: int | None = None  # None: renewed until denounced
    notice_months: int = 0
    # End of the period after which a denunciation stops the convention.
    stops_at: datetime.date | None = None


@dataclass(frozen=True)
class Schedule:
    rules: TermRules
    today: datetime.date
    current: Period
    has_started: bool
    has_ended: bool
    final_end: datetime.date | None  # None: renewed indefinitely
    next_renewal: datetime.date | None  # start of the next period, when it will renew tacitly
    notice_deadline: datetime.date | None  # last day to receive a notice against that renewal
    renewals_so_far: int = field(default=0)

    @property
    def end_of_current_term(self) -> datetime.date:
        return self.current.end


def period(rules: TermRules, index: int) -> Period:
    first_months = rules.term_months + rules.extension_months
    if index == 0:
        return Period(0, rules.start, term_end(rules.start, first_months))
    start = next_period_start(rules.start, first_months + (index - 1) * rules.term_months)
    end = next_period_start(rules.start, first_months + index * rules.term_months) - ONE_DAY
    return Period(index, start, end)


def last_period_index(rules: TermRules) -> int | None:
    """Index of the last period, or None when the convention renews without limit."""
    if not rules.tacit_renewal:
        return 0
    limit = rules.max_renewals
    if rules.stops_at is not None:
        index = index_at(rules, rules.stops_at)
        limit = index if limit is None else min(limit, index)
    return limit


def index_at(rules: TermRules, day: datetime.date) -> int:
    """Index of the (possibly hypothetical) period containing ``day``; 0 before the start."""
    first = period(rules, 0)
    if day <= first.end:
        return 0
    months_after = (day.year - first.end.year) * 12 + (day.month - first.end.month)
    index = max(1, months_after // rules.term_months)
    while period(rules, index).end < day:
        index += 1
    while index > 1 and period(rules, index - 1).end >= day:
        index -= 1
    return index


def schedule(rules: TermRules, today: datetime.date) -> Schedule:
    """Where a convention stands on ``today``: its current term, next renewal and notice deadline."""
    last = last_period_index(rules)
    index = index_at(rules, today) if rules.tacit_renewal else 0
    if last is not None:
        index = min(index, last)
    current = period(rules, index)
    final_end = period(rules, last).end if last is not None else None
    renews = rules.tacit_renewal and (last is None or index < last)
    return Schedule(
        rules=rules,
        today=today,
        current=current,
        has_started=today >= rules.start,
        has_ended=final_end is not None and today > final_end,
        final_end=final_end,
        next_renewal=current.end + ONE_DAY if renews else None,
        notice_deadline=notice_deadline(current.end, rules.notice_months) if renews else None,
        renewals_so_far=index if today >= rules.start else 0,
    )


def denunciation_effect(
    rules: TermRules, received_on: datetime.date
) -> tuple[datetime.date | None, datetime.date | None]:
    """When a notice received on ``received_on`` stops the convention.

    Returns (takes_effect_on, too_late_for). With tacit renewal, a notice received by the deadline
    of the period it falls in ends the convention at the end of that period; received later, it is
    too late for that period (second value) and can only stop the next one (first value). In the
    last period allowed (``max_renewals`` reached), the convention ends at its final end anyway.
    Without tacit renewal, the notice takes effect ``notice_months`` after receipt, and at the latest
    at the end of the term.
    """
    if not rules.tacit_renewal:
        end = period(rules, 0).end
        effect = add_months_clamped(received_on, rules.notice_months) if rules.notice_months else received_on
        return min(effect, end), None
    index = index_at(rules, max(received_on, rules.start))
    last = last_period_index(rules)
    if last is not None and index >= last:
        # No renewal is left to prevent: whenever it is received, the convention ends at its final end.
        return period(rules, last).end, None
    current = period(rules, index)
    if received_on <= notice_deadline(current.end, rules.notice_months):
        return current.end, None
    following = period(rules, index + 1)
    return following.end, current.end
