"""The dispute log of a convention under its amicable settlement clause (CV9, seed 003 art. 7)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partenaria.conventions import dispute_services as ds
from partenaria.conventions.models import Dispute, DisputeOutcome, DisputeStep, DisputeStepKind
from partenaria.core.audit import history_for
from partenaria.organisations.models import Role
from tests.factories import ConventionFactory, OrganisationFactory, officer_of

from .factories import DisputeFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def convention():
    # Signed 20 days before 1 January of last year (tests/factories.py).
    return ConventionFactory()


@pytest.fixture
def officer(convention):
    return officer_of(convention.parties.first().organisation)


def opened(convention, officer, **fields):
    data = {
        "opened_on": (convention.signature_date or D(2020, 1, 1)) + datetime.timedelta(days=60),
        "raised_by": convention.parties.last().organisation,
        "subject": "Référents non désignés",
        "description": "Aucun référent site qualifiant n'a été désigné pour la petite enfance.",
    }
    data.update(fields)
    return ds.dispute_open(by=officer, convention=convention, **data)


def test_a_dispute_is_opened_followed_step_by_step_and_settled_amicably(convention, officer):
    dispute = opened(convention, officer)
    day = dispute.opened_on
    ds.dispute_step_add(
        by=officer,
        dispute=dispute,
        date=day + datetime.timedelta(days=7),
        kind="meeting",
        notes="Réunion des référents.",
    )
    ds.dispute_step_add(
        by=officer,
        dispute=dispute,
        date=day + datetime.timedelta(days=20),
        kind="proposal",
        notes="Liste de référents proposée.",
    )
    closed = ds.dispute_close(
        by=officer,
        dispute=dispute,
        outcome=DisputeOutcome.SETTLED,
        closed_on=day + datetime.timedelta(days=30),
        resolution="Deux référents désignés.",
    )
    assert closed.is_closed and closed.get_outcome_display() == "Réglé à l'amiable"
    assert [s.kind for s in dispute.steps.all()] == ["meeting", "proposal"]
    actions = [e.action for e in history_for(convention)]
    assert actions[:4] == [
        "convention.dispute_closed",
        "convention.dispute_step_added",
        "convention.dispute_step_added",
        "convention.dispute_opened",
    ]


def test_a_closed_dispute_is_read_only(convention, officer):
    dispute = DisputeFactory(convention=convention, settled=True)
    with pytest.raises(PermissionDenied):
        ds.dispute_step_add(by=officer, dispute=dispute, date=dispute.closed_on, kind="letter")
    with pytest.raises(PermissionDenied):
        ds.dispute_close(by=officer, dispute=dispute, outcome="withdrawn", closed_on=dispute.closed_on)
    assert not dispute.steps.exists()
    dispute.refresh_from_db()
    assert dispute.outcome == DisputeOutcome.SETTLED


def test_the_raising_organisation_must_be_a_party(convention, officer):
    stranger = OrganisationFactory(name="Association extérieure")
    with pytest.raises(ValidationError) as refused:
        opened(convention, officer, raised_by=stranger)
    assert refused.value.message_dict["raised_by"] == [
        "L'organisme qui soulève un différend doit être partie à la convention."
    ]
    assert not Dispute.objects.exists()


def test_dates_before_the_opening_or_in_the_future_are_refused_in_french(convention, officer):
    with pytest.raises(ValidationError) as before_signature:
        opened(convention, officer, opened_on=convention.signature_date - datetime.timedelta(days=1))
    assert "un différend ne peut pas être ouvert avant" in before_signature.value.message_dict["opened_on"][0]
    dispute = opened(convention, officer)
    with pytest.raises(ValidationError) as early_step:
        ds.dispute_step_add(
            by=officer, dispute=dispute, date=dispute.opened_on - datetime.timedelta(days=1), kind="letter"
        )
    assert "une étape ne peut pas le précéder" in early_step.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as early_close:
        ds.dispute_close(
            by=officer,
            dispute=dispute,
            outcome="withdrawn",
            closed_on=dispute.opened_on - datetime.timedelta(days=1),
        )
    assert "il ne peut pas être clos avant" in early_close.value.message_dict["closed_on"][0]
    with pytest.raises(ValidationError) as future:
        ds.dispute_step_add(by=officer, dispute=dispute, date=D(2200, 1, 1), kind="letter")
    assert future.value.message_dict["date"] == ["Cette date est dans le futur."]


def test_a_dispute_cannot_be_closed_before_its_last_step(convention, officer):
    dispute = opened(convention, officer)
    step_day = dispute.opened_on + datetime.timedelta(days=10)
    ds.dispute_step_add(by=officer, dispute=dispute, date=step_day, kind="mediation")
    with pytest.raises(ValidationError) as refused:
        ds.dispute_close(
            by=officer, dispute=dispute, outcome="escalated", closed_on=step_day - datetime.timedelta(days=1)
        )
    assert "La dernière étape date du" in refused.value.message_dict["closed_on"][0]
    dispute.refresh_from_db()
    assert not dispute.is_closed


def test_the_database_refuses_a_closing_before_the_opening_and_an_outcome_without_a_date(convention):
    dispute = DisputeFactory(convention=convention)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Dispute.objects.filter(pk=dispute.pk).update(
            outcome="settled", closed_on=dispute.opened_on - datetime.timedelta(days=1)
        )
    with transaction.atomic(), pytest.raises(IntegrityError):
        Dispute.objects.filter(pk=dispute.pk).update(outcome="settled", closed_on=None)


def test_a_draft_has_no_dispute_and_readers_do_not_act(convention):
    draft = ConventionFactory(partnership=convention.partnership, draft=True)
    manager = officer_of(convention.parties.first().organisation)
    with pytest.raises(ValidationError):
        opened(draft, manager)
    viewer = officer_of(convention.parties.first().organisation, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        opened(convention, viewer)


# --- pages -------------------------------------------------------------------------------------


def tab_url(convention):
    return reverse("conventions:convention_detail", args=[convention.pk]) + "?tab=disputes"


def test_managers_log_a_dispute_from_the_tab_and_errors_sit_next_to_the_fields(client, convention, officer):
    client.force_login(officer)
    page = client.get(tab_url(convention)).content.decode()
    assert "Aucun différend" in page and reverse("conventions:dispute_open", args=[convention.pk]) in page
    url = reverse("conventions:dispute_open", args=[convention.pk])
    party = convention.parties.first().organisation
    response = client.post(
        url, {"opened_on": "2200-01-01", "raised_by": party.pk, "subject": "Retards de paiement"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_opened_on-error"' in body and "Cette date est dans le futur." in body
    assert 'value="Retards de paiement"' in body  # what was typed is kept
    assert not Dispute.objects.exists()
    day = convention.signature_date + datetime.timedelta(days=5)
    response = client.post(
        url, {"opened_on": day.isoformat(), "raised_by": party.pk, "subject": "Retards de paiement"}
    )
    dispute = Dispute.objects.get()
    assert response.url == dispute.get_absolute_url()


def test_closing_before_the_opening_is_refused_next_to_the_field(client, convention, officer):
    dispute = DisputeFactory(convention=convention)
    client.force_login(officer)
    url = reverse("conventions:dispute_close", args=[convention.pk, dispute.pk])
    early = (dispute.opened_on - datetime.timedelta(days=3)).isoformat()
    body = client.post(
        url, {"outcome": "settled", "closed_on": early, "resolution": "Accord"}
    ).content.decode()
    assert 'id="id_closed_on-error"' in body and "il ne peut pas être clos avant" in body
    dispute.refresh_from_db()
    assert not dispute.is_closed


def test_a_closed_dispute_shows_no_action_and_its_forms_are_refused(client, convention, officer):
    dispute = DisputeFactory(convention=convention, settled=True)
    DisputeStep.objects.create(
        dispute=dispute, date=dispute.opened_on, kind=DisputeStepKind.MEETING, notes="Réunion"
    )
    client.force_login(officer)
    page = client.get(dispute.get_absolute_url()).content.decode()
    assert "Ce différend est clos" in page and "Réglé à l&#x27;amiable" in page
    assert reverse("conventions:dispute_step_add", args=[convention.pk, dispute.pk]) not in page
    for name in ("dispute_step_add", "dispute_close"):
        url = reverse(f"conventions:{name}", args=[convention.pk, dispute.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"date": dispute.closed_on.isoformat(), "kind": "letter"}).status_code == 403
    assert dispute.steps.count() == 1


def test_readers_read_the_disputes_but_do_not_act(client, convention):
    dispute = DisputeFactory(convention=convention)
    viewer = officer_of(convention.parties.first().organisation, role=Role.VIEWER)
    client.force_login(viewer)
    page = client.get(tab_url(convention)).content.decode()
    assert dispute.subject in page
    assert reverse("conventions:dispute_open", args=[convention.pk]) not in page
    assert client.get(dispute.get_absolute_url()).status_code == 200
    assert client.get(reverse("conventions:dispute_open", args=[convention.pk])).status_code == 403


def test_the_disputes_tab_costs_the_same_number_of_queries_with_more_disputes(client, convention, officer):
    client.force_login(officer)
    DisputeFactory(convention=convention)
    client.get(tab_url(convention))
    with CaptureQueriesContext(connection) as few:
        client.get(tab_url(convention))
    for _ in range(5):
        dispute = DisputeFactory(convention=convention)
        DisputeStep.objects.create(dispute=dispute, date=dispute.opened_on, kind="letter")
    with CaptureQueriesContext(connection) as many:
        assert "6 différends" in client.get(tab_url(convention)).content.decode()
    assert len(many) == len(few)


def test_an_open_dispute_is_corrected_but_not_opened_after_its_first_step(client, convention, officer):
    dispute = DisputeFactory(convention=convention)
    DisputeStep.objects.create(dispute=dispute, date=dispute.opened_on, kind=DisputeStepKind.LETTER)
    client.force_login(officer)
    url = reverse("conventions:dispute_edit", args=[convention.pk, dispute.pk])
    party = convention.parties.last().organisation
    later = (dispute.opened_on + datetime.timedelta(days=2)).isoformat()
    body = client.post(
        url, {"opened_on": later, "raised_by": party.pk, "subject": "Stages annulés"}
    ).content.decode()
    assert "la première étape date du" in body.lower()
    response = client.post(
        url, {"opened_on": dispute.opened_on.isoformat(), "raised_by": party.pk, "subject": "Stages annulés"}
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.subject, dispute.raised_by) == ("Stages annulés", party)
    assert history_for(convention).first().action == "convention.dispute_changed"
    ds.dispute_close(by=officer, dispute=dispute, outcome="withdrawn", closed_on=dispute.opened_on)
    assert client.get(url).status_code == 403
