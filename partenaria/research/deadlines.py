"""Open deliverables as deadlines (RS3): the Échéances page, the dashboard, the calendar feed and the
reminders list them through ``deadlines.engine.register_source``.

Planned, submitted or sent-back deliverables with their due date; a deliverable due before today and
not accepted is late. The people reminded are the managers of the responsible party. Two queries
whatever the number of deliverables.
"""

import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.deadlines.engine import Deadline, register_source

from .models import OPEN_DELIVERABLE_STATUSES, Deliverable

DELIVERABLE_KIND = "deliverable"
_URL_MARKER = 2147483647


def deliverable_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    from partenaria.core.templatetags.partenaria import longdate

    deliverables = (
        Deliverable.objects.filter(
            project__partnership__in=partnerships.values("pk"),
            status__in=OPEN_DELIVERABLE_STATUSES,
            due_date__lte=until,
        )
        .select_related("project__partnership", "project__convention")
        .order_by("due_date", "pk")
    )
    pattern = reverse("research:project_detail", args=[_URL_MARKER]).replace(str(_URL_MARKER), "{pk}")
    for deliverable in deliverables:
        project = deliverable.project
        is_late = deliverable.due_date < today
        reason = ""
        if is_late:
            reason = _("Due on %(date)s and not accepted: send it or record its review.") % {
                "date": longdate(deliverable.due_date)
            }
        yield Deadline(
            date=deliverable.due_date,
            kind=DELIVERABLE_KIND,
            label=f"{deliverable.title} – {project.title}",
            key=f"research:{project.pk}:deliverable:{deliverable.pk}:{deliverable.due_date.isoformat()}",
            convention=project.convention,
            partnership=project.partnership,
            organisation_ids=frozenset({deliverable.responsible_id}),
            is_late=is_late,
            reason=reason,
            url=pattern.format(pk=project.pk) + f"#deliverable-{deliverable.pk}",
        )


register_source(deliverable_source, kinds={DELIVERABLE_KIND: gettext_lazy("Research deliverable due")})
