"""The evaluation meeting of each host-site convention, as a deadline (IN3, Dijon annex 3).

Rules:
- a host site linked to a host-site convention in force owes at least one evaluation meeting during
  the convention's term, before it renews: due on the end of the current term;
- an evaluation recorded on or after the convention's start settles it; otherwise it is listed, and
  late once the end of the term has passed;
- the people reminded are those of the host organisation;
- two queries whatever the number of sites.

And the follow-up visits of the school's trainer, planned and not yet held (IN7).
"""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.conventions.models import Convention, ConventionKind
from partenaria.conventions.statuses import IN_FORCE
from partenaria.deadlines.engine import Deadline, register_source

from .models import HostSite, TrainerVisit

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


# --- Follow-up visits of the school's trainer (IN7) ------------------------------------------------

VISIT_KIND = "internship_visit"


def trainer_visit_source(partnerships: QuerySet, today: datetime.date, until: datetime.date):
    """A follow-up visit planned and not yet recorded as held is due on its planned day, late after it;
    the school and the host are reminded. One query whatever the number of visits."""
    visits = (
        TrainerVisit.objects.pending()
        .filter(placement__campaign__partnership__in=partnerships.values("pk"), planned_on__lte=until)
        .select_related("placement__student", "placement__campaign__partnership", "placement__site__unit")
    )
    for visit in visits:
        placement = visit.placement
        is_late = visit.planned_on < today
        yield Deadline(
            date=visit.planned_on,
            kind=VISIT_KIND,
            label=_("Follow-up visit (%(kind)s) of %(student)s at %(site)s")
            % {
                "kind": visit.get_kind_display().lower(),
                "student": placement.student,
                "site": placement.site,
            },
            key=f"placement:{placement.pk}:visit:{visit.pk}:{visit.planned_on.isoformat()}",
            partnership=placement.campaign.partnership,
            organisation_ids=frozenset({placement.campaign.school_id, placement.host_id}),
            is_late=is_late,
            reason=_("The visit is not recorded as held: record it or plan it again.") if is_late else "",
            url=placement.get_absolute_url() + "#suivi",
        )


register_source(trainer_visit_source, kinds={VISIT_KIND: gettext_lazy("Follow-up visit of an intern due")})
