"""The internship pages as their users live them (IN2-IN8, DP1)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partenaria.documents.models import GeneratedDocument
from partenaria.internships.models import Application, ApplicationStatus, Offer, Placement, Student
from partenaria.organisations.models import Role
from tests.factories import MembershipFactory, UserFactory

from .factories import (
    StudentFactory,
    TutorFactory,
    diploma,
    internship_world,
    place,
)

pytestmark = pytest.mark.django_db


def test_the_campaign_page_shows_places_requested_offered_filled_and_the_years_counts(client):
    world = internship_world(headcount=100)
    place(world, weeks=12)  # 420 h: long and gratified
    place(world, weeks=10, weekly=Decimal(28))  # 280 h over more than two months: long, not gratified
    client.force_login(world.school_officer)
    response = client.get(reverse("internships:campaign_detail", args=[world.campaign.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "2 stages, dont 2 longs et 1 gratifiés" in page or "dont 2 longs et 1 gratifié" in page


def test_an_offer_of_zero_places_is_refused_next_to_the_field(client):
    world = internship_world()
    client.force_login(world.host_hr)
    response = client.post(
        reverse("internships:offer_add", args=[world.campaign.pk]),
        {
            "site": world.site.pk,
            "diploma": diploma("ASS").pk,
            "post": "Accueil",
            "places": 0,
            "period_start": "2026-10-05",
            "period_end": "2026-12-18",
        },
    )
    assert response.status_code == 200
    assert "au moins une place" in response.content.decode()
    assert 'value="Accueil"' in response.content.decode()
    assert Offer.objects.count() == 1


def test_an_offer_ending_before_it_starts_is_refused(client):
    world = internship_world()
    client.force_login(world.host_hr)
    response = client.post(
        reverse("internships:offer_add", args=[world.campaign.pk]),
        {
            "site": world.site.pk,
            "diploma": diploma("ASS").pk,
            "post": "Accueil",
            "places": 1,
            "period_start": "2026-10-05",
            "period_end": "2026-10-01",
        },
    )
    assert "La fin doit être le même jour que le début ou après" in response.content.decode()
    assert Offer.objects.count() == 1


def test_an_offer_with_a_tutor_of_another_diploma_is_refused(client):
    world = internship_world()
    es_tutor = TutorFactory(site=world.site, qualification=diploma("ES"))
    client.force_login(world.host_hr)
    response = client.post(
        reverse("internships:offer_add", args=[world.campaign.pk]),
        {
            "site": world.site.pk,
            "diploma": diploma("ASS").pk,
            "post": "Accueil",
            "places": 1,
            "period_start": "2026-10-05",
            "period_end": "2026-12-18",
            "tutor": es_tutor.pk,
        },
    )
    assert "Ce tuteur est titulaire du ES" in response.content.decode()


def test_the_school_transmits_the_site_accepts_and_the_student_is_placed(client):
    world = internship_world()
    student = StudentFactory(school=world.campaign.school)
    client.force_login(world.school_officer)
    client.post(
        reverse("internships:application_add", args=[world.campaign.pk]),
        {"student": student.pk, "offer": world.offer.pk, "preference": 1},
    )
    application = Application.objects.get(student=student)
    client.force_login(world.host_hr)
    response = client.post(
        reverse("internships:application_decide", args=[application.pk]),
        {"decision": "decline", "reason": ""},
    )
    assert "Donnez le motif du refus" in response.content.decode()
    client.post(reverse("internships:application_decide", args=[application.pk]), {"decision": "accept"})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    response = client.post(
        reverse("internships:placement_create", args=[application.pk]),
        {"tutor": world.tutor.pk, "start": "2026-10-05", "end": "2026-10-30", "weekly_hours": "49"},
    )
    assert "48" in response.content.decode() and 'value="2026-10-30"' in response.content.decode()
    response = client.post(
        reverse("internships:placement_create", args=[application.pk]),
        {"tutor": world.tutor.pk, "start": "2026-10-05", "end": "2026-10-30", "weekly_hours": "35"},
    )
    placement = Placement.objects.get(student=student)
    assert response.status_code == 302
    assert placement.total_hours == Decimal(140)
    page = client.get(reverse("internships:placement_detail", args=[placement.pk])).content.decode()
    assert "140 h" in page and "Non due" in page


def test_an_extension_updates_the_totals_and_the_gratification(client):
    world = internship_world()
    placement = place(world, weeks=4)
    client.force_login(world.school_officer)
    client.post(
        reverse("internships:placement_amend", args=[placement.pk]),
        {"kind": "extension", "on": "2026-10-30", "until": "2026-12-25", "reason": "Prolongation"},
    )
    placement.refresh_from_db()
    assert placement.total_hours == Decimal(420)
    assert placement.end_date == datetime.date(2026, 12, 25)
    page = client.get(reverse("internships:placement_detail", args=[placement.pk])).content.decode()
    assert "Due" in page or "Due :" in page


def test_a_student_sees_only_their_own_records(client):
    world = internship_world()
    mine = place(world)
    other = place(world)
    user = UserFactory()
    MembershipFactory(user=user, organisation=world.campaign.school, role=Role.STUDENT)
    Student.objects.filter(pk=mine.student_id).update(user=user)
    client.force_login(user)
    page = client.get(reverse("internships:my_records")).content.decode()
    assert mine.get_absolute_url() in page and other.get_absolute_url() not in page
    assert client.get(reverse("internships:placement_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("internships:placement_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("internships:campaign_detail", args=[world.campaign.pk])).status_code == 404
    assert client.get(reverse("internships:index")).status_code == 302


def test_the_agreement_is_generated_as_docx_and_pdf_and_listed(client):
    world = internship_world()
    placement = place(world, weeks=12)
    client.force_login(world.school_officer)
    for fmt in ("docx", "pdf"):
        response = client.post(
            reverse("documents:generate", args=["internship_agreement", placement.pk, fmt])
        )
        assert response.status_code == 302
    versions = GeneratedDocument.objects.filter(kind="internship_agreement", target_id=placement.pk)
    assert sorted(versions.values_list("fmt", flat=True)) == ["docx", "pdf"]
    page = client.get(reverse("internships:placement_detail", args=[placement.pk])).content.decode()
    for version in versions:
        assert reverse("documents:download", args=[version.pk]) in page


def test_query_counts_of_the_campaign_page_and_the_placement_list_stay_flat(
    client, django_assert_max_num_queries
):
    world = internship_world(headcount=100)
    client.force_login(world.school_officer)
    tutors = [world.tutor] + [TutorFactory(site=world.site) for _ in range(3)]

    def counted(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [
        reverse("internships:campaign_detail", args=[world.campaign.pk]),
        reverse("internships:placement_list"),
    ]
    place(world, tutor=tutors[0])
    small = [counted(url) for url in urls]
    for tutor in tutors[1:]:
        for _ in range(2):
            place(world, tutor=tutor)
    assert [counted(url) for url in urls] == small
