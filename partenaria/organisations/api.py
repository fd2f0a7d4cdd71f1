"""Organisations in the API: those the user belongs to or shares a partnership with (DP1)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from partenaria.accounts.api import MAX_ID, ErrorOut, Pagination, Text

from .models import Membership, Organisation


def visible_organisations(user):
    """Organisations ``user`` may read: their own, and the partners of their visible partnerships."""
    from partenaria.conventions.models import Partnership, PartnershipMember

    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    own = Membership.objects.active().filter(user=user).values("organisation_id")
    partners = PartnershipMember.objects.filter(
        partnership__in=Partnership.objects.visible_to(user).values("pk")
    ).values("organisation_id")
    return Organisation.objects.filter(Q(pk__in=own) | Q(pk__in=partners))


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    siret: str
    city: str
    country: str


router = Router(tags=["organisations"])


@router.get("/", response=list[OrganisationOut], summary="List organisations")
@paginate(Pagination)
def organisation_list(request, kind: Text | None = None):
    """Organisations the user belongs to or shares a partnership with, by name."""
    organisations = visible_organisations(request.user).order_by("name", "pk")
    if kind:
        organisations = organisations.filter(kind=kind)
    return organisations


@router.get("/{organisation_id}", response={200: OrganisationOut, 404: ErrorOut}, summary="One organisation")
def organisation_detail(request, organisation_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(visible_organisations(request.user), pk=organisation_id)
