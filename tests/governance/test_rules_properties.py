"""Properties of the body checks that must hold for every body, not only the examples of the seeds:
composition (GV2) and meeting rhythm (GV3). Hypothesis draws the rules, seats and meeting dates."""

import datetime
from types import SimpleNamespace as Obj

from hypothesis import given
from hypothesis import strategies as st

from partenaria.governance import rules

# --- Composition (GV2) ---------------------------------------------------------------------------


@st.composite
def rule_lines(draw):
    """Up to five rules « min..max » (no maximum allowed), numbered 1..n as their primary keys."""
    bounds = draw(
        st.lists(
            st.tuples(st.integers(0, 4), st.one_of(st.none(), st.integers(1, 6))), min_size=0, max_size=5
        )
    )
    return [
        Obj(pk=pk, min_count=low, max_count=None if high is None else max(low, high))
        for pk, (low, high) in enumerate(bounds, 1)
    ]


@st.composite
def body_seats(draw):
    """A body's rules and the rule of each titular seat: a known rule, or one outside them (None,
    or a rule of another body)."""
    body_rules = draw(rule_lines())
    known = [rule.pk for rule in body_rules]
    outside = st.sampled_from([None, 99])
    pick = st.one_of(st.sampled_from(known), outside) if known else outside
    return body_rules, draw(st.lists(pick, max_size=15))


def within(line) -> bool:
    return line.min_count <= line.count and (line.max_count is None or line.count <= line.max_count)


@given(body_seats())
def test_a_body_is_complete_iff_every_rule_is_within_its_bounds_and_no_seat_is_outside(case):
    body_rules, seats = case
    check = rules.check_composition(body_rules, seats)
    outside = [seat for seat in seats if seat not in {rule.pk for rule in body_rules}]
    assert check.is_complete == (bool(body_rules) and all(map(within, check.lines)) and not outside)
    assert check.outside_rule == outside


@given(body_seats())
def test_each_seat_is_counted_once_on_its_rule(case):
    body_rules, seats = case
    check = rules.check_composition(body_rules, seats)
    assert [line.count for line in check.lines] == [seats.count(rule.pk) for rule in body_rules]
    assert sum(line.count for line in check.lines) + len(check.outside_rule) == len(seats)


@given(body_seats())
def test_what_is_missing_plus_what_is_there_makes_the_minimum(case):
    body_rules, seats = case
    for line in rules.check_composition(body_rules, seats).lines:
        if line.count < line.min_count:
            assert line.missing + line.count == line.min_count
        else:
            assert line.missing == 0
        assert not (line.missing and line.excess)


@given(body_seats(), st.data())
def test_adding_a_seat_never_makes_more_seats_missing(case, data):
    body_rules, seats = case
    added = data.draw(st.sampled_from([rule.pk for rule in body_rules] + [None]))
    before = rules.check_composition(body_rules, seats)
    after = rules.check_composition(body_rules, [*seats, added])
    for old, new in zip(before.lines, after.lines, strict=True):
        assert new.missing <= old.missing
    assert sum(line.missing for line in after.lines) <= sum(line.missing for line in before.lines)


# --- Rhythm (GV3) --------------------------------------------------------------------------------

days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31))
per_year = st.integers(1, 12)


@given(per_year, st.lists(days, max_size=8), days, st.one_of(st.none(), days))
def test_the_next_meeting_is_never_due_before_the_last_one_held(meetings, held, today, since):
    state = rules.rhythm(meetings, held_on=held, today=today, since=since)
    if state.last_held is not None:
        assert state.next_due > state.last_held
        assert state.last_held <= today
    if state.next_due is None:
        assert state.last_held is None and since is None and not state.is_behind


@given(per_year, st.lists(days, max_size=8), days, st.one_of(st.none(), days), st.data())
def test_a_meeting_held_by_the_due_date_is_never_behind_on_that_day(meetings, held, today, since, data):
    state = rules.rhythm(meetings, held_on=held, today=today, since=since)
    if state.next_due is None:
        return
    # From the day the rhythm counts from (the last meeting held, else the body's establishment:
    # no meeting can precede it, see Meeting.clean) up to the due date itself.
    start = state.last_held or since
    meeting = data.draw(st.dates(min_value=start, max_value=state.next_due))
    after = rules.rhythm(meetings, held_on=[*held, meeting], today=state.next_due, since=since)
    assert not after.is_behind


@given(st.integers(1, 11), st.data(), st.lists(days, max_size=8), days, st.one_of(st.none(), days))
def test_more_meetings_a_year_never_give_a_later_due_date(fewer, data, held, today, since):
    more = data.draw(st.integers(fewer + 1, 12))
    slow = rules.rhythm(fewer, held_on=held, today=today, since=since)
    fast = rules.rhythm(more, held_on=held, today=today, since=since)
    if slow.next_due is None:
        assert fast.next_due is None
    else:
        assert fast.next_due <= slow.next_due
        assert slow.is_behind <= fast.is_behind


@given(st.lists(days, max_size=8), days)
def test_a_body_without_a_rhythm_has_no_due_date(held, today):
    assert rules.rhythm(None, held_on=held, today=today) is None
    assert rules.rhythm(0, held_on=held, today=today) is None
