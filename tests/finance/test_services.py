"""Money of a convention: forecast, commitments, payments, conditions, in kind (FN1, FN2, FN4)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from partenaria.core.models import AuditEvent
from partenaria.finance import services
from partenaria.finance.deadlines import condition_state
from partenaria.finance.models import ConditionalContribution, Payment, Subsidy
from partenaria.organisations.models import Role
from tests.factories import ConventionFactory, officer_of
from tests.research.factories import DeliverableFactory, ProjectFactory

from .factories import CommitmentFactory, SubsidyFactory

pytestmark = pytest.mark.django_db


def _parties(convention):
    return [p.organisation for p in convention.parties.all()]


@pytest.fixture
def commitment():
    return CommitmentFactory()


def test_a_yearly_forecast_is_planned_once_per_year_within_the_term():
    convention = ConventionFactory()
    dept, school = _parties(convention)
    officer = officer_of(dept)
    year = convention.start_date.year
    data = {
        "payer": dept,
        "beneficiary": school,
        "year": year,
        "forecast": Decimal("55000"),
        "purpose": "Recherche",
    }
    services.subsidy_plan(by=officer, convention=convention, data=data)
    with pytest.raises(ValidationError) as error:
        services.subsidy_plan(by=officer, convention=convention, data=data)
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.subsidy_plan(by=officer, convention=convention, data={**data, "year": year + 10})
    assert "year" in error.value.message_dict
    assert Subsidy.objects.count() == 1


def test_a_negative_forecast_is_refused_next_to_the_amount():
    convention = ConventionFactory()
    dept, school = _parties(convention)
    with pytest.raises(ValidationError) as error:
        services.subsidy_plan(
            by=officer_of(dept),
            convention=convention,
            data={
                "payer": dept,
                "beneficiary": school,
                "year": convention.start_date.year,
                "forecast": Decimal("-5"),
                "purpose": "R",
            },
        )
    assert "forecast" in error.value.message_dict
    assert not Subsidy.objects.exists()


def test_a_payment_dated_before_its_commitment_is_refused(commitment):
    convention = commitment.subsidy.convention
    officer = officer_of(commitment.subsidy.payer)
    with pytest.raises(ValidationError) as error:
        services.payment_record(
            by=officer,
            convention=convention,
            data={
                "commitment": commitment,
                "paid_on": commitment.voted_on - datetime.timedelta(days=1),
                "reference": "M-1",
                "amount": Decimal("1000"),
            },
        )
    assert "paid_on" in error.value.message_dict
    assert not Payment.objects.exists()


def test_payments_up_to_the_commitment_pass_and_the_excess_needs_a_confirmation(commitment):
    convention = commitment.subsidy.convention
    officer = officer_of(commitment.subsidy.payer)
    day = commitment.voted_on + datetime.timedelta(days=30)
    base = {"commitment": commitment, "paid_on": day}
    services.payment_record(
        by=officer, convention=convention, data={**base, "reference": "M-1", "amount": Decimal("27500.00")}
    )
    services.payment_record(
        by=officer, convention=convention, data={**base, "reference": "M-2", "amount": Decimal("27500.00")}
    )
    with pytest.raises(ValidationError) as error:
        services.payment_record(
            by=officer, convention=convention, data={**base, "reference": "M-3", "amount": Decimal("0.01")}
        )
    assert "amount" in error.value.message_dict
    payment = services.payment_record(
        by=officer,
        convention=convention,
        data={**base, "reference": "M-3", "amount": Decimal("0.01")},
        confirm_excess=True,
    )
    assert payment.excess_confirmed_by == officer
    event = AuditEvent.objects.get(action="finance.paid_beyond_commitment")
    assert event.changes["excess_confirmed"] == "0.01"


def test_only_a_manager_of_the_paying_party_may_confirm_an_excess(commitment):
    convention = commitment.subsidy.convention
    school_officer = officer_of(commitment.subsidy.beneficiary)
    with pytest.raises(ValidationError) as error:
        services.payment_record(
            by=school_officer,
            convention=convention,
            data={
                "commitment": commitment,
                "paid_on": commitment.voted_on,
                "reference": "M",
                "amount": Decimal("60000"),
            },
            confirm_excess=True,
        )
    assert "confirm_excess" in error.value.message_dict
    assert not Payment.objects.exists()


def test_an_agent_of_the_paying_party_may_not_record_money(commitment):
    from django.core.exceptions import PermissionDenied

    agent = officer_of(commitment.subsidy.payer, role=Role.AGENT)
    with pytest.raises(PermissionDenied):
        services.payment_record(
            by=agent,
            convention=commitment.subsidy.convention,
            data={
                "commitment": commitment,
                "paid_on": commitment.voted_on,
                "reference": "M",
                "amount": Decimal("1"),
            },
        )


def test_a_commitment_of_another_convention_is_refused(commitment):
    other = CommitmentFactory()
    with pytest.raises(ValidationError) as error:
        services.payment_record(
            by=officer_of(commitment.subsidy.payer),
            convention=commitment.subsidy.convention,
            data={"commitment": other, "paid_on": other.voted_on, "reference": "M", "amount": Decimal("1")},
        )
    assert "commitment" in error.value.message_dict


def _contribution(deliverable, **kwargs):
    convention = deliverable.project.convention
    dept, school = _parties(convention)
    return services.conditional_add(
        by=officer_of(dept),
        convention=convention,
        data={
            "payer": dept,
            "beneficiary": school,
            "purpose": "Synthèse de la recherche exploratoire",
            "amount": Decimal("5000.00"),
            "deliverable": kwargs.pop("condition", deliverable),
            "due_by": deliverable.due_date,
            "cost_share": Decimal("50"),
            **kwargs,
        },
    ), dept


def test_a_conditional_contribution_is_paid_only_once_the_deliverable_is_accepted():
    deliverable = DeliverableFactory(submitted=True)
    contribution, dept = _contribution(deliverable)
    payer = officer_of(dept, role=Role.ADMIN, email="admin@dept.example")
    with pytest.raises(ValidationError) as error:
        services.conditional_pay(
            by=payer,
            contribution=contribution,
            data={"paid_on": datetime.date.today(), "payment_reference": "M-9"},
        )
    assert "condition" in " ".join(error.value.messages)
    contribution.refresh_from_db()
    assert contribution.paid_on is None
    deliverable.status, deliverable.reviewed_on = "accepted", datetime.date.today()
    deliverable.save()
    contribution = services.conditional_pay(
        by=payer,
        contribution=contribution,
        data={"paid_on": datetime.date.today(), "payment_reference": "M-9"},
    )
    assert contribution.is_paid and contribution.cost_share == Decimal("50")
    with pytest.raises(ValidationError):
        services.conditional_pay(
            by=payer,
            contribution=contribution,
            data={"paid_on": datetime.date.today(), "payment_reference": "M-10"},
        )


def test_a_condition_close_to_its_date_is_at_risk_and_past_it_late():
    deliverable = DeliverableFactory()
    contribution, _dept = _contribution(deliverable)
    contribution = ConditionalContribution.objects.select_related("deliverable").get(pk=contribution.pk)
    assert condition_state(contribution, contribution.due_by - datetime.timedelta(days=60)) == "open"
    assert condition_state(contribution, contribution.due_by - datetime.timedelta(days=10)) == "at_risk"
    assert condition_state(contribution, contribution.due_by + datetime.timedelta(days=1)) == "late"


def test_a_deliverable_of_another_partnership_cannot_be_the_condition():
    deliverable = DeliverableFactory()
    other_project = ProjectFactory()
    other = DeliverableFactory(project=other_project)
    with pytest.raises(ValidationError) as error:
        _contribution(deliverable, condition=other)
    assert "deliverable" in error.value.message_dict


def test_premises_in_kind_are_valued_per_year_since_they_were_made_available():
    convention = ConventionFactory()
    dept, school = _parties(convention)
    officer = officer_of(dept)
    year = convention.start_date.year
    data = {
        "provider": dept,
        "beneficiary": school,
        "kind": "premises",
        "description": "Locaux de Mulhouse",
        "since": datetime.date(1993, 9, 1),
        "year": year,
        "value": Decimal("18000"),
    }
    services.in_kind_add(by=officer, convention=convention, data=data)
    with pytest.raises(ValidationError) as error:
        services.in_kind_add(by=officer, convention=convention, data=data)
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.in_kind_add(by=officer, convention=convention, data={**data, "year": 1990})
    assert "year" in error.value.message_dict


def test_subsidy_factory_is_the_55000_of_the_first_year():
    subsidy = SubsidyFactory()
    assert subsidy.forecast == Decimal("55000.00")
