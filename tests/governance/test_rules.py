"""The checks of a body, pure functions: composition (GV2), rhythm (GV3), who sat (GV4)."""

import datetime
from types import SimpleNamespace as Obj

import pytest

from partenaria.governance import rules

D = datetime.date


def rule(pk, low, high):
    return Obj(pk=pk, min_count=low, max_count=high)


# The Haut-Rhin steering committee, article 6 of seed 004 (abridged).
COUNCILLOR, BOARD, QUALIFIED = rule(1, 1, 1), rule(2, 1, 1), rule(3, 1, 4)
HAUT_RHIN = [COUNCILLOR, BOARD, QUALIFIED]


def test_a_body_composed_as_its_rule_says_is_complete():
    check = rules.check_composition(HAUT_RHIN, [1, 2, 3, 3])
    assert check.is_complete
    assert [line.count for line in check.lines] == [1, 1, 2]
    assert not check.missing and not check.in_excess


def test_a_vacant_role_is_reported_as_missing():
    check = rules.check_composition(HAUT_RHIN, [1, 3])
    assert not check.is_complete
    assert [(line.rule.pk, line.missing) for line in check.missing] == [(2, 1)]


def test_more_qualified_persons_than_the_maximum_are_in_excess():
    check = rules.check_composition(HAUT_RHIN, [1, 2, 3, 3, 3, 3, 3])
    assert [(line.rule.pk, line.excess) for line in check.in_excess] == [(3, 1)]
    assert not check.is_complete


def test_a_range_is_met_anywhere_between_its_bounds():
    for count in range(1, 5):
        assert rules.check_composition([QUALIFIED], [3] * count).is_complete
    assert rules.check_composition([QUALIFIED], []).missing[0].missing == 1


def test_a_rule_without_maximum_is_never_in_excess():
    services = rule(4, 0, None)
    check = rules.check_composition([services], [4] * 12)
    assert check.is_complete and check.lines[0].excess == 0


def test_a_titular_seat_outside_every_rule_makes_the_body_incomplete():
    check = rules.check_composition([COUNCILLOR], [1, None])
    assert check.outside_rule == [None]
    assert not check.is_complete


def test_a_body_without_rule_is_neither_complete_nor_checked():
    check = rules.check_composition([], [None])
    assert not check.has_rule and not check.is_complete


def test_an_annual_body_is_due_a_year_after_its_last_meeting():
    state = rules.rhythm(1, held_on=[D(2024, 12, 10), D(2025, 12, 9)], today=D(2026, 11, 23))
    assert state.last_held == D(2025, 12, 9)
    assert state.next_due == D(2026, 12, 9)
    assert not state.is_behind


def test_twice_a_year_a_body_not_met_since_may_is_behind_in_november():
    state = rules.rhythm(2, held_on=[D(2025, 11, 18), D(2026, 5, 12)], today=D(2026, 11, 23))
    assert state.next_due == D(2026, 11, 12)
    assert state.is_behind


def test_without_meeting_the_rhythm_counts_from_the_establishment():
    state = rules.rhythm(2, held_on=[], today=D(2026, 11, 23), since=D(2026, 1, 15))
    assert state.next_due == D(2026, 7, 15) and state.is_behind
    assert rules.rhythm(2, held_on=[], today=D(2026, 11, 23)).next_due is None


def test_a_meeting_held_on_the_due_day_is_in_time_and_future_meetings_do_not_count():
    state = rules.rhythm(1, held_on=[D(2025, 11, 23), D(2027, 1, 1)], today=D(2026, 11, 23))
    assert state.next_due == D(2026, 11, 23) and not state.is_behind


def test_no_rhythm_means_no_check():
    assert rules.rhythm(None, held_on=[D(2020, 1, 1)], today=D(2026, 1, 1)) is None


def test_a_rhythm_is_between_one_and_twelve_meetings_a_year():
    assert rules.interval_months(2) == 6 and rules.interval_months(12) == 1 and rules.interval_months(4) == 3
    with pytest.raises(ValueError):
        rules.interval_months(13)


def test_the_substitute_sits_for_the_absent_titular():
    titular, other = Obj(pk=1, person="Hélène Morvan"), Obj(pk=2, person="Sophie Le Gall")
    substitute = Obj(pk=9, person="Gaëlle Riou")
    attendance = {
        1: Obj(status="replaced", replaced_by=substitute),
        2: Obj(status="excused", replaced_by=None),
    }
    sittings = rules.who_sat([titular, other], attendance)
    assert [(s.seat.pk, s.sat) for s in sittings] == [(1, "Gaëlle Riou"), (2, None)]
    assert [s.is_filled for s in sittings] == [True, False]


def test_terms_overlap_when_they_share_a_day_open_ends_included():
    assert rules.periods_overlap(D(2021, 1, 1), D(2021, 12, 31), D(2021, 12, 31), None)
    assert not rules.periods_overlap(D(2021, 1, 1), D(2021, 6, 30), D(2021, 7, 1), None)
    assert rules.periods_overlap(None, None, D(2030, 1, 1), D(2030, 1, 2))
