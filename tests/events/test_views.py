"""The « Événements » pages, the public registration link, exports and feeds (EV1, EV3, EV4)."""

import io

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partenaria.events.models import Audience, Event, Registration, RegistrationStatus
from tests.events.factories import EventFactory, NewsFactory, _in_days, quota
from tests.factories import OrganisationFactory, PartnershipFactory, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def seminar():
    """The socio-sport seminar of the Département at Askoria, 50 places for students, open to outsiders."""
    dept = OrganisationFactory(departement=True, name="Département d'Ille-et-Vilaine")
    school = OrganisationFactory(school=True, name="Askoria")
    partnership = PartnershipFactory(members=[dept, school])
    return EventFactory(
        partnership=partnership, organiser=dept, socio_sport=True, public=True, quotas={Audience.STUDENTS: 50}
    )


@pytest.fixture
def organiser_client(client, seminar):
    client.force_login(officer_of(seminar.organiser))
    return client


def public_post(client, event, **fields):
    data = {
        "quota": quota(event).pk,
        "first_name": "Lou",
        "last_name": "Durand",
        "email": "lou.durand@example.test",
        "organisation_name": "Association sportive",
        "consent": "on",
    } | fields
    return client.post(event.public_url(), data)


def test_an_organiser_creates_an_event_and_a_bad_end_is_refused_in_french(organiser_client, seminar):
    data = {
        "kind": "salon",
        "title": "Salon des expérimentations et innovations solidaires",
        "partnership": seminar.partnership_id,
        "starts_at": "2030-03-12T09:00",
        "ends_at": "2030-03-11T18:00",
        "place": "Rennes",
        "capacity": "300",
    }
    response = organiser_client.post(reverse("events:create"), data)
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_ends_at-error"' in content and "avant" in content
    assert 'value="Salon des expérimentations et innovations solidaires"' in content
    assert not Event.objects.filter(kind="salon").exists()

    response = organiser_client.post(reverse("events:create"), data | {"ends_at": "2030-03-12T18:00"})
    salon = Event.objects.get(kind="salon")
    assert response.status_code == 302 and response.url == salon.get_absolute_url()
    assert quota(salon).places == 300


