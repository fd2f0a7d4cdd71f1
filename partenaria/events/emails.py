"""E-mails of a registration (EV1): confirmed with the event's .ics file, on the waiting list, or
promoted from it. Built and sent after commit, from the data as committed."""

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import ical


def _site() -> str:
    return settings.PARTENARIA_SITE_URL.rstrip("/")


def _event_url(event) -> str:
    # An outsider has no account: the public page is the one they can open.
    return _site() + (event.public_url() if event.is_public else event.get_absolute_url())


def _message(registration, *, subject: str, template: str, with_calendar: bool) -> EmailMessage:
    event = registration.event
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            template,
            {
                "registration": registration,
                "event": event,
                "starts": timezone.localtime(event.starts_at),
                "ends": timezone.localtime(event.ends_at),
                "url": _event_url(event),
                "cancel_url": _site() + registration.cancel_url(),
            },
        )
    message = EmailMessage(subject=subject[:200], body=body, to=[registration.email])
    if with_calendar:
        message.attach("evenement.ics", ical.event_calendar(event, url=_event_url(event)), "text/calendar")
    return message


def confirmation(registration) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Registration confirmed: %(title)s") % {"title": registration.event.title}
    return _message(registration, subject=subject, template="events/email_confirmed.txt", with_calendar=True)


def waiting(registration) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Waiting list: %(title)s") % {"title": registration.event.title}
    return _message(registration, subject=subject, template="events/email_waiting.txt", with_calendar=False)


def promoted(registration) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("A place is yours: %(title)s") % {"title": registration.event.title}
    return _message(registration, subject=subject, template="events/email_promoted.txt", with_calendar=True)


def send(messages: list[EmailMessage]) -> None:
    mailers.default.send_messages(messages)
