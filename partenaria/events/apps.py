from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "partenaria.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from partenaria.core.audit import register_verbs

        from . import deadlines  # noqa: F401  (registration closing days and coming events as deadlines)

        register_verbs(
            {
                "events.created": _("created the event"),
                "events.changed": _("changed the event"),
                "events.quota_set": _("set the places of an audience"),
                "events.session_added": _("added a session to the programme"),
                "events.registered": _("registered a person"),
                "events.waitlisted": _("put a person on the waiting list"),
                "events.registration_cancelled": _("cancelled a registration"),
                "events.promoted": _("gave a freed place to the first of the waiting list"),
                "events.checked_in": _("recorded the arrival of a participant"),
                "events.registrations_anonymised": _("anonymised the registrations of outsiders"),
                "events.news_published": _("published a news item"),
            }
        )
