"""Tutor training (IN10): sessions, attendance, the tutor's training date derived from it."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from partenaria.internships import followup_services as followup
from partenaria.internships.models import TrainingAttendance, TrainingSession, Tutor
from partenaria.organisations.models import Role
from tests.factories import MembershipFactory, UserFactory

from .factories import TrainingSessionFactory, TutorFactory, internship_world

pytestmark = pytest.mark.django_db


def test_a_tutor_who_attended_a_session_shows_its_date_and_one_who_did_not_is_flagged(client):
    world = internship_world()
    untrained = TutorFactory(site=world.site)
    session = TrainingSessionFactory(organiser=world.campaign.host, held_on=datetime.date(2026, 3, 12))
    followup.training_attendance_add(by=world.host_hr, session=session, tutors=[world.tutor])
    assert Tutor.objects.with_training().get(pk=world.tutor.pk).trained_on == datetime.date(2026, 3, 12)

    client.force_login(world.host_hr)
    page = html.unescape(client.get(world.site.get_absolute_url()).content.decode())
    assert f"{world.tutor.person}" in page and "formé(e) au tutorat le 12 mars 2026" in page
    line = next(line for line in page.splitlines() if str(untrained.person) in line)
    assert "pas de formation de tuteur" in line.split(str(untrained.person))[1].split("</li>")[0]
    listing = html.unescape(client.get(reverse("internships:training_list")).content.decode())
    flagged = listing.split("sans formation</h2>")[1].split('<h2 class="h4">Sessions</h2>')[0]
    assert str(untrained.person) in flagged
    assert str(world.tutor.person) not in flagged


def test_the_latest_session_attended_is_the_training_date():
    world = internship_world()
    for day in (datetime.date(2024, 5, 2), datetime.date(2025, 11, 20)):
        session = TrainingSessionFactory(organiser=world.campaign.host, held_on=day)
        followup.training_attendance_add(by=world.host_hr, session=session, tutors=[world.tutor])
    assert Tutor.objects.with_training().get(pk=world.tutor.pk).trained_on == datetime.date(2025, 11, 20)


def test_a_session_is_scheduled_from_the_page_and_attendance_recorded_within_capacity(client):
    world = internship_world()
    others = [TutorFactory(site=world.site) for _ in range(2)]
    client.force_login(world.host_hr)
    held = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        reverse("internships:training_create"),
        {
            "held_on": held.isoformat(),
            "place": "Hôtel du Département",
            "topic": "Accueillir un stagiaire",
            "capacity": 2,
        },
    )
    session = TrainingSession.objects.get()
    assert response.status_code == 302 and session.organiser == world.campaign.host
    url = reverse("internships:training_detail", args=[session.pk])
    too_many = client.post(url, {"tutors": [world.tutor.pk, *[t.pk for t in others]]})
    assert "La session compte 2 places et déjà 0 présents." in html.unescape(too_many.content.decode())
    assert not TrainingAttendance.objects.exists()
    assert client.post(url, {"tutors": [world.tutor.pk, others[0].pk]}).status_code == 302
    assert set(session.attendances.values_list("tutor_id", flat=True)) == {world.tutor.pk, others[0].pk}


def test_attendance_waits_for_the_session_to_be_held():
    world = internship_world()
    session = TrainingSessionFactory(organiser=world.campaign.host, upcoming=True)
    with pytest.raises(ValidationError) as refused:
        followup.training_attendance_add(by=world.host_hr, session=session, tutors=[world.tutor])
    assert "tutors" in refused.value.message_dict


def test_a_session_of_zero_places_is_refused_next_to_the_field(client):
    world = internship_world()
    client.force_login(world.host_hr)
    response = client.post(
        reverse("internships:training_create"),
        {"held_on": "2026-03-12", "place": "Salle A", "topic": "Tutorat", "capacity": 0},
    )
    assert response.status_code == 200
    assert 'value="Salle A"' in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_a_viewer_reads_the_sessions_but_does_not_record_attendance(client):
    world = internship_world()
    session = TrainingSessionFactory(organiser=world.campaign.host)
    viewer = UserFactory()
    MembershipFactory(user=viewer, organisation=world.campaign.host, role=Role.VIEWER)
    client.force_login(viewer)
    url = reverse("internships:training_detail", args=[session.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"tutors": [world.tutor.pk]}).status_code == 403
    assert not TrainingAttendance.objects.exists()


def test_a_student_sees_no_training_session_of_their_school():
    world = internship_world()
    TrainingSessionFactory(organiser=world.campaign.school)
    student = UserFactory()
    MembershipFactory(user=student, organisation=world.campaign.school, role=Role.STUDENT)
    assert not TrainingSession.objects.visible_to(student).exists()
    assert TrainingSession.objects.visible_to(world.school_officer).exists()


@pytest.mark.django_db(transaction=True)
def test_the_typed_training_dates_become_sessions_with_their_attendance():
    """Migration 0004: each (organisation, date) typed on tutors becomes one session they attended."""
    executor = MigrationExecutor(connection)
    executor.migrate([("internships", "0003_followup_and_training")])
    apps = executor.loader.project_state([("internships", "0003_followup_and_training")]).apps
    Organisation = apps.get_model("organisations", "Organisation")
    Unit = apps.get_model("organisations", "Unit")
    Person = apps.get_model("organisations", "Person")
    Diploma = apps.get_model("internships", "Diploma")
    HostSite = apps.get_model("internships", "HostSite")
    OldTutor = apps.get_model("internships", "Tutor")
    dept = Organisation.objects.create(name="Département migré", kind="departement")
    unit = Unit.objects.create(organisation=dept, name="Service social")
    site = HostSite.objects.create(unit=unit, organisation=dept)
    diploma = Diploma.objects.get_or_create(
        code="ASS", defaults={"name": "ASS", "valid_from": datetime.date(2018, 1, 1)}
    )[0]
    day = datetime.date(2023, 6, 15)
    for index, trained_on in enumerate([day, day, None]):
        person = Person.objects.create(organisation=dept, first_name="T", last_name=f"Tuteur{index}")
        OldTutor.objects.create(site=site, person=person, qualification=diploma, trained_on=trained_on)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    session = TrainingSession.objects.get(organiser_id=dept.pk)
    assert (session.held_on, session.capacity) == (day, 2)
    tutors = Tutor.objects.with_training().filter(site_id=site.pk).order_by("person__last_name")
    assert [t.trained_on for t in tutors] == [day, day, None]


def test_the_training_list_costs_the_same_number_of_queries_whatever_the_sessions(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = internship_world()
    client.force_login(world.host_hr)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("internships:training_list")).status_code == 200
        return len(queries)

    TrainingSessionFactory(organiser=world.campaign.host)
    small = count()
    for _ in range(6):
        session = TrainingSessionFactory(organiser=world.campaign.host)
        followup.training_attendance_add(
            by=world.host_hr, session=session, tutors=[TutorFactory(site=world.site)]
        )
    assert count() == small
