"""The checks of a body, as pure functions (no clock, no database): composition (GV2), rhythm (GV3),
who sat at a meeting (GV4). Models and views only feed them plain values.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from partenaria.conventions import terms

# --- Composition (GV2) ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleLine:
    """How one rule of the composition is met: ``count`` titular seats for ``min``..``max``."""

    rule: Any
    count: int
    min_count: int
    max_count: int | None

    @property
    def missing(self) -> int:
        return max(0, self.min_count - self.count)

    @property
    def excess(self) -> int:
        return 0 if self.max_count is None else max(0, self.count - self.max_count)

    @property
    def is_met(self) -> bool:
        return not self.missing and not self.excess


@dataclass(frozen=True)
class CompositionCheck:
    lines: list[RuleLine]
    # Titular seats that fill no rule of the body: a seat in excess of what the rule foresees.
    outside_rule: list[Any] = field(default_factory=list)

    @property
    def has_rule(self) -> bool:
        return bool(self.lines)

    @property
    def is_complete(self) -> bool:
        return self.has_rule and all(line.is_met for line in self.lines) and not self.outside_rule

    @property
    def missing(self) -> list[RuleLine]:
        return [line for line in self.lines if line.missing]

    @property
    def in_excess(self) -> list[RuleLine]:
        return [line for line in self.lines if line.excess]


def check_composition(rules: Sequence[Any], titular_rule_ids: Iterable[Any]) -> CompositionCheck:
    """Compare a body's rules (objects with ``pk``, ``min_count``, ``max_count``) with the rule of
    each current titular seat (``None`` for a seat outside every rule).

    Substitutes do not count: they stand in for a titular, they do not fill a place of their own.
    """
    counts: dict[Any, int] = {}
    outside: list[Any] = []
    known = {rule.pk for rule in rules}
    for rule_id in titular_rule_ids:
        if rule_id in known:
            counts[rule_id] = counts.get(rule_id, 0) + 1
        else:
            outside.append(rule_id)
    lines = [
        RuleLine(rule=rule, count=counts.get(rule.pk, 0), min_count=rule.min_count, max_count=rule.max_count)
        for rule in rules
    ]
    return CompositionCheck(lines=lines, outside_rule=outside)


# --- Rhythm (GV3) --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rhythm:
    meetings_per_year: int
    last_held: datetime.date | None
    next_due: datetime.date | None
    is_behind: bool


def interval_months(meetings_per_year: int) -> int:
    """Twice a year -> every 6 months; a rhythm that does not divide the year rounds down."""
    if not 1 <= meetings_per_year <= 12:
        raise ValueError("Between 1 and 12 meetings a year.")
    return 12 // meetings_per_year


def rhythm(
    meetings_per_year: int | None,
    *,
    held_on: Iterable[datetime.date],
    today: datetime.date,
    since: datetime.date | None = None,
) -> Rhythm | None:
    """When the next meeting is due, and whether the body is behind (GV3).

    The next meeting is due one interval after the last meeting held (or after ``since``, the date
    the body was established, when none was held yet). A body is behind once that date has passed:
    a meeting only planned does not catch it up, a meeting held does.
    """
    if not meetings_per_year:
        return None
    held = [day for day in held_on if day <= today]
    last = max(held, default=None)
    start = last or since
    if start is None:
        return Rhythm(meetings_per_year, None, None, False)
    due = terms.add_months_clamped(start, interval_months(meetings_per_year))
    return Rhythm(meetings_per_year, last, due, due < today)


# --- Who sat (GV4) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sitting:
    seat: Any  # the titular seat
    status: str | None  # AttendanceStatus value, None when not recorded
    sat: Any  # the person who sat for the seat, or None

    @property
    def is_filled(self) -> bool:
        return self.sat is not None


def who_sat(titular_seats: Sequence[Any], attendance_by_seat: dict[Any, Any]) -> list[Sitting]:
    """Per titular seat, who sat: the titular when present, the paired substitute when replaced."""
    sittings = []
    for seat in titular_seats:
        attendance = attendance_by_seat.get(seat.pk)
        status = attendance.status if attendance else None
        sat = None
        if status == "present":
            sat = seat.person
        elif status == "replaced" and attendance.replaced_by is not None:
            sat = attendance.replaced_by.person
        sittings.append(Sitting(seat=seat, status=status, sat=sat))
    return sittings


def periods_overlap(
    a_start: datetime.date | None,
    a_end: datetime.date | None,
    b_start: datetime.date | None,
    b_end: datetime.date | None,
) -> bool:
    """Two terms (open ends allowed) share at least one day."""
    low = datetime.date.min
    high = datetime.date.max
    return (a_start or low) <= (b_end or high) and (b_start or low) <= (a_end or high)
