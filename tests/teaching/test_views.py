"""The « Coopération pédagogique » pages: the school plans and asks, the employer decides (PD1-PD3)."""

import pytest
from django.urls import reverse

from partenaria.teaching.models import Intervention, InterventionStatus

from .factories import InterventionFactory, dijon_world, next_school_year_day

pytestmark = pytest.mark.django_db


def test_the_school_plans_an_intervention_from_the_page_and_finds_it_in_the_list(client):
    w = dijon_world()
    client.force_login(w.school_officer)
    index = client.get(reverse("teaching:index"))
    assert "Coopération pédagogique" in index.content.decode()
    url = reverse("teaching:intervention_create", args=[w.partnership.pk])
    day = next_school_year_day()
    response = client.post(
        url,
        {
            "school": w.school.pk,
            "agent": w.agent.pk,
            "kind": "teaching",
            "theme": "L'évaluation en protection de l'enfance",
            "starts_on": day.isoformat(),
            "hours": "3,5",
            "is_paid": "on",
        },
    )
    intervention = Intervention.objects.get()
    assert response.status_code == 302 and response.url == intervention.get_absolute_url()
    listing = client.get(reverse("teaching:index"), {"year": intervention.school_year}).content.decode()
    assert "L&#x27;évaluation en protection de l&#x27;enfance" in listing
    detail = client.get(intervention.get_absolute_url()).content.decode()
    assert "Pose d&#x27;un congé auprès de l&#x27;employeur" in detail


def test_a_wrong_date_order_is_refused_next_to_its_field_and_what_was_typed_is_kept(client):
    w = dijon_world()
    client.force_login(w.school_officer)
    day = next_school_year_day()
    response = client.post(
        reverse("teaching:intervention_create", args=[w.partnership.pk]),
        {
            "school": w.school.pk,
            "kind": "jury",
            "theme": "Jury DEES",
            "starts_on": day.isoformat(),
            "ends_on": day.replace(day=1).isoformat(),
            "hours": "7",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Le dernier jour ne peut précéder le premier" in page
    assert 'value="Jury DEES"' in page
    assert not Intervention.objects.exists()


def test_the_employer_sees_what_awaits_its_decision_and_a_refusal_needs_its_reason(client):
    w = dijon_world()
    intervention = InterventionFactory(partnership=w.partnership, agent=w.agent, requested=True)
    client.force_login(w.hr)
    index = client.get(reverse("teaching:index")).content.decode()
    assert "1 intervention attend votre décision" in index
    url = reverse("teaching:intervention_decide", args=[intervention.pk])
    response = client.post(url, {"decision": "refuse", "note": ""})
    assert response.status_code == 200
    assert "Indiquez le motif du refus" in response.content.decode()
    response = client.post(url, {"decision": "approve", "note": "Accord du responsable de service"})
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.APPROVED
    assert intervention.decided_by == w.hr


def test_the_school_cannot_decide_and_cannot_confirm_before_the_approval(client):
    w = dijon_world()
    intervention = InterventionFactory(partnership=w.partnership, agent=w.agent, requested=True)
    client.force_login(w.school_officer)
    assert client.get(reverse("teaching:intervention_decide", args=[intervention.pk])).status_code == 403
    response = client.post(reverse("teaching:intervention_confirm", args=[intervention.pk]), follow=True)
    assert "n&#x27;est confirmée qu&#x27;après l&#x27;accord de l&#x27;employeur" in response.content.decode()
    intervention.refresh_from_db()
    assert intervention.status == InterventionStatus.REQUESTED


def test_the_navigation_leads_to_the_teaching_cooperation(client):
    w = dijon_world()
    client.force_login(w.agent_user)
    page = client.get(reverse("dashboard:home")).content.decode()
    assert reverse("teaching:index") in page
