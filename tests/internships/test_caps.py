"""The legal caps of a placement at their boundary (IN7, L124-5, L124-11, R124-10).

Exactly at the cap passes; one more is refused with a French message on the field, nothing saved.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from partenaria.internships.models import ApplicationStatus, Placement
from tests.factories import UnitFactory, officer_of

from .factories import (
    START,
    CampaignFactory,
    HostSiteFactory,
    OfferFactory,
    StudentFactory,
    TutorFactory,
    diploma,
    internship_world,
    place,
)

pytestmark = pytest.mark.django_db


def refused(call) -> dict:
    before = Placement.objects.count()
    with pytest.raises(ValidationError) as exc:
        call()
    assert Placement.objects.count() == before
    return exc.value.message_dict


def test_six_months_per_school_year_in_the_same_host_all_schools_and_services_together():
    world = internship_world(headcount=100)
    first = place(world, weeks=4)  # 140 h on the first site, through the first school
    assert first.total_hours == Decimal(140)
    # The same person, recorded by another school, in another service of the same Département.
    other_school = CampaignFactory(host=world.campaign.host, school_year=world.campaign.school_year)
    other_site = HostSiteFactory(unit=UnitFactory(organisation=world.campaign.host), headcount=100)
    other_offer = OfferFactory(campaign=other_school, site=other_site, places=5)
    other_tutor = TutorFactory(site=other_site)
    same_person = StudentFactory(school=other_school.school, email=first.student.email.upper())
    later = START + datetime.timedelta(days=35)
    world.school_officer = officer_of(other_school.school)

    errors = refused(
        lambda: place(
            world,
            offer=other_offer,
            tutor=other_tutor,
            student=same_person,
            start=later,
            weeks=28,
            weekly=Decimal("28.1"),
        )
    )
    assert "6 mois" in errors["end"][0] and "924" in errors["end"][0]

    again = StudentFactory(school=other_school.school, email=first.student.email.title())
    second = place(
        world, offer=other_offer, tutor=other_tutor, student=again, start=later, weeks=28, weekly=Decimal(28)
    )
    assert first.total_hours + second.total_hours == Decimal(924)


def test_three_interns_at_once_per_tutor():
    world = internship_world(headcount=100)
    for _ in range(3):
        place(world)
    errors = refused(lambda: place(world))
    assert "3 stagiaires" in errors["tutor"][0]
    # After the three have left, the tutor takes a new one.
    assert place(world, start=START + datetime.timedelta(days=28)).tutor == world.tutor


def test_three_interns_at_once_in_a_host_under_twenty_staff():
    world = internship_world(headcount=19)
    tutors = [
        world.tutor,
        TutorFactory(site=world.site),
        TutorFactory(site=world.site),
        TutorFactory(site=world.site),
    ]
    for tutor in tutors[:3]:
        place(world, tutor=tutor)
    errors = refused(lambda: place(world, tutor=tutors[3]))
    assert "3 stagiaires en même temps" in errors["start"][0]


def test_fifteen_percent_of_headcount_rounded_up_from_twenty_staff():
    world = internship_world(headcount=21)  # 3.15 -> 4
    tutors = [world.tutor] + [TutorFactory(site=world.site) for _ in range(4)]
    for tutor in tutors[:4]:
        place(world, tutor=tutor)
    assert "start" in refused(lambda: place(world, tutor=tutors[4]))


def test_waiting_period_of_a_third_on_the_same_post():
    world = internship_world(headcount=100)
    world.offer = OfferFactory(campaign=world.campaign, site=world.site, places=1, post="Accueil du public")
    first = place(world, weeks=4)  # 5 to 30 October: 26 days, 9 days of wait
    assert first.end_date == datetime.date(2026, 10, 30)
    errors = refused(lambda: place(world, start=datetime.date(2026, 11, 8)))
    assert "9 novembre 2026" in errors["start"][0]
    assert place(world, start=datetime.date(2026, 11, 9)).start_date == datetime.date(2026, 11, 9)


def test_no_waiting_period_between_the_places_of_a_multi_place_offer():
    world = internship_world(headcount=100)  # the offer has 20 places: 20 posts
    place(world, weeks=4)
    assert place(world, start=datetime.date(2026, 11, 2)).start_date == datetime.date(2026, 11, 2)


def test_a_tutor_must_hold_the_diploma_of_the_intern():
    world = internship_world()
    es_tutor = TutorFactory(site=world.site, qualification=diploma("ES"))
    errors = refused(lambda: place(world, tutor=es_tutor))
    assert "ASS" in errors["tutor"][0] and "ES" in errors["tutor"][0]


def test_bad_dates_and_hours_are_refused_on_their_field():
    world = internship_world()
    from partenaria.internships import services

    from .factories import ApplicationFactory

    application = ApplicationFactory(offer=world.offer, accepted=True)
    call = lambda **kw: services.placement_create(  # noqa: E731
        by=world.school_officer, application=application, tutor=world.tutor, **kw
    )
    assert "end" in refused(
        lambda: call(start=START, end=START - datetime.timedelta(days=1), weekly_hours=Decimal(35))
    )
    errors = refused(
        lambda: call(start=START, end=START + datetime.timedelta(days=30), weekly_hours=Decimal(49))
    )
    assert "48" in errors["weekly_hours"][0]
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
