from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    name = "partenaria.rooms"
    label = "rooms"
    verbose_name = _("Rooms")

    def ready(self):
        from partenaria.core.audit import register_verbs

        from . import deadlines  # noqa: F401  (registers the upcoming bookings as deadlines)

        register_verbs(
            {
                "rooms.room_created": _("added a room"),
                "rooms.room_updated": _("changed a room"),
                "rooms.quota_set": _("recorded a quota of free room bookings"),
                "rooms.booked": _("booked a room"),
                "rooms.booking_confirmed": _("confirmed a room booking"),
                "rooms.booking_cancelled": _("cancelled a room booking"),
            }
        )