def test_a_quota_larger_than_the_capacity_is_refused_next_to_its_field(organiser_client, seminar):
    response = organiser_client.post(
        reverse("events:quota_add", args=[seminar.pk]), {"audience": "elected", "places": "500"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_places-error"' in content and "capacité" in content
    assert 'value="500"' in content


def test_the_event_page_shows_quotas_and_programme(organiser_client, seminar):
    seminar.sessions.create(
        title="Forum ouvert sur le sport",
        format="open_forum",
        starts_at=seminar.starts_at,
        ends_at=seminar.ends_at,
    )
    response = organiser_client.get(seminar.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Forum ouvert sur le sport" in content and "Étudiants" in content
    assert seminar.public_token in content  # the organiser sees the public link to hand out


def test_a_partner_agent_registers_and_gets_the_confirmation(
    client, seminar, django_capture_on_commit_callbacks
):
    school = seminar.partnership.members.exclude(organisation=seminar.organiser).get().organisation
    agent = officer_of(school, role="agent", email="agent@askoria.test")
    client.force_login(agent)
    students = quota(seminar, Audience.STUDENTS)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", args=[seminar.pk]),
            {
                "quota": students.pk,
                "first_name": "Sam",
                "last_name": "Le Goff",
                "email": "sam@askoria.test",
                "consent": "on",
            },
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.organisation == school and not registration.is_outsider
    assert mail.outbox[0].attachments[0][0] == "evenement.ics"


def test_a_registration_without_consent_says_why_and_keeps_what_was_typed(client, seminar):
    response = public_post(client, seminar, consent="")
    content = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_consent-error"' in content and "notice" in content.lower()
    assert 'value="lou.durand@example.test"' in content
    assert not Registration.objects.exists()


def test_the_public_link_registers_an_outsider_without_an_account(client, seminar):
    page = client.get(seminar.public_url())
    assert page.status_code == 200 and seminar.title in page.content.decode()
    response = public_post(client, seminar)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.is_outsider and registration.status == RegistrationStatus.CONFIRMED
    assert registration.organisation is None and registration.registered_by is None


def test_the_public_link_keeps_csrf(seminar):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert public_post(strict, seminar).status_code == 403
    assert not Registration.objects.exists()


def test_the_public_link_shows_only_its_event(client, seminar):
    other = EventFactory(
        partnership=seminar.partnership, organiser=seminar.organiser, title="Autre événement privé"
    )
    content = client.get(seminar.public_url()).content.decode()
    assert other.title not in content
    # A private event has no working link, and places not open to the public cannot be taken.
    assert client.get(other.public_url()).status_code == 404
    response = public_post(client, seminar, quota=quota(other).pk)
    assert response.status_code == 200 and not Registration.objects.exists()


def test_the_public_link_is_rate_limited(client, seminar, settings):
    settings.PARTENARIA_PUBLIC_REGISTRATION_PER_MINUTE = 2
    for n in range(2):
        public_post(client, seminar, email=f"p{n}@example.test")
    response = public_post(client, seminar, email="p9@example.test")
    assert response.status_code == 429
    assert Registration.objects.count() == 2


def test_the_cancellation_link_frees_the_place_for_the_waiting_list(
    client, seminar, django_capture_on_commit_callbacks
):
    general = quota(seminar)
    general.places = 1
    general.save()
    public_post(client, seminar, email="first@example.test")
    public_post(client, seminar, email="second@example.test")
    first = Registration.objects.get(email="first@example.test")
    second = Registration.objects.get(email="second@example.test")
    assert second.status == RegistrationStatus.WAITING
    page = client.get(first.cancel_url())
    assert page.status_code == 200 and "first@example.test" not in page.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(first.cancel_url()).status_code == 200
    second.refresh_from_db()
    assert second.status == RegistrationStatus.CONFIRMED
    assert mail.outbox[0].to == ["second@example.test"]
    assert client.get(first.cancel_url()).status_code == 404  # a used link leads nowhere


def test_attendance_list_check_in_and_exports(organiser_client, client, seminar):
    public_post(client, seminar)
    registration = Registration.objects.get()
    organiser_client.post(reverse("events:check_in", args=[seminar.pk, registration.pk]), {"present": "on"})
    registration.refresh_from_db()
    assert registration.checked_in_at is not None

    page = organiser_client.get(reverse("events:registrations", args=[seminar.pk]))
    assert "Durand" in page.content.decode()

    xlsx = organiser_client.get(reverse("events:attendance_xlsx", args=[seminar.pk]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][:2] == ("Durand", "Lou") and rows[1][5] == "oui"

    pdf = organiser_client.get(reverse("events:attendance_pdf", args=[seminar.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_partner_agent_cannot_see_the_attendance_list(client, seminar):
    school = seminar.partnership.members.exclude(organisation=seminar.organiser).get().organisation
    client.force_login(officer_of(school, role="agent"))
    assert client.get(seminar.get_absolute_url()).status_code == 200
    assert client.get(reverse("events:registrations", args=[seminar.pk])).status_code == 403
    assert client.get(reverse("events:attendance_xlsx", args=[seminar.pk])).status_code == 403


def test_feeds_give_the_owner_s_events_and_news_only(client, seminar):
    agent = officer_of(seminar.organiser, role="agent")
    school = seminar.partnership.members.exclude(organisation=seminar.organiser).get().organisation
    NewsFactory(publisher=school, title="Colloque du PREFAS")
    stranger_event = EventFactory(title="Événement d'un autre partenariat")
    NewsFactory(publisher=stranger_event.organiser, title="Actualité d'ailleurs")

    ics = client.get(reverse("events:feed_ics", args=[agent.calendar_token])).content.decode()
    assert seminar.title in ics and stranger_event.title not in ics

    atom = client.get(reverse("events:feed_news", args=[agent.calendar_token]))
    content = atom.content.decode()
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Colloque du PREFAS" in content and "ailleurs" not in content


def test_the_event_list_costs_the_same_queries_for_one_or_many_events(organiser_client, seminar):
    url = reverse("events:list")
    organiser_client.get(url)
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(url)
    for n in range(6):
        EventFactory(partnership=seminar.partnership, organiser=seminar.organiser, starts_at=_in_days(40 + n))
    with CaptureQueriesContext(connection) as many:
        response = organiser_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(response.context["events"]) == 7


def test_coming_events_and_registration_closing_days_are_deadlines(seminar):
    import datetime

    from django.utils import timezone

    from partenaria.deadlines import engine

    officer = officer_of(seminar.organiser)
    today = timezone.localdate()
    deadlines = engine.for_user(officer, today=today, until=today + datetime.timedelta(days=90))
    kinds = {d.kind for d in deadlines if d.url == seminar.get_absolute_url()}
    assert kinds == {"event_registration_closes", "event_coming"}


def test_a_manager_cancels_a_registration_after_a_confirmation_page(organiser_client, client, seminar):
    public_post(client, seminar)
    registration = Registration.objects.get()
    url = reverse("events:registration_cancel", args=[seminar.pk, registration.pk])
    page = organiser_client.get(url)
    assert page.status_code == 200 and "définitive" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # reading the page changes nothing
    assert organiser_client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED and quota(seminar).taken == 0


def test_the_dashboard_lists_the_coming_events(organiser_client, seminar):
    response = organiser_client.get(reverse("dashboard:home"))
    assert seminar.title in response.content.decode()
    assert [e.pk for e in response.context["coming_events"]] == [seminar.pk]


def test_the_registration_list_costs_the_same_queries_for_few_or_many_registrants(
    organiser_client, client, seminar
):
    url = reverse("events:registrations", args=[seminar.pk])
    public_post(client, seminar, email="p0@example.test")
    organiser_client.get(url)
    with CaptureQueriesContext(connection) as few:
        organiser_client.get(url)
    for n in range(1, 8):
        public_post(client, seminar, email=f"p{n}@example.test")
    with CaptureQueriesContext(connection) as many:
        response = organiser_client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.context["count"] == 8
