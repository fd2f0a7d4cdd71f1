"""The internships section of the annual progress report (AP3, from IN5-IN8).

Counts of the year come from the placements (« 19 stages longs dont 15 gratifiés en 2025 »): the
placements of the partnership's campaigns that started during the calendar year, the long ones (more
than two calendar months) and the gratified ones (more than two months of presence, L124-6).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.documents.blocks import Paragraph, Table
from partenaria.reports.sections import ReportContext, register_section

from . import selectors
from .models import Placement


@register_section("internships", title=gettext_lazy("Internships"), order=30)
def internships_section(context: ReportContext) -> list:
    placements = list(
        Placement.objects.filter(
            campaign__partnership=context.partnership,
            start_date__gte=context.first_day,
            start_date__lte=context.last_day,
        ).select_related("student", "offer__diploma", "host")
    )
    if not placements:
        return [Paragraph(_("No internship started this year under this partnership."), emphasis=True)]
    paid: set = set()
    for host_id, year in {(p.host_id, p.school_year) for p in placements}:
        paid |= selectors.gratified_keys(host_id, year)
    by_diploma: dict[str, list[int]] = {}
    for p in placements:
        line = by_diploma.setdefault(p.offer.diploma.code, [0, 0, 0])
        line[0] += 1
        line[1] += selectors.is_long(p)
        line[2] += (p.student.email.lower(), p.host_id, p.school_year) in paid
    long_total = sum(line[1] for line in by_diploma.values())
    paid_total = sum(line[2] for line in by_diploma.values())
    return [
        Paragraph(
            _("%(total)s internships in %(year)s, of which %(long)s long internships and %(paid)s gratified.")
            % {"total": len(placements), "year": context.year, "long": long_total, "paid": paid_total},
            strong=True,
        ),
        Table(
            headers=(_("Diploma"), _("Internships"), _("Long"), _("Gratified")),
            rows=tuple((code, str(a), str(b), str(c)) for code, (a, b, c) in sorted(by_diploma.items())),
            numeric_columns=(1, 2, 3),
        ),
    ]
