"""Interventions of the authority's agents at the school and their HR approval (PD1, PD3, [003 art. 2])."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from partenaria.core.models import AuditEvent
from partenaria.teaching import services
from partenaria.teaching.models import Intervention, InterventionKind, InterventionStatus
from tests.factories import OrganisationFactory, PersonFactory

from .factories import InterventionFactory, dijon_world, next_school_year_day

pytestmark = pytest.mark.django_db


def plan(w, **data):
    values = {
        "school": w.school,
        "agent": w.agent,
        "kind": InterventionKind.JURY,
        "theme": "Jury de certification du DEASS",
        "starts_on": next_school_year_day(6, 10),
        "hours": Decimal("7"),
        "is_paid": False,
    }
    values.update(data)
    return services.intervention_plan(by=w.school_officer, partnership=w.partnership, data=values)


def test_an_unpaid_intervention_is_approved_by_the_head_of_service_then_confirmed(
    mailoutbox, django_capture_on_commit_callbacks
):
    w = dijon_world()
    intervention = plan(w)
    assert intervention.status == InterventionStatus.PLANNED
    assert intervention.school_year == intervention.starts_on.year - 1  # June belongs to the year before
    assert "responsable de service" in intervention.get_approval_route_display()

    with django_capture_on_commit_callbacks(execute=True):
        services.intervention_request_approval(by=w.school_officer, intervention=intervention)
    assert len(mailoutbox) == 1
    assert set(mailoutbox[0].to) == {w.hr.email, w.city_officer.email}
    assert "Léa Morel" in mailoutbox[0].subject

    with django_capture_on_commit_callbacks(execute=True):
        services.intervention_decide(
            by=w.hr, intervention=intervention, approve=True, note="Accord du chef de service"
        )
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.APPROVED
    assert intervention.decided_by == w.hr and intervention.decided_at is not None
    assert intervention.decision_note == "Accord du chef de service"
    assert {w.school_officer.email, w.agent.email} <= set(mailoutbox[-1].to)

    services.intervention_confirm(by=w.school_officer, intervention=intervention)
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.CONFIRMED
    actions = list(
        AuditEvent.objects.filter(target_id=intervention.pk, action__startswith="teaching.")
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "teaching.intervention_planned",
        "teaching.approval_requested",
        "teaching.approved",
        "teaching.intervention_confirmed",
    ]


def test_a_paid_intervention_needs_a_leave_request_to_the_employer():
    w = dijon_world()
    intervention = plan(w, is_paid=True, kind=InterventionKind.TEACHING)
    assert intervention.approval_route == "leave"
    assert "congé" in intervention.get_approval_route_display()


def test_an_intervention_cannot_be_confirmed_before_the_employer_approves_it():
    w = dijon_world()
    intervention = plan(w)
    with pytest.raises(ValidationError, match="accord"):
        services.intervention_confirm(by=w.school_officer, intervention=intervention)
    services.intervention_request_approval(by=w.school_officer, intervention=intervention)
    with pytest.raises(ValidationError):
        services.intervention_confirm(by=w.school_officer, intervention=intervention)
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.REQUESTED


def test_the_database_refuses_a_confirmation_without_an_approving_decision():
    intervention = InterventionFactory(requested=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Intervention.objects.filter(pk=intervention.pk).update(status=InterventionStatus.CONFIRMED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Intervention.objects.filter(pk=intervention.pk).update(status=InterventionStatus.APPROVED)


def test_a_refusal_gives_its_reason_and_a_refused_intervention_is_never_confirmed():
    w = dijon_world()
    intervention = plan(w)
    services.intervention_request_approval(by=w.school_officer, intervention=intervention)
    with pytest.raises(ValidationError) as refused:
        services.intervention_decide(by=w.hr, intervention=intervention, approve=False, note="  ")
    assert "note" in refused.value.message_dict
    services.intervention_decide(
        by=w.hr, intervention=intervention, approve=False, note="Service en sous-effectif"
    )
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.REFUSED
    assert intervention.decision == "refused"
    with pytest.raises(ValidationError):
        services.intervention_confirm(by=w.school_officer, intervention=intervention)


def test_the_school_plans_and_the_employer_decides_not_the_other_way_round():
    w = dijon_world()
    with pytest.raises(PermissionDenied):
        services.intervention_plan(
            by=w.hr,
            partnership=w.partnership,
            data={"school": w.school, "agent": w.agent, "kind": "teaching", "theme": "x", "hours": 2},
        )
    intervention = plan(w)
    services.intervention_request_approval(by=w.school_officer, intervention=intervention)
    with pytest.raises(PermissionDenied):
        services.intervention_decide(by=w.school_officer, intervention=intervention, approve=True)
    with pytest.raises(PermissionDenied):
        services.intervention_decide(by=w.agent_user, intervention=intervention, approve=True)
    with pytest.raises(PermissionDenied):
        services.intervention_confirm(by=w.hr, intervention=intervention)


def test_the_agent_works_for_the_authority_and_the_dates_are_in_order():
    w = dijon_world()
    outsider = PersonFactory(organisation=OrganisationFactory(departement=True))
    school_teacher = PersonFactory(organisation=w.school)
    for agent in (outsider, school_teacher):
        with pytest.raises(ValidationError) as error:
            plan(w, agent=agent)
        assert "agent" in error.value.message_dict
    day = next_school_year_day()
    with pytest.raises(ValidationError) as error:
        plan(w, starts_on=day, ends_on=day - datetime.timedelta(days=1))
    assert "ends_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        plan(w, hours=Decimal("0"))
    assert "hours" in error.value.message_dict
    assert not Intervention.objects.exists()


def test_a_theme_proposed_without_agent_needs_one_before_the_approval_is_asked():
    w = dijon_world()
    intervention = plan(w, agent=None, kind=InterventionKind.FORUM, theme="Forum des métiers du social")
    with pytest.raises(ValidationError, match="agent"):
        services.intervention_request_approval(by=w.school_officer, intervention=intervention)
    services.intervention_update(by=w.school_officer, intervention=intervention, data={"agent": w.agent})
    services.intervention_request_approval(by=w.school_officer, intervention=intervention)
    assert Intervention.objects.get(pk=intervention.pk).status == InterventionStatus.REQUESTED


def test_once_the_approval_is_asked_the_intervention_is_no_longer_changed_but_may_be_cancelled():
    w = dijon_world()
    intervention = plan(w)
    services.intervention_request_approval(by=w.school_officer, intervention=intervention)
    with pytest.raises(ValidationError):
        services.intervention_update(
            by=w.school_officer, intervention=intervention, data={"hours": Decimal("9")}
        )
    with pytest.raises(ValidationError) as error:
        services.intervention_cancel(by=w.school_officer, intervention=intervention, reason="")
    assert "reason" in error.value.message_dict
    services.intervention_cancel(by=w.school_officer, intervention=intervention, reason="Jury reporté")
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.CANCELLED
    assert intervention.hours == Decimal("7")
