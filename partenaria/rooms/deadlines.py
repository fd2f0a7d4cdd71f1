"""Upcoming room bookings as deadlines (EV2, AP4): they appear on the Échéances page, the dashboard,
the calendar feed and the reminders through the engine's source registry. Past bookings are not
listed (nothing is left to do). One query whatever the number of bookings."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.deadlines.engine import Deadline, register_source

BOOKING_KIND = "room_booking"
_URL_MARKER = 2147483647


def booking_source(partnerships: QuerySet, today, until):
    from .models import Booking, BookingStatus

    bookings = (
        Booking.objects.live()
        .filter(
            convention__partnership__in=partnerships.values("pk"),
            start__date__gte=today,
            start__date__lte=until,
        )
        .select_related("room__owner", "organisation", "convention__partnership")
        .order_by("start", "pk")
    )
    pattern = reverse("rooms:booking_detail", args=[_URL_MARKER]).replace(str(_URL_MARKER), "{pk}")
    for booking in bookings:
        local = timezone.localtime(booking.start)
        pending = booking.status == BookingStatus.REQUESTED
        yield Deadline(
            date=local.date(),
            kind=BOOKING_KIND,
            label=_("%(room)s (%(owner)s), %(time)s: %(purpose)s")
            % {
                "room": booking.room.name,
                "owner": booking.room.owner.display_name,
                "time": time_format(local.time(), "G\\hi"),
                "purpose": booking.purpose,
            },
            key=f"booking:{booking.pk}:{local.date().isoformat()}",
            convention=booking.convention,
            partnership=booking.convention.partnership,
            organisation_ids=frozenset({booking.organisation_id, booking.room.owner_id}),
            reason=_("To be confirmed by the owner of the room.") if pending else "",
            url=pattern.format(pk=booking.pk),
        )


register_source(booking_source, kinds={BOOKING_KIND: gettext_lazy("Room booking")})
