"""Rooms, quotas and bookings in the situations of the Askoria amendment [000]: a school lends its
rooms to the Département, six bookings a year free, billed beyond."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import factory
from django.utils import timezone

from partenaria.organisations.models import Role
from partenaria.rooms import services
from partenaria.rooms.models import Room, RoomQuota
from tests.factories import ArticleFactory, ConventionFactory, officer_of


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    owner = factory.SubFactory("tests.factories.OrganisationFactory", school=True)
    name = factory.Sequence(lambda n: f"Salle {n}")
    location = "Campus de Rennes, bâtiment A"
    capacity = 40
    equipment = "Vidéoprojecteur, sonorisation"
    opens_at = datetime.time(8, 30)
    closes_at = datetime.time(18, 0)
    open_weekdays = "12345"
    price = Decimal("150.00")
    pricing_unit = "booking"

    class Params:
        per_hour = factory.Trait(pricing_unit="hour", price=Decimal("40.00"))
        shared = factory.Trait(open_to_partners=True)


def next_weekday(weekday: int = 1, weeks: int = 1) -> datetime.date:
    """The ISO ``weekday`` (1 = Monday) of the week ``weeks`` weeks from now."""
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(weeks=weeks)
    return monday + datetime.timedelta(days=weekday - 1)


def askoria_world(free_per_year: int = 6, **room_fields):
    """A Département and a school party to a two-year convention in force, whose article grants
    ``free_per_year`` free bookings of the school's rooms; one room of the school; an agent of the
    Département who books, the school's officer who manages the rooms."""
    # Its first convention year starts on the 1st of this month: the weeks to come fall in it.
    convention = ConventionFactory(
        start_date=timezone.localdate().replace(day=1), term_months=24, title="Avenant"
    )
    dept, school = [p.organisation for p in convention.parties.order_by("position")]
    article = ArticleFactory(
        convention=convention, number="1", body="La gratuité sera accordée à concurrence de 6 réservations."
    )
    quota = RoomQuota.objects.create(
        convention=convention, owner=school, free_per_year=free_per_year, article=article
    )
    room = RoomFactory(owner=school, **room_fields)
    return SimpleNamespace(
        convention=convention,
        dept=dept,
        school=school,
        article=article,
        quota=quota,
        room=room,
        agent=officer_of(dept, role=Role.AGENT),
        dept_officer=officer_of(dept),
        school_officer=officer_of(school),
    )


def booking_data(world, day=None, start=(9, 0), end=(11, 0), **extra):
    data = {
        "convention": world.convention,
        "day": day or next_weekday(2),
        "start_time": datetime.time(*start),
        "end_time": datetime.time(*end),
        "attendees": 20,
        "purpose": "Séminaire socio-sport",
    }
    data.update(extra)
    return data


def book(world, *, by=None, room=None, **kwargs):
    return services.booking_request(
        by=by or world.agent,
        room=room or world.room,
        organisation=world.dept,
        data=booking_data(world, **kwargs),
    )


def book_many(world, count: int, *, room=None, first_week: int = 1):
    """``count`` bookings on successive days (Monday to Friday) from ``first_week`` weeks ahead."""
    made = []
    for index in range(count):
        day = next_weekday(1 + index % 5, first_week + index // 5)
        made.append(book(world, day=day, room=room))
    return made
