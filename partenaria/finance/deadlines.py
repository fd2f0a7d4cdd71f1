"""Conditional contributions not yet paid, as deadlines (FN2).

The date is the last day for the condition; the deadline is late when that day has passed without the
deliverable accepted, and *at risk* (said in the reason) when it is less than ``AT_RISK_DAYS`` away and
the deliverable is not accepted. Once accepted and not yet paid, the deadline tells the payer to pay.
Two queries whatever the number of contributions.
"""

import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.deadlines.engine import Deadline, register_source
from partenaria.research.models import DeliverableStatus

from .models import ConditionalContribution

CONDITION_KIND = "conditional_contribution"
AT_RISK_DAYS = 30
_URL_MARKER = 2147483647


def condition_state(contribution: ConditionalContribution, today: datetime.date) -> str:
    """« met », « late », « at_risk » or « open »: where the condition of a contribution stands."""
    if contribution.deliverable.status == DeliverableStatus.ACCEPTED:
        return "met"
    if contribution.due_by < today:
        return "late"
    if (contribution.due_by - today).days <= AT_RISK_DAYS:
        return "at_risk"
    return "open"


def conditional_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    from partenaria.core.templatetags.partenaria import longdate, money

    contributions = (
        ConditionalContribution.objects.filter(
            convention__partnership__in=partnerships.values("pk"), paid_on__isnull=True, due_by__lte=until
        )
        .select_related("convention__partnership", "deliverable")
        .order_by("due_by", "pk")
    )
    pattern = reverse("finance:convention", args=[_URL_MARKER]).replace(str(_URL_MARKER), "{pk}")
    for contribution in contributions:
        state = condition_state(contribution, today)
        if state == "met":
            reason = _("The condition is met: %(amount)s can be paid.") % {
                "amount": money(contribution.amount)
            }
            who = contribution.payer_id
        elif state == "late":
            reason = _("The deliverable « %(title)s » was not accepted by %(date)s.") % {
                "title": contribution.deliverable.title,
                "date": longdate(contribution.due_by),
            }
            who = contribution.beneficiary_id
        elif state == "at_risk":
            reason = _("At risk: the deliverable « %(title)s » is not accepted yet.") % {
                "title": contribution.deliverable.title
            }
            who = contribution.beneficiary_id
        else:
            reason, who = "", contribution.beneficiary_id
        if contribution.due_by < today and state != "late" and state != "met":
            continue
        yield Deadline(
            date=contribution.due_by,
            kind=CONDITION_KIND,
            label=f"{contribution.purpose} ({money(contribution.amount)})",
            key=f"convention:{contribution.convention_id}:conditional:{contribution.pk}:{contribution.due_by.isoformat()}",
            convention=contribution.convention,
            partnership=contribution.convention.partnership,
            organisation_ids=frozenset({who}),
            is_late=state == "late",
            reason=reason,
            url=pattern.format(pk=contribution.convention_id) + f"#conditional-{contribution.pk}",
        )


register_source(conditional_source, kinds={CONDITION_KIND: gettext_lazy("Condition of a contribution due")})
