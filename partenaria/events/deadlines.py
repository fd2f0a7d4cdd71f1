"""Events as deadlines (EV1, issue 6 item 6): the last day to register and the event itself, on the
Échéances page, the dashboard, the calendar feed and the reminders. Events of a partnership, and
those its members hold alone, which their partners see. One query whatever the number of events.
"""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.deadlines.engine import Deadline, register_source

from .models import Event

REGISTRATION_CLOSES = "event_registration_closes"
EVENT_COMING = "event_coming"
KINDS = {
    REGISTRATION_CLOSES: gettext_lazy("Registrations to an event close"),
    EVENT_COMING: gettext_lazy("Event"),
}


def events_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    members = partnerships.values("members__organisation")
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(until, datetime.time.max))
    events = (
        Event.objects.filter(
            Q(partnership__in=partnerships.values("pk")) | Q(partnership__isnull=True, organiser__in=members),
            starts_at__gte=start,
            starts_at__lte=end,
        )
        .select_related("partnership", "organiser")
        .order_by("starts_at", "pk")
    )
    for event in events:
        day = timezone.localtime(event.starts_at).date()
        closes = event.last_registration_day()
        concerned = frozenset({event.organiser_id})
        if today <= closes <= until:
            yield Deadline(
                date=closes,
                kind=REGISTRATION_CLOSES,
                label=_("Last day to register: %(title)s") % {"title": event.title},
                key=f"event:{event.pk}:closes:{closes.isoformat()}",
                partnership=event.partnership,
                organisation_ids=concerned,
                url=event.get_absolute_url(),
            )
        yield Deadline(
            date=day,
            kind=EVENT_COMING,
            label=f"{event.get_kind_display()} : {event.title}",
            key=f"event:{event.pk}:starts:{day.isoformat()}",
            partnership=event.partnership,
            organisation_ids=concerned,
            reason=event.place,
            url=event.get_absolute_url(),
        )


register_source(events_source, kinds=KINDS)
