"""The demo's teaching cooperation (PD1-PD3): Dijon's agents at the IRTESS [003 art. 2], a Haut-Rhin
adviser at the ISSM's selection [004 art. 4]."""

import pytest
from django.urls import reverse

from partenaria.accounts.models import User
from partenaria.core.models import AuditEvent
from partenaria.demo.loader import DIJON_PARTNERSHIP
from partenaria.teaching.models import Intervention, Programme

pytestmark = pytest.mark.django_db


def test_dijon_agents_intervene_at_the_irtess_each_at_its_stage_of_approval(demo):
    interventions = Intervention.objects.filter(partnership__title=DIJON_PARTNERSHIP)
    statuses = sorted(interventions.values_list("status", flat=True))
    assert statuses == sorted(
        ["confirmed", "confirmed", "refused", "planned", "planned", "requested", "approved"]
    )
    assert interventions.filter(agent__isnull=True, kind="forum").exists()  # agent still to be proposed
    refused = interventions.get(status="refused")
    assert refused.decision_note and refused.decided_by_label
    for intervention in interventions.filter(status__in=["approved", "confirmed"]):
        assert AuditEvent.objects.filter(action="teaching.approved", target_id=intervention.pk).exists()


def test_the_year_s_programme_was_sent_to_the_referents_of_the_city_s_directions(demo):
    programme = Programme.objects.get(partnership__title=DIJON_PARTNERSHIP)
    assert programme.sent_at is not None and programme.recipients_count == 2


def test_the_city_s_hr_referent_finds_what_awaits_a_decision(client, demo):
    hr = User.objects.get(email__startswith="karim.benali@")
    client.force_login(hr)
    page = client.get(reverse("teaching:index")).content.decode()
    assert "1 intervention attend votre décision" in page


def test_the_shared_resources_of_dijon_haut_rhin_and_askoria(demo):
    from partenaria.teaching.models import DocumentationAccess, JobOffer, QualificationAction, Speaker

    offers = JobOffer.objects.filter(partnership__title=DIJON_PARTNERSHIP)
    assert offers.count() == 2 and offers.filter(relayed_at__isnull=False).count() == 1
    accesses = DocumentationAccess.objects.filter(partnership__title=DIJON_PARTNERSHIP)
    assert accesses.count() == 2 and all(a.rules_version and a.rules_accepted_on for a in accesses)
    kinds = set(QualificationAction.objects.values_list("kind", flat=True))
    assert kinds == {"apprenticeship", "vae", "tutor_training"}
    assert QualificationAction.objects.get(kind="tutor_training").training_session is not None
    speaker = Speaker.objects.get()
    assert speaker.competences.count() == 3
    assert set(speaker.competences.values_list("block__diploma__code", flat=True)) == {"ASS"}
