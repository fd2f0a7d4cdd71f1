"""A delegation never holds more than ten professionals under simultaneous additions (EU4), proven on
PostgreSQL (SQLite serialises every writer: the race cannot happen there)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from partenaria.conventions.models import MemberStatus, PartnershipMember
from partenaria.europe import services
from partenaria.europe.models import Delegation, Participant
from tests.europe.factories import erasmus_world
from tests.events.test_concurrency import _at_once
from tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers: the race needs PostgreSQL"
    ),
]


def test_twelve_professionals_added_at_once_to_a_delegation_with_two_places_left():
    world = erasmus_world()
    PartnershipMember.objects.filter(partnership=world.partnership).update(status=MemberStatus.CONFIRMED)
    mobility = services.mobility_plan(
        by=world.officer,
        project=world.project,
        data={"host": world.aoste, "starts_on": datetime.date(2030, 5, 6)},
    )
    for _ in range(8):
        services.participant_add(
            by=world.officer, mobility=mobility, person=PersonFactory(organisation=world.isere)
        )
    people = [PersonFactory(organisation=world.loire) for _ in range(12)]

    outcomes = _at_once(
        12, lambda i: services.participant_add(by=world.officer, mobility=mobility, person=people[i])
    )

    unexpected = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ValidationError)]
    assert not unexpected, unexpected
    assert sum(1 for o in outcomes if isinstance(o, Participant)) == 2
    french = Delegation.objects.get(mobility=mobility, country="France")
    assert french.size == 10 == french.participants.count()
