from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import privacy
from .ratelimit import rate_limited


def render_form_page(
    request,
    form=None,
    *,
    title: str,
    back: str,
    submit: str | None = None,
    intro: str = "",
    multipart: bool = False,
    breadcrumb: str | None = None,
    partial: str | None = None,
    context: dict | None = None,
):
    """The one form page of the product (``core/form_page.html``).

    ``title`` heads the page; ``back`` is where « Annuler » leads; ``submit`` labels the button
    (« Enregistrer » by default). Optional parts: ``intro`` (a sentence above the form), ``breadcrumb``
    (a template included with ``current``/``here`` set to the title), ``multipart`` (file fields),
    ``partial`` (a template holding the page's own form instead of the generic one, e.g. a form laid
    out in columns), and ``context`` for those templates and for ``subject_url``/``subject_label`` (a
    link to the object the form is about), ``title_suffix``, ``above`` (a template shown above the
    form), ``action``, ``delete_url``/``delete_label``. An htmx request gets the ``partial`` alone (give
    ``core/_form.html`` for the generic form).

    The form carries the submission token and, for an edit, the stored-state fingerprint (trust 22
    and 23); errors are summarised at the top with a link to each field, and shown next to it.
    """
    page = {
        "form": form,
        "page_title": title,
        "back_url": back,
        "submit_label": submit or _("Save"),
        "intro": intro,
        "multipart": multipart,
        "breadcrumb": breadcrumb,
        "partial": partial,
        **(context or {}),
    }
    template = partial if partial and getattr(request, "htmx", False) else "core/form_page.html"
    return render(request, template, page)


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
