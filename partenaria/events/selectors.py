"""Reads of the events for other pages (the dashboard). One query whatever the number of events."""

from django.db.models import Count, Q
from django.utils import timezone

from .models import Event, RegistrationStatus


def coming_events(user, organisation, *, limit: int = 5) -> list[Event]:
    """The next events of the organisation, its partnerships and its partners, with places taken."""
    events = Event.objects.visible_to(user).filter(
        pk__in=Event.objects.of_organisation(organisation).values("pk"), ends_at__gte=timezone.now()
    )
    return list(
        events.select_related("organiser")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        )
        .order_by("starts_at", "pk")[:limit]
    )
