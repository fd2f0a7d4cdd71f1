"""Organisations in the API: those the user belongs to or shares a partnership with (DP1)."""

from django.shortcuts import get_object_or_404
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from partenaria.accounts.api import MAX_ID, ErrorOut, Pagination, Text

from .models import Organisation


def visible_organisations(user):
    """Organisations ``user`` may read: the one rule of Organisation.objects.visible_to (DP1)."""
    return Organisation.objects.visible_to(user)


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
