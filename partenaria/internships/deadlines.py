"""The evaluation meeting of each host-site convention, as a deadline (IN3, Dijon annex 3).

Rules:
- a host site linked to a host-site convention in force owes at least one evaluation meeting during
  the convention's term, before it renews: due on the end of the current term;
- an evaluation recorded on or after the convention's start settles it; otherwise it is listed, and
  late once the end of the term has passed;
- the people reminded are those of the host organisation;
- two queries whatever the number of sites.
"""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.conventions.models import Convention, ConventionKind
from partenaria.conventions.statuses import IN_FORCE
from partenaria.deadlines.engine import Deadline, register_source

from .models import HostSite

EVALUATION_KIND = "host_site_evaluation"


def host_site_evaluation_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    sites = list(
        HostSite.objects.filter(
            convention__partnership__in=partnerships.values("pk"),
            convention__kind=ConventionKind.HOST_SITE,
            convention__status__in=sorted(IN_FORCE),
        ).select_related("unit", "convention__partnership")
    )
    if not sites:
        return
    conventions = {
        c.pk: c for c in Convention.objects.with_extensions().filter(pk__in={s.convention_id for s in sites})
    }
    for site in sites:
        convention = conventions.get(site.convention_id, site.convention)
        start, end = convention.effective_start, convention.end_date
        if end is None or end > until:
            continue
        if site.evaluation_held_on and start and site.evaluation_held_on >= start:
            continue
        is_late = end < today
        yield Deadline(
            date=end,
            kind=EVALUATION_KIND,
            label=_("Evaluation meeting of the host site « %(site)s »") % {"site": site},
            key=f"convention:{convention.pk}:host_site:{site.pk}:evaluation:{end.isoformat()}",
            convention=convention,
            partnership=convention.partnership,
            organisation_ids=frozenset({site.organisation_id}),
            is_late=is_late,
            reason=_("No evaluation meeting recorded during this convention: hold it before the renewal.")
            if is_late
            else "",
            url=site.get_absolute_url(),
        )


register_source(
    host_site_evaluation_source,
    kinds={EVALUATION_KIND: gettext_lazy("Evaluation meeting of a host site due")},
)
