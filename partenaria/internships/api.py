"""Internships in the API, read-only, with the same visibility rules as the pages (IN2-IN8, DP1).

Host sites of the organisations the user may see; offers of the campaigns of their partnerships;
placements and internship agreements of those campaigns, or a student's own. Every list is paginated
and costs the same number of queries whatever the page holds. Hours and euros are Decimal, sent as
strings (« 420.00 »), never as binary floats.
"""

import datetime
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.pagination import paginate

from partenaria.accounts.api import MAX_ID, ErrorOut, Pagination

from . import hours, selectors
from .models import Campaign, HostSite, Offer, Placement

router = Router(tags=["internships"])

Money = Field(..., description="Euros, two decimals, as a string.", examples=["1827.00"])
Hours = Field(..., description="Hours of effective presence, as a string.", examples=["420.00"])


def _decimal(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


# --- Schemas -------------------------------------------------------------------------------------


class HostSiteOut(Schema):
    id: int
    name: str
    organisation: int
    organisation_name: str
    headcount: int
    intern_cap: int = Field(..., description="Interns at once at most (R124-10).")
    convention: int | None = Field(None, description="Id of the host-site framework convention.")
    diplomas: list[str] = Field(..., description="Codes of the diplomas the site accepts.")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_convention(obj) -> int | None:
        return obj.convention_id

    @staticmethod
    def resolve_diplomas(obj) -> list[str]:
        return [accepted.diploma.code for accepted in obj.diplomas.all()]


class OfferOut(Schema):
    id: int
    campaign: int
    school_year: int = Field(..., description="First calendar year of the school year: 2026 for 2026-2027.")
    site: int
    diploma: str
    post: str
    places: int
    period_start: datetime.date
    period_end: datetime.date
    collective: bool
    tutor: int | None = None

    @staticmethod
    def resolve_campaign(obj) -> int:
        return obj.campaign_id

    @staticmethod
    def resolve_school_year(obj) -> int:
        return obj.campaign.school_year

    @staticmethod
    def resolve_site(obj) -> int:
        return obj.site_id

    @staticmethod
    def resolve_diploma(obj) -> str:
        return obj.diploma.code

    @staticmethod
    def resolve_tutor(obj) -> int | None:
        return obj.tutor_id


class PlacementOut(Schema):
    id: int
    campaign: int
    school_year: int
    student: str
    diploma: str
    school: int
    host: int
    site: int
    tutor: str
    status: str
    start_date: datetime.date
    end_date: datetime.date
    effective_hours: str = Hours

    @staticmethod
    def resolve_campaign(obj) -> int:
        return obj.campaign_id

    @staticmethod
    def resolve_student(obj) -> str:
        return str(obj.student)

    @staticmethod
    def resolve_diploma(obj) -> str:
        return obj.offer.diploma.code

    @staticmethod
    def resolve_school(obj) -> int:
        return obj.campaign.school_id

    @staticmethod
    def resolve_host(obj) -> int:
        return obj.host_id

    @staticmethod
    def resolve_site(obj) -> int:
        return obj.site_id

    @staticmethod
    def resolve_tutor(obj) -> str:
        return str(obj.tutor.person)

    @staticmethod
    def resolve_effective_hours(obj) -> str:
        return _decimal(obj.total_hours)


class PeriodOut(Schema):
    start: datetime.date
    end: datetime.date
    weekly_hours: str

    @staticmethod
    def resolve_weekly_hours(obj) -> str:
        return _decimal(obj.weekly_hours)


class MonthOut(Schema):
    month: str = Field(..., examples=["2026-10"])
    hours: str = Hours
    amount: str = Money


class AgreementOut(PlacementOut):
    """The tripartite internship agreement of a placement: its schedule, hours and gratification."""

    school_name: str
    host_name: str
    site_name: str
    periods: list[PeriodOut]
    effective_days: str = Field(..., description="Hours / 7 (D124-6).")
    effective_months: str = Field(..., description="Days / 22 (D124-6).")
    student_host_hours: str = Field(
        ..., description="The student's hours in the same host this school year, every placement together."
    )
    gratification_due: bool = Field(..., description="More than two months of presence in the host (L124-6).")
    hourly_rate: str | None = Field(
        None, description="Legal minimum hourly gratification in force at the start."
    )
    monthly_amounts: list[MonthOut]
    gratification_total: str = Money

    @staticmethod
    def resolve_school_name(obj) -> str:
        return obj.campaign.school.name

    @staticmethod
    def resolve_host_name(obj) -> str:
        return obj.host.name

    @staticmethod
    def resolve_site_name(obj) -> str:
        return obj.site.unit.name

    @staticmethod
    def resolve_periods(obj):
        return list(obj.periods.all())

    @staticmethod
    def resolve_effective_days(obj) -> str:
        return _decimal(hours.as_days_and_months(obj.total_hours)[0])

    @staticmethod
    def resolve_effective_months(obj) -> str:
        return _decimal(hours.as_days_and_months(obj.total_hours)[1])

    @staticmethod
    def resolve_student_host_hours(obj) -> str:
        return _decimal(_gratification(obj).student_hours)

    @staticmethod
    def resolve_gratification_due(obj) -> bool:
        return _gratification(obj).due

    @staticmethod
    def resolve_hourly_rate(obj) -> str | None:
        return _decimal(obj.rate_in_force)

    @staticmethod
    def resolve_monthly_amounts(obj) -> list[dict]:
        return [
            {"month": f"{m.year}-{m.month:02d}", "hours": _decimal(m.hours), "amount": _decimal(m.amount)}
            for m in _gratification(obj).months
        ]

    @staticmethod
    def resolve_gratification_total(obj) -> str:
        return _decimal(_gratification(obj).total)


def _gratification(placement) -> selectors.Gratification:
    # Computed once per placement, whatever the number of fields that read it.
    cached = getattr(placement, "_gratification", None)
    if cached is None:
        cached = placement._gratification = selectors.gratification_of(placement)
    return cached


# --- Querysets -----------------------------------------------------------------------------------


def _sites(user):
    return (
        HostSite.objects.visible_to(user)
        .select_related("unit", "organisation")
        .prefetch_related("diplomas__diploma")
        .order_by("organisation__name", "unit__name", "pk")
    )


def _offers(user):
    return (
        Offer.objects.filter(campaign__in=Campaign.objects.visible_to(user).values("pk"))
        .select_related("campaign", "diploma")
        .order_by("-campaign__school_year", "pk")
    )


def _placements(user):
    return (
        Placement.objects.visible_to(user)
        .select_related(
            "student", "offer__diploma", "campaign__school", "host", "site__unit", "tutor__person"
        )
        .order_by("-school_year", "start_date", "pk")
    )


def _agreements(user):
    return selectors.with_gratification(_placements(user))


# --- Routes --------------------------------------------------------------------------------------


@router.get("/sites", response=list[HostSiteOut], summary="List host sites")
@paginate(Pagination)
def site_list(request):
    """Host sites (« sites qualifiants ») of the organisations the user belongs to or works with."""
    return _sites(request.user)


@router.get("/sites/{site_id}", response={200: HostSiteOut, 404: ErrorOut}, summary="One host site")
def site_detail(request, site_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(_sites(request.user), pk=site_id)


@router.get("/offers", response=list[OfferOut], summary="List internship offers")
@paginate(Pagination)
def offer_list(request, school_year: int | None = Query(None, ge=2000, le=2100)):
    """Places offered by host sites in the campaigns of the user's partnerships."""
    offers = _offers(request.user)
    return offers.filter(campaign__school_year=school_year) if school_year else offers


@router.get("/offers/{offer_id}", response={200: OfferOut, 404: ErrorOut}, summary="One offer")
def offer_detail(request, offer_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(_offers(request.user), pk=offer_id)


@router.get("/placements", response=list[PlacementOut], summary="List placements")
@paginate(Pagination)
def placement_list(request, school_year: int | None = Query(None, ge=2000, le=2100)):
    """Students placed on host sites: those of the user's partnerships, or a student's own."""
    placements = _placements(request.user)
    return placements.filter(school_year=school_year) if school_year else placements


@router.get(
    "/placements/{placement_id}", response={200: PlacementOut, 404: ErrorOut}, summary="One placement"
)
def placement_detail(request, placement_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(_placements(request.user), pk=placement_id)


@router.get("/agreements", response=list[AgreementOut], summary="List internship agreements")
@paginate(Pagination)
def agreement_list(request, school_year: int | None = Query(None, ge=2000, le=2100)):
    """The internship agreement of each visible placement: periods, effective hours, whether
    gratification is due and its monthly amounts at the legal rate."""
    agreements = _agreements(request.user)
    return agreements.filter(school_year=school_year) if school_year else agreements


@router.get(
    "/agreements/{placement_id}",
    response={200: AgreementOut, 404: ErrorOut},
    summary="One internship agreement",
)
def agreement_detail(request, placement_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(_agreements(request.user), pk=placement_id)
