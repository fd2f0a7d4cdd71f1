"""Roll-up of the progress of actions to their axis and to the plan (AP1)."""

from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from partenaria.actionplan.progress import rollup

STATUSES = ["planned", "in_progress", "done", "abandoned"]
actions = st.lists(
    st.builds(
        SimpleNamespace, status=st.sampled_from(STATUSES), progress=st.integers(min_value=0, max_value=100)
    ),
    max_size=30,
)


def a(status, progress=0):
    return SimpleNamespace(status=status, progress=progress)


def test_the_mean_of_the_actions_rounded_half_up():
    assert rollup([a("in_progress", 50), a("planned", 0)]) == 25
    assert rollup([a("in_progress", 50), a("in_progress", 51)]) == 51  # 50.5 -> 51
    assert rollup([a("in_progress", 33), a("in_progress", 33), a("in_progress", 34)]) == 33


def test_a_done_action_counts_for_one_hundred_whatever_was_noted():
    assert rollup([a("done", 60), a("in_progress", 0)]) == 50


def test_abandoned_actions_are_left_out_and_an_empty_axis_has_no_progress():
    assert rollup([a("abandoned", 0), a("in_progress", 80)]) == 80
    assert rollup([a("abandoned", 10)]) is None
    assert rollup([]) is None


def test_the_plan_weighs_every_action_the_same_not_every_axis():
    small_axis = [a("done")]
    big_axis = [a("planned")] * 9
    assert rollup(small_axis + big_axis) == 10


@given(actions)
def test_progress_is_a_percentage_or_none_when_nothing_counts(items):
    result = rollup(items)
    counted = [i for i in items if i.status != "abandoned"]
    if not counted:
        assert result is None
    else:
        assert 0 <= result <= 100
        values = [100 if i.status == "done" else i.progress for i in counted]
        assert min(values) <= result <= max(values)


@given(actions, st.integers(min_value=0, max_value=100))
def test_adding_an_abandoned_action_changes_nothing(items, progress):
    assert rollup([*items, a("abandoned", progress)]) == rollup(items)


@given(actions.filter(lambda items: any(i.status == "in_progress" for i in items)))
def test_more_progress_on_one_action_never_lowers_the_roll_up(items):
    index = next(i for i, item in enumerate(items) if item.status == "in_progress")
    better = list(items)
    better[index] = a("in_progress", 100)
    assert rollup(better) >= rollup(items)


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=1, max_size=20))
def test_all_done_is_one_hundred(progresses):
    assert rollup([a("done", p) for p in progresses]) == 100


def test_a_target_is_reached_in_the_direction_of_its_indicator():
    from decimal import Decimal

    from partenaria.actionplan.models import target_met

    assert target_met("higher", Decimal(19), Decimal(19)) is True
    assert target_met("higher", Decimal(19), Decimal(18)) is False
    # « Étudiants sans lieu de stage fin novembre »: lower is better.
    assert target_met("lower", Decimal(10), Decimal(12)) is False
    assert target_met("lower", Decimal(10), Decimal(8)) is True
    assert target_met("higher", None, Decimal(3)) is None and target_met("lower", Decimal(3), None) is None
