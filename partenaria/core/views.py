from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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


# --- Erasure (trust 16, GDPR art. 17) --------------------------------------------------------------


def erasure_requests(request):
    """The erasure requests addressed to the organisations the person administers (every request
    for staff), the open ones first by their due date, each with the directory entries to erase."""
    from partenaria.organisations.models import Person

    from .models import ErasureRequest

    rows = list(
        ErasureRequest.objects.visible_to(request.user)
        .select_related("user", "organisation", "done_by")
        .order_by(F("done_at").desc(nulls_first=True), "due_on", "pk")
    )
    people = Person.objects.filter(user__in=[r.user_id for r in rows]).order_by("pk")
    by_account = {}
    for person in people:
        by_account.setdefault((person.user_id, person.organisation_id), person)
    for row in rows:
        row.person = by_account.get((row.user_id, row.organisation_id))
    return render(
        request,
        "core/erasure_requests.html",
        {"requests": rows, "today": timezone.localdate(), "open": sum(r.done_at is None for r in rows)},
    )


def person_erase(request, pk: int, person_pk: int):
    """Erase a person of the organisation, after a page listing what goes and what stays nameless
    (DP2, right to erasure). Administrators of the organisation and staff; anyone else: 404."""
    from partenaria.organisations.models import Organisation

    # The platform's staff answer the requests of every organisation (and those addressed to none).
    organisations = (
        Organisation.objects.all() if request.user.is_staff else Organisation.objects.visible_to(request.user)
    )
    organisation = get_object_or_404(organisations, pk=pk)
    if not privacy.can_erase_people(request.user, organisation):
        raise Http404
    person = get_object_or_404(organisation.people.select_related("user"), pk=person_pk)
    if request.method == "POST":
        name = str(person)
        counts = privacy.person_anonymise(
            by=request.user, user=person.user, email=person.email, person=person
        )
        messages.success(
            request,
            _("%(name)s is erased: %(count)s records anonymised or removed.")
            % {"name": name, "count": sum(counts.values())},
        )
        return redirect(reverse("organisations:detail", args=[organisation.pk]) + "#people")
    data = privacy.collect(user=person.user, email=person.email, person=person)
    return render(
        request,
        "core/person_erase.html",
        {
            "organisation": organisation,
            "person": person,
            "plan": privacy.erasure_plan(data),
            "total": data.count(),
            "other_organisations": privacy.other_organisations(person),
        },
    )
