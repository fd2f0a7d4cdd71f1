"""Reads of the internship pages: campaign progress, gratification, counts (IN5, IN8).

A fixed number of queries whatever the number of offers, students and placements.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum

from partenaria.conventions import terms

from . import hours
from .models import Application, ApplicationStatus, Campaign, GratificationRate, Placement

FILLED = [ApplicationStatus.PLACED]


@dataclass
class DiplomaProgress:
    code: str
    requested: int = 0
    offered: int = 0
    filled: int = 0


def campaign_progress(campaigns) -> dict[int, list[DiplomaProgress]]:
    """Per campaign, places requested, offered and filled per diploma (three queries)."""
    ids = [c.pk for c in campaigns]
    if not ids:
        return {}
    rows: dict[int, dict[str, DiplomaProgress]] = defaultdict(dict)

    def line(campaign_id, code):
        return rows[campaign_id].setdefault(code, DiplomaProgress(code))

    from .models import CampaignRequest, Offer

    for cid, code, total in (
        CampaignRequest.objects.filter(campaign__in=ids)
        .values_list("campaign_id", "diploma__code")
        .annotate(total=Sum("students"))
    ):
        line(cid, code).requested = total
    for cid, code, total in (
        Offer.objects.filter(campaign__in=ids)
        .values_list("campaign_id", "diploma__code")
        .annotate(total=Sum("places"))
    ):
        line(cid, code).offered = total
    for cid, code, total in (
        Placement.objects.filter(campaign__in=ids)
        .values_list("campaign_id", "offer__diploma__code")
        .annotate(total=Count("pk"))
    ):
        line(cid, code).filled = total
    return {cid: sorted(lines.values(), key=lambda p: p.code) for cid, lines in rows.items()}


def is_long(placement) -> bool:
    """A long internship lasts more than two calendar months (whatever its weekly hours)."""
    return placement.end_date >= terms.add_months_clamped(placement.start_date, 2)


@dataclass
class YearCounts:
    school_year: int
    placements: int = 0
    long: int = 0
    gratified: int = 0
    hours: Decimal = Decimal(0)
    by_diploma: dict = field(default_factory=dict)


def gratified_keys(host_id: int, school_year: int) -> set[tuple[str, int, int]]:
    """(student e-mail, host, school year) whose presence exceeds two months: gratification due (L124-6)."""
    totals = (
        Placement.objects.filter(host_id=host_id, school_year=school_year)
        .values_list("student__email")
        .annotate(total=Sum("total_hours"))
    )
    return {
        (email.lower(), host_id, school_year) for email, total in totals if hours.gratification_due(total)
    }


def year_counts(host_id: int, school_year: int) -> YearCounts:
    """Internships of a host in a school year, all schools together: long ones, gratified ones (IN8)."""
    placements = list(
        Placement.objects.filter(host_id=host_id, school_year=school_year).select_related(
            "student", "offer__diploma"
        )
    )
    paid = gratified_keys(host_id, school_year)
    counts = YearCounts(school_year)
    for placement in placements:
        counts.placements += 1
        counts.hours += placement.total_hours
        counts.long += is_long(placement)
        counts.gratified += (placement.student.email.lower(), host_id, school_year) in paid
        code = placement.offer.diploma.code
        counts.by_diploma[code] = counts.by_diploma.get(code, 0) + 1
    return counts


@dataclass
class Gratification:
    due: bool
    student_hours: Decimal  # the student's presence in the host legal entity this school year
    rate: Decimal | None
    months: list
    total: Decimal


def placement_gratification(placement: Placement) -> Gratification:
    """Whether gratification is due for this placement, at which rate, month by month (IN8).

    The rate is the one in force when the internship starts: the agreement fixes it for its term.
    """
    student_hours = Placement.objects.filter(
        student__email__iexact=placement.student.email, host=placement.host, school_year=placement.school_year
    ).aggregate(total=Sum("total_hours"))["total"] or Decimal(0)
    due = hours.gratification_due(student_hours)
    rate = GratificationRate.in_force_on(placement.start_date)
    months = hours.monthly_gratification(placement.schedule(), rate) if due and rate else []
    return Gratification(due, student_hours, rate, months, sum((m.amount for m in months), Decimal(0)))


def campaign_applications(campaign: Campaign):
    return (
        Application.objects.filter(offer__campaign=campaign)
        .select_related("student__diploma", "offer__site__unit", "offer__diploma", "placement")
        .order_by("student__last_name", "student__first_name", "preference")
    )


def placements_of(queryset):
    return queryset.select_related(
        "student", "site__unit", "offer__diploma", "tutor__person", "campaign__school", "host"
    )


def current_school_year(today: datetime.date) -> int:
    return hours.school_year_of(today)


def open_applications(campaign) -> int:
    return Application.objects.filter(offer__campaign=campaign, status=ApplicationStatus.TRANSMITTED).count()


def accepted_without_placement(campaign):
    return Application.objects.filter(
        Q(offer__campaign=campaign) & Q(status=ApplicationStatus.ACCEPTED)
    ).select_related("student", "offer__site__unit")


def dashboard_campaigns(user, organisation, today: datetime.date) -> list:
    """The campaigns of the current school year where ``organisation`` is the school or the host,
    each with its places requested, offered and filled per diploma (four queries)."""
    campaigns = list(
        Campaign.objects.visible_to(user)
        .filter(Q(school=organisation) | Q(host=organisation), school_year=current_school_year(today))
        .select_related("school", "host")
    )
    progress = campaign_progress(campaigns)
    for campaign in campaigns:
        campaign.progress = progress.get(campaign.pk, [])
    return campaigns


# --- Lists, exports and the API: gratification of many placements in a flat number of queries -----


def with_gratification(queryset):
    """``queryset`` with what ``gratification_of`` reads: the rate in force at the start (a subquery of
    the small table of rates), periods and changes prefetched, and once read the student's hours in the
    host legal entity this school year (``with_student_host_hours``, one grouped query). A fixed number
    of queries for any number of placements. The student must be selected with the placement."""
    rate = (
        GratificationRate.objects.filter(valid_from__lte=OuterRef("start_date"))
        .order_by("-valid_from")
        .values("hourly_rate")[:1]
    )
    return (
        queryset.annotate(rate_in_force=Subquery(rate))
        .prefetch_related("periods", "changes")
        .with_student_host_hours()
    )


def gratification_of(placement) -> Gratification:
    """The same answer as ``placement_gratification`` from a placement read through ``with_gratification``."""
    student_hours = placement.student_host_hours or Decimal(0)
    due = hours.gratification_due(student_hours)
    rate = placement.rate_in_force
    months = hours.monthly_gratification(placement.schedule(), rate) if due and rate else []
    return Gratification(due, student_hours, rate, months, sum((m.amount for m in months), Decimal(0)))


@dataclass
class StatisticsLine:
    school_year: int
    host: str
    diploma: str
    placements: int = 0
    long: int = 0
    gratified: int = 0
    hours: Decimal = Decimal(0)


def statistics(placements) -> list[StatisticsLine]:
    """Per school year, host and diploma: placements, long ones, gratified ones and hours of presence
    (IN8). ``placements`` were read through ``with_gratification`` with their host and diploma."""
    lines: dict[tuple, StatisticsLine] = {}
    for p in placements:
        key = (p.school_year, p.host.name, p.offer.diploma.code)
        line = lines.setdefault(key, StatisticsLine(*key))
        line.placements += 1
        line.long += is_long(p)
        line.gratified += hours.gratification_due(p.student_host_hours or Decimal(0))
        line.hours += p.total_hours
    return [lines[key] for key in sorted(lines, key=lambda k: (-k[0], k[1], k[2]))]
