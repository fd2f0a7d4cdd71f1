"""Job offers relayed to new graduates (PD5), the documentation centre (PD6), access to
qualifications (PD7) and the occasional speakers' charter (PD4)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from partenaria.internships.models import CompetenceBlock, TrainingSession
from partenaria.teaching import services
from partenaria.teaching.models import DocumentationAccess, JobOffer, QualificationAction, Speaker
from tests.factories import OrganisationFactory
from tests.internships.factories import diploma

from .factories import dijon_world

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 23)


def test_the_city_hands_a_job_offer_and_the_school_relays_it_to_its_new_graduates(client):
    w = dijon_world()
    offer = services.job_offer_publish(
        by=w.hr,
        partnership=w.partnership,
        data={"employer": w.city, "title": "Assistant de service social (H/F)", "diplomas": "DEASS"},
    )
    with pytest.raises(PermissionDenied):
        services.job_offer_relay(by=w.hr, offer=offer, data={"relay_channel": "newsletter"})
    with pytest.raises(ValidationError) as error:
        services.job_offer_relay(by=w.school_officer, offer=offer, data={"relay_channel": ""})
    assert "relay_channel" in error.value.message_dict
    services.job_offer_relay(
        by=w.school_officer,
        offer=offer,
        data={"relay_channel": "graduates_list", "relay_audience": "Diplômés DEASS 2026"},
    )
    offer.refresh_from_db()
    assert offer.relayed_at is not None and offer.relayed_by == w.school_officer
    client.force_login(w.school_officer)
    page = client.get(reverse("teaching:job_offers")).content.decode()
    assert "Assistant de service social (H/F)" in page and "Diplômés DEASS 2026" in page


def test_the_school_cannot_publish_the_city_s_offers_nor_the_city_another_employer_s():
    w = dijon_world()
    with pytest.raises(PermissionDenied):
        services.job_offer_publish(by=w.school_officer, partnership=w.partnership, data={"employer": w.city})
    with pytest.raises(ValidationError) as error:
        services.job_offer_publish(
            by=w.hr, partnership=w.partnership, data={"employer": w.school, "title": "x"}
        )
    assert "employer" in error.value.message_dict
    assert not JobOffer.objects.exists()


def test_an_agent_is_registered_at_the_documentation_centre_once_the_rules_accepted():
    w = dijon_world()
    data = {
        "school": w.school,
        "agent": w.agent,
        "registered_on": TODAY,
        "rules_version": "Règlement du Cerdim 2024",
        "rules_accepted_on": TODAY - datetime.timedelta(days=2),
    }
    with pytest.raises(ValidationError) as error:
        services.documentation_register(
            by=w.hr, partnership=w.partnership, data={**data, "rules_version": ""}
        )
    assert "rules_version" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.documentation_register(
            by=w.hr,
            partnership=w.partnership,
            data={**data, "rules_accepted_on": TODAY + datetime.timedelta(days=1)},
        )
    assert "rules_accepted_on" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.documentation_register(by=w.school_officer, partnership=w.partnership, data=data)
    access = services.documentation_register(by=w.hr, partnership=w.partnership, data=data)
    with pytest.raises(ValidationError) as error:
        services.documentation_register(by=w.hr, partnership=w.partnership, data=data)
    assert "agent" in error.value.message_dict
    services.documentation_withdraw(by=w.hr, access=access, on=TODAY)
    services.documentation_register(by=w.hr, partnership=w.partnership, data=data)  # registered again
    assert DocumentationAccess.objects.active().count() == 1


def test_the_database_holds_one_open_registration_per_agent_and_centre():
    w = dijon_world()
    fields = {
        "partnership": w.partnership,
        "school": w.school,
        "agent": w.agent,
        "registered_on": TODAY,
        "rules_version": "2024",
        "rules_accepted_on": TODAY,
    }
    DocumentationAccess.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentationAccess.objects.create(**fields)


def test_a_tutor_training_is_the_internships_session_and_its_attendees_are_read_from_it(client):
    w = dijon_world()
    session = TrainingSession.objects.create(
        organiser=w.city, held_on=TODAY, place="Dijon", topic="Être référent de site qualifiant", capacity=20
    )
    action = services.qualification_action_create(
        by=w.city_officer,
        partnership=w.partnership,
        data={"kind": "tutor_training", "title": "Formation des référents 2026", "training_session": session},
    )
    with pytest.raises(ValidationError) as error:
        services.qualification_action_create(
            by=w.city_officer,
            partnership=w.partnership,
            data={"kind": "vae", "title": "VAE DEASS", "training_session": session},
        )
    assert "training_session" in error.value.message_dict
    foreign = TrainingSession.objects.create(
        organiser=OrganisationFactory(), held_on=TODAY, place="Ailleurs", topic="Autre", capacity=5
    )
    with pytest.raises(ValidationError):
        services.qualification_action_create(
            by=w.city_officer,
            partnership=w.partnership,
            data={"kind": "tutor_training", "title": "x", "training_session": foreign},
        )
    services.qualification_action_set_status(by=w.school_officer, action=action, status="done")
    with pytest.raises(PermissionDenied):
        services.qualification_action_set_status(by=w.agent_user, action=action, status="cancelled")
    assert QualificationAction.objects.get().status == "done"
    client.force_login(w.school_officer)
    page = client.get(reverse("teaching:qualifications")).content.decode()
    assert "Être référent de site qualifiant" in page


def test_a_speaker_s_competences_are_analysed_against_the_diploma_blocks(client):
    w = dijon_world()
    speaker = services.speaker_register(
        by=w.school_officer,
        partnership=w.partnership,
        data={
            "school": w.school,
            "agent": w.agent,
            "charter_version": "Charte 2025",
            "charter_signed_on": TODAY,
        },
    )
    with pytest.raises(ValidationError):
        services.speaker_register(
            by=w.school_officer,
            partnership=w.partnership,
            data={
                "school": w.school,
                "agent": w.agent,
                "charter_version": "Charte 2025",
                "charter_signed_on": TODAY,
            },
        )
    block = CompetenceBlock.objects.filter(diploma=diploma("ASS")).order_by("code").first()
    services.speaker_assess(by=w.school_officer, speaker=speaker, block=block, level="contributes", on=TODAY)
    services.speaker_assess(by=w.school_officer, speaker=speaker, block=block, level="referent", on=TODAY)
    assert speaker.competences.get().level == "referent"
    with pytest.raises(PermissionDenied):
        services.speaker_assess(by=w.hr, speaker=speaker, block=block, level="confirmed", on=TODAY)
    client.force_login(w.school_officer)
    page = client.get(reverse("teaching:speakers")).content.decode()
    assert "Couverture des référentiels" in page and block.title in page
    response = client.post(
        reverse("teaching:speaker_detail", args=[speaker.pk]),
        {"block": block.pk, "level": "confirmed", "note": "TD"},
    )
    assert response.status_code == 302
    assert Speaker.objects.get().competences.get().level == "confirmed"
