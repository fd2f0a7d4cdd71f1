"""Business acts on the action plan and the indicators (AP1, AP2): rules, refusals, audit."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from partenaria.actionplan import services
from partenaria.actionplan.models import Action, Axis, IndicatorValue, ProgressNote
from partenaria.conventions.statuses import Status
from partenaria.core.audit import describe, history_for
from tests.factories import ArticleFactory, ConventionFactory, PersonFactory

from .factories import ActionFactory, AxisFactory, IndicatorFactory, IndicatorValueFactory

D = datetime.date


def action_data(w, **overrides):
    data = {
        "title": "Restituer les résultats aux équipes",
        "description": "",
        "owner": w.dept,
        "person_in_charge": w.dept_person,
        "status": "planned",
        "start_date": None,
        "due_date": w.convention.end_date - datetime.timedelta(days=10),
        "progress": 0,
    }
    data.update(overrides)
    return data


def refusal(exc_info) -> dict:
    return exc_info.value.message_dict


def test_an_officer_builds_the_plan_of_a_signed_convention_and_the_history_tells_it(plan_world):
    w = plan_world
    assert w.convention.status == Status.ACTIVE
    article = ArticleFactory(convention=w.convention, number="1", title="Objet de la convention")
    axis = services.axis_add(
        by=w.officer,
        convention=w.convention,
        data={"title": "Promotion des métiers du social", "description": "", "article": article},
    )
    action = services.action_add(by=w.officer, axis=axis, data=action_data(w))
    services.progress_note_add(
        by=w.officer,
        action=action,
        data={"noted_on": None, "text": "Deux restitutions tenues.", "progress": 50},
    )
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 50)
    note = action.notes.get()
    assert note.author == w.officer and note.author_label == "Claire Lemoine"
    assert note.noted_on == datetime.date.today()
    verbs = [describe(e.action) for e in history_for(w.convention)]
    assert "a ajouté un axe au plan d'action" in verbs
    assert "a enregistré l'avancement d'une action" in verbs


def test_a_done_action_counts_as_complete(plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    action = services.action_add(by=w.officer, axis=axis, data=action_data(w, status="done", progress=20))
    assert action.progress == 100


@pytest.mark.parametrize("progress", [-1, 101, 250])
def test_a_percentage_out_of_range_is_refused_next_to_the_field(plan_world, progress):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    with pytest.raises(ValidationError) as exc:
        services.action_add(by=w.officer, axis=axis, data=action_data(w, progress=progress))
    assert refusal(exc)["progress"] == ["Indiquez un pourcentage entre 0 et 100."]
    assert not Action.objects.exists()


def test_the_database_refuses_a_percentage_out_of_range_too(plan_world):
    action = ActionFactory(axis=AxisFactory(convention=plan_world.convention))
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=action.pk).update(progress=120)


def test_a_due_date_after_the_end_of_the_convention_is_refused(plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    end = w.convention.end_date
    with pytest.raises(ValidationError) as exc:
        services.action_add(
            by=w.officer, axis=axis, data=action_data(w, due_date=end + datetime.timedelta(days=1))
        )
    assert refusal(exc)["due_date"][0].startswith("Cette date tombe après la fin de la convention")
    services.action_add(by=w.officer, axis=axis, data=action_data(w, due_date=end))  # the last day is fine


def test_a_due_date_before_the_start_of_the_convention_or_before_the_start_date_is_refused(plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    start = w.convention.effective_start
    with pytest.raises(ValidationError) as exc:
        services.action_add(
            by=w.officer, axis=axis, data=action_data(w, due_date=start - datetime.timedelta(days=1))
        )
    assert refusal(exc)["due_date"][0].startswith("Cette date tombe avant le début de la convention")
    with pytest.raises(ValidationError) as exc:
        services.action_add(
            by=w.officer,
            axis=axis,
            data=action_data(
                w,
                start_date=start + datetime.timedelta(days=40),
                due_date=start + datetime.timedelta(days=10),
            ),
        )
    assert refusal(exc)["due_date"] == ["L'échéance est antérieure à la date de début."]


def test_an_owner_who_is_not_a_party_is_refused(plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    with pytest.raises(ValidationError) as exc:
        services.action_add(by=w.officer, axis=axis, data=action_data(w, owner=w.outsider))
    assert refusal(exc)["owner"] == ["Choisissez l'une des parties de la convention."]
    stranger = PersonFactory(organisation=w.outsider)
    with pytest.raises(ValidationError) as exc:
        services.action_add(by=w.officer, axis=axis, data=action_data(w, person_in_charge=stranger))
    assert "person_in_charge" in refusal(exc)


def test_an_action_moves_only_to_an_axis_of_its_convention(plan_world):
    w = plan_world
    action = ActionFactory(axis=AxisFactory(convention=w.convention))
    other = AxisFactory(convention=ConventionFactory(partnership=w.partnership))
    with pytest.raises(ValidationError) as exc:
        services.action_change(by=w.officer, action=action, data={"axis": other})
    assert "axis" in refusal(exc)


def test_readers_and_strangers_cannot_change_the_plan(plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    with pytest.raises(PermissionDenied):
        services.action_add(by=w.reader, axis=axis, data=action_data(w))
    with pytest.raises(PermissionDenied):
        services.axis_add(by=w.reader, convention=w.convention, data={"title": "Axe"})
    # Either party's managers run the plan.
    services.action_add(
        by=w.school_officer, axis=axis, data=action_data(w, owner=w.school, person_in_charge=None)
    )


def test_an_axis_with_actions_is_not_deleted_and_an_action_with_notes_is_abandoned_instead(plan_world):
    w = plan_world
    action = ActionFactory(axis=AxisFactory(convention=w.convention))
    with pytest.raises(ValidationError):
        services.axis_delete(by=w.officer, axis=action.axis)
    ProgressNote.objects.create(action=action, noted_on=datetime.date.today(), text="Fait")
    with pytest.raises(ValidationError):
        services.action_delete(by=w.officer, action=action)
    assert Action.objects.filter(pk=action.pk).exists()


def test_axes_are_ordered_and_move(plan_world):
    w = plan_world
    first, _second, third = (
        services.axis_add(by=w.officer, convention=w.convention, data={"title": t}) for t in ("A", "B", "C")
    )
    services.axis_move(by=w.officer, axis=third, direction="up")
    assert list(w.convention.axes.order_by("position").values_list("title", flat=True)) == ["A", "C", "B"]
    services.axis_move(by=w.officer, axis=first, direction="up")  # already first: nothing moves
    assert list(w.convention.axes.order_by("position").values_list("title", flat=True)) == ["A", "C", "B"]


def test_a_note_in_the_future_or_empty_is_refused_and_the_latest_note_sets_the_progress(plan_world):
    w = plan_world
    action = ActionFactory(axis=AxisFactory(convention=w.convention), progress=10)
    with pytest.raises(ValidationError) as exc:
        services.progress_note_add(
            by=w.officer,
            action=action,
            data={
                "noted_on": datetime.date.today() + datetime.timedelta(days=1),
                "text": "",
                "progress": 130,
            },
        )
    assert set(refusal(exc)) == {"noted_on", "text", "progress"}
    today = datetime.date.today()
    services.progress_note_add(
        by=w.officer, action=action, data={"noted_on": today, "text": "Récent", "progress": 60}
    )
    # An older note recorded afterwards does not take the action back in time.
    services.progress_note_add(
        by=w.officer,
        action=action,
        data={"noted_on": today - datetime.timedelta(days=20), "text": "Ancien", "progress": 30},
    )
    action.refresh_from_db()
    assert action.progress == 60


def test_a_failure_in_the_audit_leaves_no_action(plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    with (
        mock.patch("partenaria.actionplan.services.log_action", side_effect=RuntimeError("audit down")),
        pytest.raises(RuntimeError),
    ):
        services.action_add(by=w.officer, axis=axis, data=action_data(w))
    assert not Action.objects.exists()


def test_extra_fields_change_nothing(plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    other = AxisFactory()
    action = services.action_add(by=w.officer, axis=axis, data={**action_data(w), "axis": other, "pk": 999})
    assert action.axis == axis and action.pk != 999
    assert Axis.objects.get(pk=other.pk).convention != w.convention


# --- Indicators --------------------------------------------------------------------------------


def test_an_indicator_has_one_row_per_year(plan_world):
    w = plan_world
    indicator = services.indicator_add(
        by=w.officer,
        convention=w.convention,
        data={"name": "Stages longs accueillis", "unit": "stages", "direction": "higher", "description": ""},
    )
    year = w.convention.effective_start.year
    services.indicator_value_add(
        by=w.officer, indicator=indicator, data={"year": year, "target": Decimal(19), "measured": Decimal(15)}
    )
    with pytest.raises(ValidationError) as exc:
        services.indicator_value_add(
            by=w.officer, indicator=indicator, data={"year": year, "target": Decimal(20)}
        )
    assert refusal(exc)["year"] == [
        f"Cet indicateur a déjà une valeur pour {year} : modifiez plutôt cette ligne."
    ]
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


def test_the_database_refuses_a_year_twice(plan_world):
    value = IndicatorValueFactory(indicator=IndicatorFactory(convention=plan_world.convention))
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=value.indicator, year=value.year, target=1)


def test_a_year_outside_the_term_or_a_row_without_figures_is_refused(plan_world):
    w = plan_world
    indicator = IndicatorFactory(convention=w.convention)
    first, last = services.convention_years(w.convention)
    with pytest.raises(ValidationError) as exc:
        services.indicator_value_add(
            by=w.officer, indicator=indicator, data={"year": last + 1, "target": Decimal(3)}
        )
    assert refusal(exc)["year"] == [f"Indiquez une année de la durée de la convention ({first} à {last})."]
    with pytest.raises(ValidationError) as exc:
        services.indicator_value_add(by=w.officer, indicator=indicator, data={"year": first})
    assert "target" in refusal(exc)


def test_deleting_an_indicator_keeps_its_figures_in_the_history(plan_world):
    w = plan_world
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(convention=w.convention, name="Places au séminaire")
    )
    services.indicator_delete(by=w.officer, indicator=value.indicator)
    event = history_for(w.convention).get(action="actionplan.indicator_deleted")
    assert event.changes["indicator"] == "Places au séminaire"
    assert str(value.year) in event.changes["values"][0]
