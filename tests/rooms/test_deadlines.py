"""Upcoming bookings feed the Échéances, the dashboard and the calendar feed (EV2, AP4)."""

import datetime

import pytest
from django.utils import timezone

from partenaria.deadlines import engine
from partenaria.rooms import services
from partenaria.rooms.deadlines import BOOKING_KIND, booking_source

from .factories import askoria_world, book, book_many, next_weekday

pytestmark = pytest.mark.django_db


def bookings_of(user, days=60):
    today = timezone.localdate()
    items = engine.for_user(user, today=today, until=today + datetime.timedelta(days=days))
    return [d for d in items if d.kind == BOOKING_KIND]


def test_an_upcoming_booking_is_a_deadline_of_both_organisations_until_it_is_cancelled():
    world = askoria_world()
    booking = book(world, day=next_weekday(2), purpose="Comité de suivi")
    for user in (world.dept_officer, world.school_officer):
        (item,) = bookings_of(user)
        assert "Comité de suivi" in item.label and item.url == booking.get_absolute_url()
        assert item.reason == "À confirmer par l'organisation propriétaire de la salle."
    services.booking_cancel(by=world.agent, booking=booking)
    assert bookings_of(world.dept_officer) == []


def test_the_source_reads_one_query_whatever_the_number_of_bookings(django_assert_num_queries):
    world = askoria_world(free_per_year=30)
    book_many(world, 2)
    partnerships = engine.partnerships_of(world.dept_officer, world.dept)
    today = timezone.localdate()
    until = today + datetime.timedelta(days=90)
    with django_assert_num_queries(1):
        assert len(list(booking_source(partnerships, today, until))) == 2
    book_many(world, 8, first_week=3)
    with django_assert_num_queries(1):
        assert len(list(booking_source(partnerships, today, until))) == 10
