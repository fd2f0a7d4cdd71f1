"""European projects as deadlines (EU1, EU4): the call deadline of each project sheet and the first
day of each learning mobility, on the Échéances page, the dashboard, the calendar feed and the
reminders. Derived from the sheet and the mobilities, never stored; two sources of one query each,
whatever their number.
"""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.deadlines.engine import Deadline, register_source

from .models import EuropeanProject, Mobility

CALL_DEADLINE = "european_call_deadline"
MOBILITY = "european_mobility"
KINDS = {
    CALL_DEADLINE: gettext_lazy("Call deadline of a European project"),
    MOBILITY: gettext_lazy("Learning mobility"),
}


def call_deadlines_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    projects = EuropeanProject.objects.filter(
        partnership__in=partnerships.values("pk"), call_deadline__gte=today, call_deadline__lte=until
    ).select_related("partnership")
    for project in projects:
        yield Deadline(
            date=project.call_deadline,
            kind=CALL_DEADLINE,
            label=_("Application deadline: %(programme)s") % {"programme": project.programme},
            key=f"europe:{project.pk}:call:{project.call_deadline.isoformat()}",
            partnership=project.partnership,
            organisation_ids=frozenset({project.coordinator_id}),
            url=project.get_absolute_url(),
        )


def mobilities_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    mobilities = Mobility.objects.filter(
        project__partnership__in=partnerships.values("pk"), starts_on__gte=today, starts_on__lte=until
    ).select_related("project__partnership")
    for mobility in mobilities:
        yield Deadline(
            date=mobility.starts_on,
            kind=MOBILITY,
            label=str(mobility),
            key=f"europe:mobility:{mobility.pk}:{mobility.starts_on.isoformat()}",
            partnership=mobility.project.partnership,
            organisation_ids=frozenset({mobility.host_id}),
            reason=mobility.theme,
            url=mobility.get_absolute_url(),
        )


register_source(call_deadlines_source, kinds={CALL_DEADLINE: KINDS[CALL_DEADLINE]})
register_source(mobilities_source, kinds={MOBILITY: KINDS[MOBILITY]})
