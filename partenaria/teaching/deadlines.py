"""The yearly duty to send the provisional programme (PD2) as deadlines: « l'envoi d'un programme
annuel prévisionnel (à la rentrée de septembre) » [003 art. 2]. Derived from the convention's
``ProgrammeRule`` and its term, never typed: each school year starting while the convention is in force
has its day of September; a programme not sent by then is late until it is sent. One query for the
rules, one for the programmes sent, whatever their number."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.conventions.statuses import IN_FORCE
from partenaria.deadlines.engine import Deadline, register_source

from .rules import programme_due_on, school_year_label, school_year_of

PROGRAMME_KIND = "teaching_programme"


def programme_source(partnerships: QuerySet, today, until):
    from .models import Programme, ProgrammeRule

    rules = list(
        ProgrammeRule.objects.filter(
            convention__partnership__in=partnerships.values("pk"), convention__status__in=sorted(IN_FORCE)
        )
        .select_related("convention__partnership", "school")
        .prefetch_related("convention__partnership__members")
    )
    if not rules:
        return
    first, last = school_year_of(today) - 1, school_year_of(until)
    sent = set(
        Programme.objects.filter(
            partnership__in={r.convention.partnership_id for r in rules},
            school_year__gte=first,
            sent_at__isnull=False,
        ).values_list("partnership_id", "school_year")
    )
    for rule in rules:
        convention = rule.convention
        partnership = convention.partnership
        end = convention.end_date
        for year in range(first, last + 1):
            due = programme_due_on(year, day=rule.due_day)
            if convention.start_date and due < convention.start_date.replace(day=1):
                continue
            if end and due > end:
                continue
            done = (partnership.pk, year) in sent
            late = due < today and not done
            # A past year is listed only while its programme is late, and only for the current year.
            if due < today and (not late or year < school_year_of(today)):
                continue
            if due > until:
                continue
            yield Deadline(
                date=due,
                kind=PROGRAMME_KIND,
                label=_("Send the provisional programme %(year)s to the referents")
                % {"year": school_year_label(year)},
                key=f"teaching-programme:{partnership.pk}:{year}",
                convention=convention,
                partnership=partnership,
                organisation_ids=frozenset(m.organisation_id for m in partnership.members.all()),
                is_late=late,
                reason=_("Not sent yet.") if late else "",
                url=reverse("teaching:programme", args=[partnership.pk, year]),
            )


register_source(programme_source, kinds={PROGRAMME_KIND: gettext_lazy("Annual teaching programme")})
