"""The governance section of the annual progress report (AP3): the year's meetings, decisions, actions."""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.core.templatetags.partenaria import longdate
from partenaria.documents.blocks import BulletList, Heading, Paragraph, Table
from partenaria.reports.sections import ReportContext, register_section

from .models import Action, Decision, Meeting, MeetingStatus


@register_section("governance", title=gettext_lazy("Governance: committees and their decisions"), order=30)
def governance_section(context: ReportContext) -> list:
    """Meetings of the partnership's bodies during the year, their decisions and follow-up actions."""
    meetings = list(
        Meeting.objects.filter(
            body__partnership=context.partnership,
            starts_at__date__gte=context.first_day,
            starts_at__date__lte=context.last_day,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("number")),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("owner_organisation", "owner_person").order_by(
                    "due_on", "pk"
                ),
            ),
        )
        .order_by("starts_at", "pk")
    )
    if not meetings:
        return [
            Paragraph(_("No meeting of the partnership's bodies is recorded for this year."), emphasis=True)
        ]
    blocks: list = [
        Table(
            headers=(_("Date"), _("Committee"), _("Place"), _("State")),
            rows=tuple(
                (
                    longdate(timezone.localdate(meeting.starts_at)),
                    meeting.body.name,
                    meeting.place,
                    meeting.get_status_display(),
                )
                for meeting in meetings
            ),
            caption=_("Meetings of the year"),
        )
    ]
    decisions = [
        f"{meeting.body.name}, {longdate(timezone.localdate(meeting.starts_at))} – {decision.number}. {decision.text}"
        for meeting in meetings
        for decision in meeting.decisions.all()
    ]
    if decisions:
        blocks += [Heading(_("Decisions"), level=2), BulletList(tuple(decisions))]
    actions = [action for meeting in meetings for action in meeting.actions.all()]
    if actions:
        blocks += [
            Heading(_("Follow-up actions"), level=2),
            Table(
                headers=(_("Action"), _("Carried by"), _("Due on"), _("Done on")),
                rows=tuple(
                    (
                        action.text,
                        action.owner,
                        longdate(action.due_on),
                        longdate(action.done_on) if action.done_on else _("open"),
                    )
                    for action in actions
                ),
            ),
        ]
    return blocks
