"""Events, quotas, registrations, waiting lists and news (EV1, EV3, EV4), through their services."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from partenaria.core.models import AuditEvent
from partenaria.events import services
from partenaria.events.models import Audience, Event, Quota, Registration, RegistrationStatus
from tests.events.factories import EventFactory, NewsFactory, _in_days, person, quota
from tests.factories import OrganisationFactory, PartnershipFactory, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def partnership():
    return PartnershipFactory(
        members=[
            OrganisationFactory(departement=True, name="Département d'Ille-et-Vilaine"),
            OrganisationFactory(school=True, name="Askoria"),
        ]
    )


@pytest.fixture
def dept(partnership):
    return partnership.members.get(organisation__name__startswith="Département").organisation


@pytest.fixture
def officer(dept):
    return officer_of(dept)


def event_data(partnership, **overrides):
    data = {
        "partnership": partnership,
        "kind": "seminar",
        "title": "Séminaire socio-sport",
        "starts_at": _in_days(30),
        "ends_at": _in_days(30, hour=17),
        "place": "Askoria, Rennes",
        "capacity": 120,
    }
    return data | overrides


def register(event, n, audience=Audience.GENERAL, **kwargs):
    return services.registration_register(
        event=event, quota=quota(event, audience), data=person(n), consent=True, **kwargs
    )


# --- Events and quotas (EV1) -------------------------------------------------------------------


def test_the_socio_sport_seminar_reserves_50_places_for_students(partnership, dept, officer):
    event = services.event_create(by=officer, organiser=dept, data=event_data(partnership))
    services.quota_set(by=officer, event=event, audience=Audience.STUDENTS, places=50, open_to_public=False)

    places = {q.audience: q.places for q in event.quotas.all()}
    assert places == {Audience.STUDENTS: 50, Audience.GENERAL: 70}
    assert AuditEvent.objects.filter(action="events.quota_set", target_id=event.pk).exists()


def test_an_event_ending_before_it_starts_is_refused_in_french(partnership, dept, officer):
    data = event_data(partnership, ends_at=_in_days(29))
    with pytest.raises(ValidationError) as refused, translation.override("fr"):
        services.event_create(by=officer, organiser=dept, data=data)
    assert refused.value.message_dict["ends_at"] == [
        "L'événement ne peut pas se terminer avant de commencer : indiquez une fin après le début."
    ]
    assert not Event.objects.exists()


def test_a_quota_larger_than_the_capacity_is_refused(partnership, dept, officer):
    event = services.event_create(by=officer, organiser=dept, data=event_data(partnership, capacity=40))
    with pytest.raises(ValidationError) as refused:
        services.quota_set(
            by=officer, event=event, audience=Audience.STUDENTS, places=50, open_to_public=False
        )
    assert "places" in refused.value.message_dict
    assert quota(event).places == 40
    assert not event.quotas.filter(audience=Audience.STUDENTS).exists()


def test_the_quotas_together_fit_within_the_capacity(partnership, dept, officer):
    event = services.event_create(by=officer, organiser=dept, data=event_data(partnership, capacity=100))
    services.quota_set(by=officer, event=event, audience=Audience.STUDENTS, places=60, open_to_public=False)
    with pytest.raises(ValidationError):
        services.quota_set(
            by=officer, event=event, audience=Audience.ELECTED, places=41, open_to_public=False
        )
    services.quota_set(by=officer, event=event, audience=Audience.ELECTED, places=40, open_to_public=False)
    assert quota(event).places == 0


def test_the_capacity_cannot_drop_below_what_is_reserved_and_taken(partnership, dept, officer):
    event = EventFactory(
        partnership=partnership, organiser=dept, capacity=100, quotas={Audience.STUDENTS: 50}
    )
    register(event, 1)
    data = event_data(partnership, capacity=50)
    with pytest.raises(ValidationError) as refused:
        services.event_update(by=officer, event=event, data=data)
    assert "capacity" in refused.value.message_dict
    event.refresh_from_db()
    assert event.capacity == 100


def test_an_event_is_in_a_partnership_of_its_organiser(dept, officer):
    other = PartnershipFactory()
    with pytest.raises(ValidationError) as refused:
        services.event_create(by=officer, organiser=dept, data=event_data(other))
    assert "partnership" in refused.value.message_dict


def test_only_a_manager_creates_an_event(partnership, dept):
    agent = officer_of(dept, role="agent")
    with pytest.raises(PermissionDenied):
        services.event_create(by=agent, organiser=dept, data=event_data(partnership))


def test_the_database_refuses_an_overbooked_quota():
    event = EventFactory(capacity=2)
    general = quota(event)
    with pytest.raises(IntegrityError), transaction.atomic():
        Quota.objects.filter(pk=general.pk).update(taken=3)


# --- Programme (EV3) ---------------------------------------------------------------------------


def test_a_session_has_its_participatory_format_within_the_event(officer, dept, partnership):
    event = EventFactory(partnership=partnership, organiser=dept, colloquium=True)
    session = services.session_add(
        by=officer,
        event=event,
        data={
            "title": "Tables de découvertes",
            "format": "discovery_tables",
            "starts_at": event.starts_at + datetime.timedelta(days=1),
            "ends_at": event.starts_at + datetime.timedelta(days=1, hours=2),
        },
    )
    with translation.override("fr"):
        assert session.get_format_display() == "Tables de découvertes"
    with pytest.raises(ValidationError) as refused:
        services.session_add(
            by=officer,
            event=event,
            data={
                "title": "Hackathon",
                "format": "hackathon",
                "starts_at": event.ends_at + datetime.timedelta(hours=1),
                "ends_at": event.ends_at + datetime.timedelta(hours=3),
            },
        )
    assert "starts_at" in refused.value.message_dict


# --- Registrations (EV1) -----------------------------------------------------------------------


def test_a_registration_takes_a_place_and_sends_the_ics(django_capture_on_commit_callbacks):
    event = EventFactory(quotas={Audience.STUDENTS: 50})
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(event, 1, audience=Audience.STUDENTS)
    assert registration.status == RegistrationStatus.CONFIRMED
    assert quota(event, Audience.STUDENTS).taken == 1
    (message,) = mail.outbox
    assert message.to == ["camille1@example.test"]
    name, content, mimetype = message.attachments[0]
    assert name == "evenement.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and f"event-{event.pk}@partenaria" in content
    assert registration.cancel_token in message.body


def test_a_registration_without_consent_is_refused_and_nothing_is_written():
    event = EventFactory()
    with pytest.raises(ValidationError) as refused:
        services.registration_register(event=event, quota=quota(event), data=person(1), consent=False)
    assert "consent" in refused.value.message_dict
    assert not Registration.objects.exists()
    assert quota(event).taken == 0


def test_a_full_quota_puts_the_next_person_on_its_waiting_list(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=3, quotas={Audience.STUDENTS: 1})
    first = register(event, 1, audience=Audience.STUDENTS)
    with django_capture_on_commit_callbacks(execute=True), translation.override("fr"):
        second = register(event, 2, audience=Audience.STUDENTS)
    assert (first.status, second.status) == (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)
    assert quota(event, Audience.STUDENTS).taken == 1
    assert quota(event).taken == 0  # the general places are another quota
    assert mail.outbox[-1].subject.startswith("Liste d'attente")
    assert not mail.outbox[-1].attachments


def test_cancelling_promotes_the_first_of_the_waiting_list_and_tells_them(django_capture_on_commit_callbacks):
    event = EventFactory(capacity=1)
    holder = register(event, 1)
    first_waiting = register(event, 2)
    register(event, 3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=holder)
    assert promoted == [first_waiting]
    first_waiting.refresh_from_db()
    assert first_waiting.status == RegistrationStatus.CONFIRMED and first_waiting.promoted_at
    assert quota(event).taken == 1
    assert Registration.objects.filter(status=RegistrationStatus.WAITING).count() == 1
    (message,) = mail.outbox
    assert message.to == ["camille2@example.test"] and message.attachments


def test_cancelling_twice_is_refused():
    event = EventFactory()
    registration = register(event, 1)
    services.registration_cancel(registration=registration)
    with pytest.raises(ValidationError):
        services.registration_cancel(registration=registration)
    assert quota(event).taken == 0


def test_more_places_in_a_quota_go_to_its_waiting_list(partnership, dept, officer):
    event = EventFactory(partnership=partnership, organiser=dept, capacity=10, quotas={Audience.STUDENTS: 1})
    register(event, 1, audience=Audience.STUDENTS)
    waiting = register(event, 2, audience=Audience.STUDENTS)
    services.quota_set(by=officer, event=event, audience=Audience.STUDENTS, places=2, open_to_public=False)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_an_address_registers_once_per_event():
    event = EventFactory()
    register(event, 1)
    with pytest.raises(ValidationError) as refused:
        register(event, 1)
    assert "email" in refused.value.message_dict
    assert quota(event).taken == 1


def test_registrations_close_on_their_last_day():
    event = EventFactory(registration_closes_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        register(event, 1)
    assert "__all__" in refused.value.message_dict


def test_an_outsider_only_takes_places_open_to_the_public_link():
    event = EventFactory(public=True, quotas={Audience.STUDENTS: 50})
    Quota.objects.filter(event=event, audience=Audience.STUDENTS).update(open_to_public=False)
    with pytest.raises(ValidationError) as refused:
        register(event, 1, audience=Audience.STUDENTS, outsider=True)
    assert "quota" in refused.value.message_dict
    assert register(event, 2, outsider=True).is_outsider


def test_check_in_records_the_arrival_of_a_confirmed_participant(partnership, dept, officer):
    event = EventFactory(partnership=partnership, organiser=dept, capacity=1)
    confirmed, waiting = register(event, 1), register(event, 2)
    services.registration_check_in(by=officer, registration=confirmed)
    confirmed.refresh_from_db()
    assert confirmed.checked_in_at is not None
    with pytest.raises(ValidationError):
        services.registration_check_in(by=officer, registration=waiting)


# --- Retention (DP2) ---------------------------------------------------------------------------


def test_outsiders_are_anonymised_after_the_retention_period(settings):
    settings.PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS = 365
    old = EventFactory(public=True)
    recent = EventFactory(public=True)
    outsider_old = register(old, 1, outsider=True)
    agent_old = register(old, 2)
    outsider_recent = register(recent, 3, outsider=True)
    Event.objects.filter(pk=old.pk).update(starts_at=_in_days(-500), ends_at=_in_days(-500, hour=17))

    assert services.registrations_anonymise() == 1
    assert services.registrations_anonymise() == 0  # safe to run twice

    outsider_old.refresh_from_db()
    assert (outsider_old.first_name, outsider_old.email, outsider_old.organisation_name) == ("", "", "")
    assert outsider_old.anonymised_at and outsider_old.status == RegistrationStatus.CONFIRMED
    assert (
        Registration.objects.filter(email__in=["camille2@example.test", "camille3@example.test"]).count() == 2
    )
    assert {agent_old.pk, outsider_recent.pk} <= set(
        Registration.objects.filter(anonymised_at=None).values_list("pk", flat=True)
    )


# --- News (EV4) --------------------------------------------------------------------------------


def test_news_of_the_school_reach_the_agents_of_its_partners(partnership, dept):
    school = partnership.members.exclude(organisation=dept).get().organisation
    item = NewsFactory(publisher=school)
    stranger = officer_of(OrganisationFactory())
    from partenaria.events.models import NewsItem

    assert list(NewsItem.objects.visible_to(officer_of(dept, role="agent"))) == [item]
    assert not NewsItem.objects.visible_to(stranger).exists()


def test_publishing_news_needs_a_manager(partnership, dept):
    agent = officer_of(dept, role="agent")
    with pytest.raises(PermissionDenied):
        services.news_publish(
            by=agent,
            publisher=dept,
            data={"kind": "publication", "title": "X", "summary": "Y", "published_on": timezone.localdate()},
        )


def test_the_retention_command_anonymises_and_leaves_no_trace_of_the_outsider(settings):
    import io

    from django.core.management import call_command

    settings.PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS = 30
    event = EventFactory(public=True)
    services.registration_register(
        event=event,
        quota=quota(event),
        data={
            "first_name": "Zoé",
            "last_name": "CANARY-OUTSIDER",
            "email": "canary@example.test",
            "organisation_name": "Club CANARY",
        },
        consent=True,
        outsider=True,
    )
    Event.objects.filter(pk=event.pk).update(starts_at=_in_days(-40), ends_at=_in_days(-40, hour=17))
    out = io.StringIO()
    call_command("anonymise_event_registrations", stdout=out)
    assert out.getvalue().startswith("1 ")
    dump = repr(list(Registration.objects.values_list()))
    assert "CANARY" not in dump and "canary@" not in dump
    assert quota(event).taken == 1  # the count of participants stays


def test_opening_an_event_to_outsiders_opens_its_general_places_to_the_public_link(
    partnership, dept, officer
):
    event = services.event_create(by=officer, organiser=dept, data=event_data(partnership))
    assert not quota(event).open_to_public
    services.event_update(by=officer, event=event, data=event_data(partnership, is_public=True))
    assert quota(event).open_to_public
