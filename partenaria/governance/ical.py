"""The iCalendar file of one meeting (GV4): attached to the invitations, and behind « Ajouter à mon
agenda ». The UID is stable, so a calendar updates the event when the meeting moves."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

PRODID = "-//Partenaria//Governance//FR"
DEFAULT_LENGTH = datetime.timedelta(hours=2)


def meeting_calendar(meeting, *, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"governance-meeting-{meeting.pk}@partenaria")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC).replace(microsecond=0))
    starts = meeting.starts_at.astimezone(datetime.UTC)
    ends = (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(datetime.UTC)
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", f"{meeting.body.name} – {meeting.body.partnership.title}")
    if meeting.place:
        event.add("location", meeting.place)
    lines = []
    if meeting.convened_by_id:
        lines.append(_("Convened by %(party)s") % {"party": meeting.convened_by.display_name})
    items = list(meeting.agenda_items.all())
    if items:
        lines.append(_("Agenda:"))
        lines.extend(f"{item.position}. {item.title}" for item in items)
    lines.append(url)
    event.add("description", "\n".join(lines))
    event.add("url", url)
    if meeting.status == "cancelled":
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()
