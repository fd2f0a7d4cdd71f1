"""The annual provisional programme (PD2): « l'envoi d'un programme annuel prévisionnel (à la rentrée
de septembre) [...] à transmettre aux référents sites qualifiant de chaque direction » [003 art. 2]."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from partenaria.conventions.models import Partnership
from partenaria.core.models import AuditEvent
from partenaria.deadlines import engine
from partenaria.teaching import services
from partenaria.teaching.models import Programme
from tests.factories import CommitmentFactory, ConventionFactory, PersonFactory, UnitFactory
from tests.internships.factories import HostSiteFactory

from .factories import InterventionFactory, dijon_world

pytestmark = pytest.mark.django_db


def with_referents(w, count=2):
    """Host sites of the city, each with its manager (a direction's referent)."""
    referents = []
    for n in range(count):
        unit = UnitFactory(organisation=w.city, name=f"Direction {n}")
        manager = PersonFactory(organisation=w.city, unit=unit, email=f"referent{n}@ville.example.test")
        HostSiteFactory(unit=unit, manager=manager)
        referents.append(manager)
    return referents


def programme_deadlines(w, today):
    """The deadlines of the partnership's commitment to send the programme."""
    partnerships = Partnership.objects.filter(pk=w.partnership.pk)
    found = engine.collect(partnerships, today=today, until=today + datetime.timedelta(days=300))
    return [d for d in found if d.kind == "commitment" and "programme" in d.label]


def programme_commitment(w):
    """Article 2's yearly commitment of a convention in force from 1 January 2025 for three years."""
    convention = ConventionFactory(
        partnership=w.partnership, start_date=datetime.date(2025, 1, 1), term_months=36
    )
    return CommitmentFactory(
        convention=convention,
        debtor=w.school,
        creditor=w.city,
        description="Envoyer le programme annuel prévisionnel aux référents",
        frequency="yearly",
        due_date=datetime.date(2025, 9, 30),
    )


def test_sending_the_programme_fulfils_the_convention_s_yearly_commitment_and_clears_its_deadline(
    django_capture_on_commit_callbacks, mailoutbox
):
    w = dijon_world()
    commitment = programme_commitment(w)
    services.programme_duty_set(by=w.school_officer, commitment=commitment, school=w.school)
    in_october = programme_deadlines(w, datetime.date(2025, 10, 10))
    assert [(d.date, d.is_late) for d in in_october] == [(datetime.date(2025, 9, 30), True)]

    with_referents(w)
    InterventionFactory(partnership=w.partnership, agent=w.agent, starts_on=datetime.date(2025, 11, 14))
    with django_capture_on_commit_callbacks(execute=True):
        services.programme_send(by=w.school_officer, partnership=w.partnership, year=2025)
    commitment.refresh_from_db()
    assert commitment.fulfilled_until == datetime.date(2025, 9, 30)
    assert programme_deadlines(w, datetime.date(2025, 10, 10)) == []
    # The next school year's programme is the next occurrence of the same commitment.
    assert [d.date for d in programme_deadlines(w, datetime.date(2026, 8, 1))] == [datetime.date(2026, 9, 30)]
    assert AuditEvent.objects.filter(action="convention.commitment_fulfilled").count() == 1


def test_sending_a_later_year_leaves_an_earlier_unsent_programme_late(django_capture_on_commit_callbacks):
    w = dijon_world()
    commitment = programme_commitment(w)
    services.programme_duty_set(by=w.school_officer, commitment=commitment, school=w.school)
    with_referents(w)
    InterventionFactory(partnership=w.partnership, agent=w.agent, starts_on=datetime.date(2026, 11, 14))
    services.programme_send(by=w.school_officer, partnership=w.partnership, year=2026)
    commitment.refresh_from_db()
    assert commitment.fulfilled_until is None


def test_only_a_yearly_dated_commitment_can_be_the_programme_duty():
    w = dijon_world()
    commitment = programme_commitment(w)
    commitment.frequency = "once"
    commitment.save()
    with pytest.raises(ValidationError) as error:
        services.programme_duty_set(by=w.school_officer, commitment=commitment, school=w.school)
    assert "commitment" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        services.programme_duty_set(by=w.hr, commitment=commitment, school=w.school)


def test_the_programme_goes_to_each_direction_s_referent_with_its_themes_and_dates(
    django_capture_on_commit_callbacks, mailoutbox
):
    w = dijon_world()
    referents = with_referents(w, count=3)
    intervention = InterventionFactory(
        partnership=w.partnership, agent=None, theme="Forum des métiers du social"
    )
    with django_capture_on_commit_callbacks(execute=True):
        programme = services.programme_send(
            by=w.school_officer,
            partnership=w.partnership,
            year=intervention.school_year,
            foreword="Bonne rentrée",
        )
    assert programme.recipients_count == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in referents)
    assert all(len(m.to) == 1 for m in mailoutbox)  # no referent sees the others' addresses
    assert "Forum des métiers du social" in mailoutbox[0].body
    assert "Bonne rentrée" in mailoutbox[0].body
    assert AuditEvent.objects.filter(action="teaching.programme_sent", target_id=programme.pk).count() == 1


def test_no_programme_is_sent_empty_nor_without_referents_nor_by_the_authority():
    w = dijon_world()
    year = InterventionFactory(partnership=w.partnership, agent=w.agent).school_year
    with pytest.raises(ValidationError, match="référent"):
        services.programme_send(by=w.school_officer, partnership=w.partnership, year=year)
    with_referents(w, count=1)
    with pytest.raises(ValidationError, match="vide"):
        services.programme_send(by=w.school_officer, partnership=w.partnership, year=year + 1)
    with pytest.raises(PermissionDenied):
        services.programme_send(by=w.hr, partnership=w.partnership, year=year)
    assert not Programme.objects.exists()


def test_the_programme_page_lists_the_year_and_sends_it_from_the_button(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    w = dijon_world()
    with_referents(w, count=1)
    intervention = InterventionFactory(partnership=w.partnership, agent=w.agent, theme="Jury du DEASS")
    client.force_login(w.school_officer)
    url = reverse("teaching:programme", args=[w.partnership.pk, intervention.school_year])
    page = client.get(url).content.decode()
    assert "Jury du DEASS" in page and "Envoyer aux référents" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("teaching:programme_send", args=[w.partnership.pk, intervention.school_year]),
            {"foreword": ""},
            follow=True,
        )
    assert "Programme envoyé à 1 référents." in response.content.decode()
    assert len(mailoutbox) == 1
    client.force_login(w.hr)
    assert "Envoyer aux référents" not in client.get(url).content.decode()
