"""Factories of the governance situations (GV1-GV5).

BodyFactory(twice_a_year=True)              # the Haut-Rhin steering committee's rhythm
SeatFactory(body=body, substitute_for=seat)  # a substitute paired with a titular
MeetingFactory(body=body, held=True, on=day)
"""

import datetime

import factory
from django.utils import timezone

from partenaria.governance.models import (
    Action,
    Body,
    BodyKind,
    CompositionRule,
    Meeting,
    MeetingStatus,
    Seat,
    SeatKind,
)
from tests.factories import PartnershipFactory, PersonFactory


def at(day: datetime.date, hour: int = 14) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    partnership = factory.SubFactory(PartnershipFactory)
    kind = BodyKind.STEERING_COMMITTEE
    name = factory.Sequence(lambda n: f"Comité de pilotage {n}")
    mission = "Suit la convention."

    class Params:
        annual = factory.Trait(meetings_per_year=1, rhythm_text="annuellement")
        twice_a_year = factory.Trait(
            meetings_per_year=2,
            rhythm_text="au moins deux fois par an, à l'initiative de l'une ou l'autre partie",
        )
        follow_up = factory.Trait(
            kind=BodyKind.FOLLOW_UP_COMMITTEE, name=factory.Sequence(lambda n: f"Comité de suivi {n}")
        )


def first_member(body):
    return body.partnership.members.order_by("pk").first().organisation


class RuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompositionRule

    body = factory.SubFactory(BodyFactory)
    role = "Conseiller départemental"
    organisation = factory.LazyAttribute(lambda o: first_member(o.body))
    min_count = 1
    max_count = 1


class SeatFactory(factory.django.DjangoModelFactory):
    """A titular seat; ``SeatFactory(substitute_for=titular)`` is a substitute paired with it."""

    class Meta:
        model = Seat

    body = factory.SubFactory(BodyFactory)
    rule = None
    substitute_for = None
    kind = factory.LazyAttribute(lambda o: SeatKind.SUBSTITUTE if o.substitute_for else SeatKind.TITULAR)
    person = factory.LazyAttribute(
        lambda o: PersonFactory(
            organisation=o.rule.organisation if o.rule else first_member(o.body),
            email=f"membre{next(_emails)}@example.test",
        )
    )


_emails = iter(range(1, 10**9))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    starts_at = factory.LazyAttribute(lambda o: at(o.on))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    place = "Salle du conseil"
    status = MeetingStatus.PLANNED

    class Params:
        on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))
        held = factory.Trait(status=MeetingStatus.HELD)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory)
    text = "Transmettre la synthèse"
    owner_organisation = factory.LazyAttribute(lambda o: first_member(o.meeting.body))
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    class Params:
        late = factory.Trait(
            due_on=factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
        )
