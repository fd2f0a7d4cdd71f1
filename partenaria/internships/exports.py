"""XLSX exports of the internships: placements, gratifications month by month, statistics (IN7, IN8).

Each export covers the placements the user may see (``Placement.visible_to``: the partnerships of
their organisations, or a student's own), filtered by school year with ``?annee=2026`` like the
list, in a fixed number of queries whatever the number of placements.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partenaria.core.ratelimit import rate_limited
from partenaria.core.spreadsheets import workbook

from . import selectors
from .models import Placement

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request):
    placements = Placement.objects.visible_to(request.user)
    year = request.GET.get("annee", "")
    if year.isdigit():
        placements = placements.filter(school_year=int(year))
    return placements


def visible_placements(request):
    return selectors.with_gratification(
        _filtered(request)
        .select_related(
            "student__diploma", "campaign__school", "host", "site__unit", "offer__diploma", "tutor__person"
        )
        .order_by("-school_year", "host__name", "start_date", "pk")
    )


def _download(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.xlsx"'
    return response


def placement_rows(placements) -> tuple[list[str], list[list]]:
    headers = [
        _("School year"),
        _("School"),
        _("Host"),
        _("Host site"),
        _("Student"),
        _("Diploma"),
        _("Tutor"),
        _("Start"),
        _("End"),
        _("Status"),
        _("Hours of presence"),
        _("Gratification due"),
        _("Total gratification"),
    ]
    rows = []
    for p in placements:
        gratification = selectors.gratification_of(p)
        rows.append(
            [
                f"{p.school_year}-{p.school_year + 1}",
                p.campaign.school.name,
                p.host.name,
                p.site.unit.name,
                str(p.student),
                p.offer.diploma.code,
                str(p.tutor.person),
                p.start_date,
                p.end_date,
                p.get_status_display(),
                p.total_hours,
                _("yes") if gratification.due else _("no"),
                gratification.total,
            ]
        )
    return [str(h) for h in headers], rows


@require_GET
@rate_limited("export")
def placements_export(request):
    """Every placement the user may see, with its hours and whether gratification is due (IN7, IN8)."""
    headers, rows = placement_rows(visible_placements(request))
    return _download(workbook([(str(_("Placements")), headers, rows)]), "stages")


@require_GET
@rate_limited("export")
def gratifications_export(request):
    """The gratification of each placement month by month: hours and amount at the legal rate (IN8)."""
    headers = [
        str(h)
        for h in (
            _("School year"),
            _("Host"),
            _("Host site"),
            _("Student"),
            _("Month"),
            _("Hours"),
            _("Hourly rate"),
            _("Amount"),
        )
    ]
    rows = []
    for p in visible_placements(request):
        gratification = selectors.gratification_of(p)
        for month in gratification.months:
            rows.append(
                [
                    f"{p.school_year}-{p.school_year + 1}",
                    p.host.name,
                    p.site.unit.name,
                    str(p.student),
                    f"{month.year}-{month.month:02d}",
                    month.hours,
                    gratification.rate,
                    month.amount,
                ]
            )
    return _download(workbook([(str(_("Gratifications")), headers, rows)]), "gratifications")


@require_GET
@rate_limited("export")
def statistics_export(request):
    """Per school year, host and diploma: placements, long ones, gratified ones, hours (IN8)."""
    headers = [
        str(h)
        for h in (
            _("School year"),
            _("Host"),
            _("Diploma"),
            _("Internships"),
            _("Long internships"),
            _("Gratified"),
            _("Hours of presence"),
        )
    ]
    rows = [
        [
            f"{line.school_year}-{line.school_year + 1}",
            line.host,
            line.diploma,
            line.placements,
            line.long,
            line.gratified,
            line.hours,
        ]
        for line in selectors.statistics(
            # Only what the counts read: no schedule, no people.
            _filtered(request)
            .select_related("host", "offer__diploma", "student")
            .only(
                "school_year",
                "start_date",
                "end_date",
                "total_hours",
                "host__name",
                "offer__diploma__code",
                "student__email",
            )
            .with_student_host_hours()
        )
    ]
    return _download(workbook([(str(_("Statistics")), headers, rows)]), "statistiques-stages")
