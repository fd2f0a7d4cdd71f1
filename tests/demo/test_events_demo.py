"""The demo's events (EV1, EV3, EV4, EU5): the seeds' seminar, salon and colloquia, invented people."""

import datetime

import pytest

from partenaria.events.models import Audience, Event, NewsItem, RegistrationStatus
from partenaria.organisations.models import Organisation

pytestmark = pytest.mark.usefixtures("today")


def test_the_socio_sport_seminar_of_6_may_2025_reserves_50_places_for_students(demo):
    event = Event.objects.get(title="Séminaire socio-sport")
    assert event.organiser.name == "Département d'Ille-et-Vilaine"
    assert event.starts_at.date() == datetime.date(2025, 5, 6) and "Askoria" in event.place
    assert event.quotas.get(audience=Audience.STUDENTS).places == 50
    assert event.sessions.filter(format="discovery_tables").exists()
    assert event.registrations.filter(checked_in_at__isnull=False).count() == 1


def test_the_seis_salon_is_open_to_outsiders_through_its_link(demo, client):
    salon = Event.objects.get(kind="salon")
    assert "SEIS" in salon.title and salon.is_public and salon.dates_are_illustrative
    assert salon.registrations.filter(is_outsider=True, status=RegistrationStatus.CONFIRMED).count() == 2
    page = client.get(salon.public_url())
    assert page.status_code == 200 and "Salon des expérimentations" in page.content.decode()


def test_the_two_erasmus_colloquia_last_three_days_for_200_participants(demo):
    colloquia = list(Event.objects.filter(kind="colloquium").order_by("starts_at"))
    assert len(colloquia) == 2
    for colloquium in colloquia:
        assert colloquium.capacity == 200
        assert (colloquium.ends_at.date() - colloquium.starts_at.date()).days == 2
    assert colloquia[0].place == "Grenoble"
    formats = set(colloquia[0].sessions.values_list("format", flat=True))
    assert {
        "discovery_tables",
        "project_accelerator",
        "co_construction",
        "world_cafe",
        "hackathon",
        "open_forum",
    } <= formats


def test_the_prefas_news_reach_dijon_s_agents(demo):
    from partenaria.accounts.models import User

    agent = User.objects.filter(memberships__organisation__name="Dijon Métropole").first()
    titles = list(NewsItem.objects.visible_to(agent).values_list("title", flat=True))
    assert any("PREFAS" in t for t in titles)
    assert Organisation.objects.get(news__title=titles[0])


def test_no_registrant_of_the_demo_has_a_real_address(demo):
    from partenaria.events.models import Registration

    assert all(r.email.endswith(".demo") for r in Registration.objects.all())
