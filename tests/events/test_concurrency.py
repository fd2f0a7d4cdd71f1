"""No overbooking under simultaneous registrations (EV1, issue 6), proven on PostgreSQL.

Many threads, each with its own database connection, register at the same instant for the last places
of a quota: exactly the places left succeed, the others are on the waiting list, and the counter
matches the rows. On SQLite the database serialises every writer, so the race cannot happen there:
these tests run in the PostgreSQL run of the CI (``make test-pg``).
"""

import threading

import pytest
from django.db import connection, connections

from partenaria.events import services
from partenaria.events.models import Audience, Registration, RegistrationStatus
from tests.events.factories import EventFactory, person, quota

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers: the race needs PostgreSQL"
    ),
]


def _at_once(count: int, act) -> list:
    """Run ``act(i)`` in ``count`` threads released together; return each outcome or exception."""
    barrier = threading.Barrier(count)
    outcomes: list = [None] * count

    def run(i):
        try:
            barrier.wait()
            outcomes[i] = act(i)
        except Exception as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_simultaneous_registrations_for_the_last_places_never_overbook():
    # The socio-sport seminar: 50 student places [000], 45 already taken, 30 students at once.
    event = EventFactory(socio_sport=True, quotas={Audience.STUDENTS: 50})
    students = quota(event, Audience.STUDENTS)
    for n in range(45):
        services.registration_register(event=event, quota=students, data=person(1000 + n), consent=True)

    outcomes = _at_once(
        30,
        lambda i: services.registration_register(event=event, quota=students, data=person(i), consent=True),
    )

    assert not [o for o in outcomes if isinstance(o, Exception)]
    statuses = [o.status for o in outcomes]
    assert statuses.count(RegistrationStatus.CONFIRMED) == 5
    assert statuses.count(RegistrationStatus.WAITING) == 25
    students.refresh_from_db()
    assert students.taken == 50
    confirmed = Registration.objects.filter(quota=students, status=RegistrationStatus.CONFIRMED).count()
    assert confirmed == 50


def test_simultaneous_cancellations_promote_each_waiting_person_once():
    event = EventFactory(capacity=10)
    general = quota(event)
    holders = [
        services.registration_register(event=event, quota=general, data=person(n), consent=True)
        for n in range(10)
    ]
    waiting = [
        services.registration_register(event=event, quota=general, data=person(100 + n), consent=True)
        for n in range(6)
    ]

    outcomes = _at_once(4, lambda i: services.registration_cancel(registration=holders[i]))

    assert not [o for o in outcomes if isinstance(o, Exception)]
    promoted = sorted(r.pk for o in outcomes for r in o)
    assert promoted == [r.pk for r in waiting[:4]]  # first come, first served, each once
    general.refresh_from_db()
    assert general.taken == 10
    assert Registration.objects.filter(quota=general, status=RegistrationStatus.CONFIRMED).count() == 10


def test_the_same_address_submitted_twice_at_once_registers_once():
    event = EventFactory()
    general = quota(event)
    outcomes = _at_once(
        5, lambda i: services.registration_register(event=event, quota=general, data=person(7), consent=True)
    )
    assert sum(1 for o in outcomes if isinstance(o, Registration)) == 1
    general.refresh_from_db()
    assert general.taken == 1 == Registration.objects.filter(event=event).count()
