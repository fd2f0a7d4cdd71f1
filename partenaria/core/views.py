from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import privacy
from .ratelimit import rate_limited


@login_not_required
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
def legal(request):
    return render(request, "core/legal.html")


EXPORT_FORMATS = {"json": "json", "zip": "csv"}


def privacy_response(
    content: bytes, content_type: str, fmt: str, *, stem: str = "mes-donnees"
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"{stem}-{timezone.localdate():%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@rate_limited("export")
def person_data_export(request, pk: int, person_pk: int, fmt: str):
    """A person of the organisation, all their data (DP2, access right on request), for the
    organisation's administrators and partnership officers; any other organisation: 404."""
    from partenaria.organisations import permissions
    from partenaria.organisations.models import Organisation

    if fmt not in EXPORT_FORMATS:
        raise Http404
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise Http404
    person = get_object_or_404(organisation.people.all(), pk=person_pk)
    content, content_type = privacy.person_export(
        by=request.user, user=person.user, email=person.email, person=person, fmt=EXPORT_FORMATS[fmt]
    )
    return privacy_response(content, content_type, fmt, stem=f"donnees-personne-{person.pk}")
