"""The governance source of the deadline engine (GV3, GV4): next meetings due by a body's rhythm
(late when the body is behind), planned meetings, and open follow-up actions (late when past due).

Registered in ``GovernanceConfig.ready``: the items reach the Échéances page, the dashboard, the
iCalendar feed and the reminders. Four queries, whatever the number of bodies.
"""

import datetime

from django.db.models import Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.conventions.models import PartnershipMember
from partenaria.deadlines.engine import Deadline

from .models import Action, Body, Meeting, MeetingStatus
from .rules import rhythm


class Kind:
    MEETING_DUE = "governance_meeting_due"
    MEETING = "governance_meeting"
    ACTION = "governance_action"


KINDS = {
    Kind.MEETING_DUE: gettext_lazy("Meeting due by the body's rhythm"),
    Kind.MEETING: gettext_lazy("Meeting of a body"),
    Kind.ACTION: gettext_lazy("Follow-up action due"),
}

_MARKER = 2147483647


def _pattern(name: str) -> str:
    return reverse(name, args=[_MARKER]).replace(str(_MARKER), "{pk}")


def bodies_with_rhythm(partnerships: QuerySet):
    """Active bodies of ``partnerships`` with the date of their last meeting held (one query)."""
    return (
        Body.objects.active()
        .filter(partnership__in=partnerships.values("pk"))
        .select_related("partnership")
        .annotate(last_held_at=Max("meetings__starts_at", filter=Q(meetings__status=MeetingStatus.HELD)))
        .order_by("pk")
    )


def body_rhythm(body: Body, today: datetime.date):
    """The rhythm of a body annotated by ``bodies_with_rhythm`` (or read with one query)."""
    if hasattr(body, "last_held_at"):
        last = body.last_held_at
    else:
        last = body.meetings.filter(status=MeetingStatus.HELD).aggregate(last=Max("starts_at"))["last"]
    held = [timezone.localtime(last).date()] if last else []
    return rhythm(body.meetings_per_year, held_on=held, today=today, since=body.established_on)


def governance_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    bodies = list(bodies_with_rhythm(partnerships))
    if not bodies:
        return
    members: dict[int, set[int]] = {}
    for partnership_id, organisation_id in PartnershipMember.objects.filter(
        partnership_id__in={b.partnership_id for b in bodies}
    ).values_list("partnership_id", "organisation_id"):
        members.setdefault(partnership_id, set()).add(organisation_id)
    by_pk = {body.pk: body for body in bodies}
    planned = list(
        Meeting.objects.filter(
            body_id__in=by_pk, status=MeetingStatus.PLANNED, starts_at__date__gte=today
        ).order_by("starts_at", "pk")
    )
    next_planned: dict[int, datetime.date] = {}
    body_url, meeting_url = _pattern("governance:body_detail"), _pattern("governance:meeting_detail")

    def make(body, *, key, kind, label, date, url, is_late=False, reason=""):
        return Deadline(
            date=date,
            kind=kind,
            label=label,
            key=key,
            partnership=body.partnership,
            organisation_ids=frozenset(members.get(body.partnership_id, ())),
            is_late=is_late,
            reason=reason,
            url=url,
        )

    for meeting in planned:
        day = timezone.localtime(meeting.starts_at).date()
        next_planned.setdefault(meeting.body_id, day)
        if day <= until:
            body = by_pk[meeting.body_id]
            yield make(
                body,
                key=f"governance:meeting:{meeting.pk}",
                kind=Kind.MEETING,
                label=_("Meeting: %(body)s") % {"body": body.name},
                date=day,
                url=meeting_url.format(pk=meeting.pk),
            )
    for body in bodies:
        state = body_rhythm(body, today)
        if state is None or state.next_due is None:
            continue
        planned_on = next_planned.get(body.pk)
        label = _("Meet the %(body)s") % {"body": body.name}
        if state.is_behind:
            reason = _("Due on %(date)s by its rhythm (%(count)s a year); last meeting held: %(last)s.") % {
                "date": _format(state.next_due),
                "count": state.meetings_per_year,
                "last": _format(state.last_held) if state.last_held else _("none"),
            }
            if planned_on:
                reason += " " + _("Next meeting planned on %(date)s.") % {"date": _format(planned_on)}
            yield make(
                body,
                key=f"governance:body:{body.pk}:due",
                kind=Kind.MEETING_DUE,
                label=label,
                date=state.next_due,
                url=body_url.format(pk=body.pk),
                is_late=True,
                reason=reason,
            )
        elif today <= state.next_due <= until and not (planned_on and planned_on <= state.next_due):
            # A meeting already planned in time is the obligation: it is listed once, as the meeting.
            yield make(
                body,
                key=f"governance:body:{body.pk}:due:{state.next_due.isoformat()}",
                kind=Kind.MEETING_DUE,
                label=label,
                date=state.next_due,
                url=body_url.format(pk=body.pk),
            )
    actions = (
        Action.objects.open()
        .filter(meeting__body_id__in=by_pk, due_on__lte=until)
        .select_related("meeting", "owner_organisation", "owner_person")
        .order_by("due_on", "pk")
    )
    for action in actions:
        body = by_pk[action.meeting.body_id]
        late = action.due_on < today
        yield make(
            body,
            key=f"governance:action:{action.pk}",
            kind=Kind.ACTION,
            label=action.text,
            date=action.due_on,
            url=meeting_url.format(pk=action.meeting_id) + "#actions",
            is_late=late,
            reason=(
                _("Carried by %(owner)s, due on %(date)s and not done.")
                % {"owner": action.owner, "date": _format(action.due_on)}
                if late
                else ""
            ),
        )


def _format(date: datetime.date) -> str:
    from partenaria.core.templatetags.partenaria import longdate

    return longdate(date)
