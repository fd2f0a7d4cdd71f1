"""Late deliverables and conditions of contributions appear among the deadlines (RS3, FN2)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from partenaria.conventions.models import Partnership
from partenaria.deadlines import engine
from partenaria.finance.models import ConditionalContribution
from tests.research.factories import DeliverableFactory

pytestmark = pytest.mark.django_db


def _deadlines(deliverable, today):
    partnerships = Partnership.objects.filter(pk=deliverable.project.partnership_id)
    return engine.collect(partnerships, today=today, until=today + datetime.timedelta(days=365))


def _contribution(deliverable):
    parties = [p.organisation for p in deliverable.project.convention.parties.all()]
    return ConditionalContribution.objects.create(
        convention=deliverable.project.convention,
        payer=parties[0],
        beneficiary=parties[-1],
        purpose="Contribution forfaitaire",
        amount=Decimal("5000"),
        deliverable=deliverable,
        due_by=deliverable.due_date,
    )


def test_a_deliverable_past_its_date_and_its_condition_are_late():
    deliverable = DeliverableFactory()
    _contribution(deliverable)
    found = _deadlines(deliverable, deliverable.due_date + datetime.timedelta(days=2))
    kinds = {d.kind: d for d in found if d.kind in ("deliverable", "conditional_contribution")}
    assert kinds["deliverable"].is_late and kinds["conditional_contribution"].is_late


def test_a_condition_close_to_its_date_is_flagged_at_risk():
    deliverable = DeliverableFactory()
    _contribution(deliverable)
    with translation.override("fr"):
        found = _deadlines(deliverable, deliverable.due_date - datetime.timedelta(days=5))
    [condition] = [d for d in found if d.kind == "conditional_contribution"]
    assert not condition.is_late
    assert condition.reason.startswith("En risque")


def test_an_accepted_deliverable_leaves_the_deadlines_and_its_contribution_awaits_payment():
    deliverable = DeliverableFactory(accepted=True)
    _contribution(deliverable)
    found = _deadlines(deliverable, deliverable.due_date + datetime.timedelta(days=2))
    assert not [d for d in found if d.kind == "deliverable"]
    [condition] = [d for d in found if d.kind == "conditional_contribution"]
    assert not condition.is_late and condition.organisation_ids == {_contribution_payer(deliverable)}


def _contribution_payer(deliverable):
    return ConditionalContribution.objects.get(deliverable=deliverable).payer_id
