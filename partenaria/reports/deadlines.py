"""Progress reports in the deadlines (AP3): due on the date the rule derives, late until sent."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.conventions.models import Convention
from partenaria.core.templatetags.partenaria import longdate
from partenaria.deadlines.engine import DEADLINE_STATUSES, Deadline

from .selectors import due_reports

KIND = "progress_report"


def report_source(partnerships, today, until):
    conventions = Convention.objects.filter(
        partnership__in=partnerships.values("pk"), status__in=DEADLINE_STATUSES
    )
    # Last year's report may still be late; older ones belong to the history.
    for item in due_reports(conventions, from_year=today.year - 1, until_year=until.year):
        if item.sent_on is not None:
            continue
        late = item.is_late(today)
        if not late and not today <= item.due.due_on <= until:
            continue
        convention = item.convention
        if item.due.committee_on:
            reason = _("Due on %(date)s, before the steering committee of %(committee)s; not sent.") % {
                "date": longdate(item.due.due_on),
                "committee": longdate(item.due.committee_on),
            }
        else:
            reason = _("Due on %(date)s; no steering committee is planned yet.") % {
                "date": longdate(item.due.due_on)
            }
        yield Deadline(
            date=item.due.due_on,
            kind=KIND,
            label=_("Progress report %(year)s") % {"year": item.year},
            key=f"convention:{convention.pk}:report:{item.year}",
            convention=convention,
            partnership=convention.partnership,
            organisation_ids=frozenset(party.organisation_id for party in convention.parties.all()),
            is_late=late,
            reason=reason if late or not item.due.committee_on else "",
            url=reverse("reports:detail", args=[convention.pk, item.year]),
        )


KINDS = {KIND: gettext_lazy("Progress report due")}
