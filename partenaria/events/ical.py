"""iCalendar of events (EV1): the file attached to a confirmation and behind « Ajouter à mon
agenda », and the private feed of the events one sees. The UID is stable, so a calendar updates an
event when it moves."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Partenaria//Events//FR"


def _calendar(name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def _component(event, url: str, stamp) -> Event:
    item = Event()
    item.add("uid", f"event-{event.pk}@partenaria")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.starts_at.astimezone(datetime.UTC))
    item.add("dtend", event.ends_at.astimezone(datetime.UTC))
    item.add("summary", f"{event.get_kind_display()} – {event.title}")
    item.add("location", event.place)
    lines = [event.organiser.display_name]
    if event.description:
        lines.append(event.description)
    lines.append(url)
    item.add("description", "\n".join(lines))
    item.add("url", url)
    item.add("status", "CONFIRMED")
    return item


def event_calendar(event, *, url: str) -> bytes:
    calendar = _calendar()
    calendar.add("method", "PUBLISH")
    calendar.add_component(
        _component(event, url, timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    )
    return calendar.to_ical()


def events_feed(events, *, name: str, absolute_url) -> bytes:
    """``absolute_url(path)`` turns an event's page into a full URL."""
    calendar = _calendar(name)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for event in events:
        calendar.add_component(_component(event, absolute_url(event.get_absolute_url()), stamp))
    return calendar.to_ical()
