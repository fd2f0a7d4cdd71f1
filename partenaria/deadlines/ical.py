"""iCalendar files of deadlines: one all-day event per deadline, with a stable UID."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//Partenaria//Deadlines//FR"


def calendar_of(deadlines, *, name: str, absolute_url) -> bytes:
    """``absolute_url(path)`` turns a deadline's path into a full URL."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for deadline in deadlines:
        calendar.add_component(_event(deadline, stamp, absolute_url))
    return calendar.to_ical()


def _event(deadline, stamp, absolute_url) -> Event:
    event = Event()
    event.add("uid", f"{deadline.key}@partenaria")
    event.add("dtstamp", stamp)
    # An all-day event: a DATE start and no end lasts the whole day (RFC 5545, 3.6.1).
    event.add("dtstart", deadline.date)
    summary = deadline.title
    if deadline.is_late:
        summary = _("LATE: %(title)s") % {"title": summary}
    event.add("summary", summary)
    lines = []
    if deadline.kind_label != deadline.label:
        lines.append(deadline.kind_label)
    if deadline.partnership is not None:
        lines.append(_("Partnership: %(title)s") % {"title": deadline.partnership.title})
    if deadline.reason:
        lines.append(deadline.reason)
    if deadline.url:
        url = absolute_url(deadline.url)
        lines.append(url)
        event.add("url", url)
    event.add("description", "\n".join(lines))
    event.add("transp", "TRANSPARENT")
    return event
