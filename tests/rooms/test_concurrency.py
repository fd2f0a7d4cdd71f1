"""Simultaneous bookings on PostgreSQL (trust 21, EV2, FN3): two people book at the same moment.

Each booking runs in its own thread, hence its own database connection and transaction; a barrier
releases them together. Skipped on SQLite, whose transactions take the write lock when they begin
(``transaction_mode=IMMEDIATE``), so that bookings there are serial by construction (the serial
cases are in test_services.py).
"""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from partenaria.rooms import services
from partenaria.rooms.models import Booking
from tests.rooms.factories import RoomFactory, askoria_world, book, booking_data, next_weekday

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL's row locks and constraint"
    ),
]


def run_together(*acts):
    """Run the callables at the same moment, each in its own thread; return (results, errors)."""
    barrier = threading.Barrier(len(acts))
    results, errors = [], []

    def worker(act):
        try:
            barrier.wait(timeout=10)
            results.append(act())
        except ValidationError as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(act,)) for act in acts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


def request(world, room, day, start, end):
    return lambda: services.booking_request(
        by=world.agent,
        room=room,
        organisation=world.dept,
        data=booking_data(world, day=day, start=start, end=end),
    )


@pytest.mark.parametrize("attempt", range(3))
def test_two_simultaneous_bookings_of_the_same_slot_exactly_one_succeeds(attempt):
    world = askoria_world()
    day = next_weekday(2)
    results, errors = run_together(
        request(world, world.room, day, (9, 0), (11, 0)), request(world, world.room, day, (10, 0), (12, 0))
    )
    assert len(results) == 1 and len(errors) == 1
    message = " ".join(errors[0].messages)
    assert "déjà réservée" in message or "vient d'être réservée" in message
    assert Booking.objects.count() == 1


def test_two_simultaneous_bookings_for_the_last_free_one_are_not_both_free():
    world = askoria_world(free_per_year=1)
    other_room = RoomFactory(owner=world.school)
    day = next_weekday(3)
    results, errors = run_together(
        request(world, world.room, day, (9, 0), (10, 0)), request(world, other_room, day, (9, 0), (10, 0))
    )
    assert not errors
    assert sorted(b.is_free for b in results) == [False, True]
    assert Booking.objects.filter(is_free=True).count() == 1


def test_the_database_refuses_an_overlapping_booking_written_behind_the_service():
    world = askoria_world()
    booking = book(world)
    clone = Booking.objects.get(pk=booking.pk)
    clone.pk = None
    clone.start = booking.start + datetime.timedelta(minutes=30)
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    # a cancelled booking holds no slot
    clone.status = "cancelled"
    clone.save()
    assert Booking.objects.count() == 2
