"""Open actions with a due date, as deadlines (AP1): the Échéances page, the dashboard, the calendar
feed and the e-mail reminders list them through ``deadlines.engine.register_source``.

Rules:
- only open actions (planned or in progress) with a due date; done and abandoned ones are finished;
- every convention but a draft: a draft binds no one, but an expired or superseded convention whose
  actions were never closed still shows them as late, until someone records them as done or abandoned;
- an action due before today is late, with its progress in the reason;
- the people reminded are the managers of the owner party;
- two queries whatever the number of actions.
"""

import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.conventions.statuses import Status
from partenaria.deadlines.engine import Deadline, register_source

from .models import OPEN_STATUSES, Action

ACTION_KIND = "action"
_URL_MARKER = 2147483647


def _plan_url_pattern() -> str:
    return reverse("actionplan:plan", args=[_URL_MARKER]).replace(str(_URL_MARKER), "{pk}")


def action_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    from partenaria.core.templatetags.partenaria import longdate

    actions = (
        Action.objects.filter(
            axis__convention__partnership__in=partnerships.values("pk"),
            status__in=OPEN_STATUSES,
            due_date__isnull=False,
            due_date__lte=until,
        )
        .exclude(axis__convention__status=Status.DRAFT)
        .select_related("axis__convention__partnership")
        .order_by("due_date", "pk")
    )
    url_pattern = _plan_url_pattern()
    for action in actions:
        is_late = action.due_date < today
        convention = action.axis.convention
        reason = ""
        if is_late:
            reason = _("Due on %(date)s, %(progress)s %% done: record its progress or close it.") % {
                "date": longdate(action.due_date),
                "progress": action.progress,
            }
        yield Deadline(
            date=action.due_date,
            kind=ACTION_KIND,
            label=action.title,
            key=f"convention:{convention.pk}:action:{action.pk}:{action.due_date.isoformat()}",
            convention=convention,
            partnership=convention.partnership,
            organisation_ids=frozenset({action.owner_id}),
            is_late=is_late,
            reason=reason,
            url=url_pattern.format(pk=convention.pk) + f"#action-{action.pk}",
        )


register_source(action_source, kinds={ACTION_KIND: gettext_lazy("Action of the action plan due")})
