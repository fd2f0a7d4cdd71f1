"""Demo rooms and bookings (EV2, FN3), played through ``rooms.services``.

- Askoria lends its rooms in Rennes to the Département d'Ille-et-Vilaine: « la gratuité sera accordée
  à concurrence de 6 réservations de salles. Au-delà, les réservations feront l'objet d'une
  facturation » [000 art. 1, 3.3], recorded as the quota of the 2025 amendment with that article.
- The first booking is the socio-sport seminar organised by the Département on 6 May 2025 at
  Askoria [000]; six more meetings follow, so that the six free bookings of 2025 are used and the
  seventh is billed. Askoria confirms them all.

The rooms, their capacity, hours and price, and every booking but the seminar's date are
illustrative (the amendment gives neither rooms nor price). Each booking is made a few weeks before
its day (``now``), as it would have been.
"""

import datetime
from decimal import Decimal

from partenaria.conventions.models import Article, Convention, ConventionKind
from partenaria.rooms import services
from partenaria.rooms.models import Booking

D = datetime.date
T = datetime.time

# (day, from, to, room, purpose, attendees): 2025, the year of the amendment.
ASKORIA_BOOKINGS = [
    (D(2025, 5, 6), T(9), T(17), "amphi", "Séminaire socio-sport (50 places réservées aux étudiants)", 120),
    (D(2025, 6, 12), T(14), T(17), "salle", "Comité de suivi de la convention", 18),
    (
        D(2025, 9, 18),
        T(9, 30),
        T(12, 30),
        "salle",
        "Groupe de travail « Vulnérabilités et transition écologique »",
        14,
    ),
    (D(2025, 10, 9), T(9), T(12), "salle", "Focus pro : bilan des contenus de formation", 25),
    (D(2025, 11, 6), T(14), T(17), "salle", "Commission pédagogique des formations bachelor", 20),
    (D(2025, 11, 27), T(9), T(17), "amphi", "Journée d'étude « Accompagnement social et territoires »", 110),
    (D(2025, 12, 11), T(14), T(17), "salle", "Comité de veille accueil stagiaires", 16),
]


def load(demo) -> None:
    from .loader import ASKORIA_PARTNERSHIP

    askoria, dept = demo.orgs["askoria"], demo.orgs["ille-et-vilaine"]
    nadia, claire = demo.officer("askoria"), demo.officer("ille-et-vilaine")
    amendment = Convention.objects.get(partnership__title=ASKORIA_PARTNERSHIP, kind=ConventionKind.AMENDMENT)
    article = Article.objects.get(convention=amendment, number="1")
    services.quota_set(
        by=nadia, owner=askoria, data={"convention": amendment, "free_per_year": 6, "article": article}
    )
    common = {"location": "Askoria, Rennes", "opens_at": T(8), "closes_at": T(18)}
    rooms = {
        "amphi": services.room_create(
            by=nadia,
            owner=askoria,
            data={
                **common,
                "name": "Amphithéâtre",
                "capacity": 150,
                "equipment": "Vidéoprojecteur, sonorisation, micros sans fil, boucle magnétique",
                "open_weekdays": "12345",
                "price": Decimal("450.00"),
                "pricing_unit": "booking",
            },
        ),
        "salle": services.room_create(
            by=nadia,
            owner=askoria,
            data={
                **common,
                "name": "Salle de réunion du 2e étage",
                "capacity": 30,
                "equipment": "Écran, visioconférence, tableau blanc",
                "open_weekdays": "12345",
                "price": Decimal("180.00"),
                "pricing_unit": "booking",
            },
        ),
    }
    for day, start, end, room, purpose, attendees in ASKORIA_BOOKINGS:
        booking = services.booking_request(
            by=claire,
            room=rooms[room],
            organisation=dept,
            data={
                "convention": amendment,
                "day": day,
                "start_time": start,
                "end_time": end,
                "attendees": attendees,
                "purpose": purpose,
            },
            now=demo_now(day),
        )
        services.booking_confirm(by=nadia, booking=booking)


def demo_now(day: datetime.date) -> datetime.datetime:
    """When the booking was made: three weeks before its day (illustrative)."""
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day - datetime.timedelta(weeks=3), T(10)))


def reset(organisations) -> None:
    """Delete the demo's rooms and bookings before its conventions and organisations (they protect them)."""
    from django.contrib.contenttypes.models import ContentType

    from partenaria.core.models import AuditEvent
    from partenaria.rooms.models import InvoiceLine, Room, RoomQuota

    rooms = Room.objects.filter(owner__in=organisations)
    bookings = Booking.objects.filter(room__owner__in=organisations)
    for model, queryset in ((Room, rooms), (Booking, bookings)):
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=list(queryset.values_list("pk", flat=True)),
        ).delete()
    InvoiceLine.objects.filter(owner__in=organisations).delete()
    bookings.delete()
    rooms.delete()
    RoomQuota.objects.filter(owner__in=organisations).delete()
