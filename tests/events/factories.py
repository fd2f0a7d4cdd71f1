"""Events in business situations (EV1): the socio-sport seminar with its 50 student places [000], a
3-day colloquium of 200 participants [002], an event open to outsiders."""

import datetime

import factory
from django.utils import timezone

from partenaria.events.models import Audience, Event, EventKind, NewsItem, NewsKind, Quota
from tests.factories import PartnershipFactory


def _in_days(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class EventFactory(factory.django.DjangoModelFactory):
    """An event of the partnership's first member, in a month, 100 places all general."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    organiser = factory.LazyAttribute(lambda o: o.partnership.members.first().organisation)
    kind = EventKind.STUDY_DAY
    title = factory.Sequence(lambda n: f"Journée d'étude {n}")
    starts_at = factory.LazyFunction(lambda: _in_days(30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=8))
    place = "Askoria, Rennes"
    capacity = 100

    class Params:
        # The socio-sport seminar of the Département at Askoria, 50 places for students [000].
        socio_sport = factory.Trait(kind=EventKind.SEMINAR, title="Séminaire socio-sport", capacity=120)
        # An Erasmus+ colloquium: 3 days, 200 participants [002].
        colloquium = factory.Trait(
            kind=EventKind.COLLOQUIUM,
            title="Colloque européen",
            capacity=200,
            ends_at=factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(days=2, hours=8)),
        )
        public = factory.Trait(is_public=True)
        past = factory.Trait(starts_at=factory.LazyFunction(lambda: _in_days(-400)))

    @factory.post_generation
    def quotas(obj, create, extracted, **kwargs):
        """``EventFactory(quotas={"students": 50})``: reserved places; the general places hold the rest."""
        if not create:
            return
        reserved = extracted or {}
        for audience, places in reserved.items():
            Quota.objects.create(event=obj, audience=audience, places=places, open_to_public=obj.is_public)
        Quota.objects.create(
            event=obj,
            audience=Audience.GENERAL,
            places=obj.capacity - sum(reserved.values()),
            open_to_public=obj.is_public,
        )


class NewsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    publisher = factory.LazyAttribute(lambda o: PartnershipFactory().members.last().organisation)
    source = "Pôle ressource régional (PREFAS)"
    kind = NewsKind.STUDY_DAY
    title = factory.Sequence(lambda n: f"Journée d'étude du pôle ressource {n}")
    summary = "Une journée sur l'accompagnement des jeunes majeurs."
    published_on = factory.LazyFunction(timezone.localdate)


def quota(event, audience=Audience.GENERAL) -> Quota:
    return event.quotas.get(audience=audience)


def person(n: int, **extra) -> dict:
    return {
        "first_name": f"Camille{n}",
        "last_name": f"Martin{n}",
        "email": f"camille{n}@example.test",
        **extra,
    }
