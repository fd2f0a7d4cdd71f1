"""Organisation pages: directory, identity, units, people, members (issue 2 items 2 and 9, DP1).

Every organisation is fetched through ``Organisation.objects.visible_to(user)`` (404 for the wrong
tenant); acting then needs the role that ``permissions`` decides (403 otherwise).
"""

import mimetypes

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partenaria.core import privacy
from partenaria.core.forms import add_service_errors
from partenaria.core.views import render_form_page

from . import permissions, services
from .forms import InviteForm, OrganisationForm, PersonForm, RoleForm, UnitForm
from .models import Membership, Organisation, OrganisationKind, Person, Unit

PAGE_SIZE = 25
SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "kind": ("kind", "name"),
    "city": ("city", "name"),
}
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


def send_first_password_link(request, email: str) -> None:
    """E-mail a newly created account the link to choose its password (the reset flow)."""
    from partenaria.accounts.forms import StyledPasswordResetForm

    form = StyledPasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            request=request,
            use_https=request.is_secure(),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        )


def _visible(request, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)


def _editable(request, pk: int) -> Organisation:
    organisation = _visible(request, pk)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise PermissionDenied(
            _("Only the administrators and partnership officers of %(organisation)s may do this.")
            % {"organisation": organisation}
        )
    return organisation


def _members_managed(request, pk: int) -> Organisation:
    organisation = _visible(request, pk)
    if not permissions.can_manage_members(request.user, organisation):
        raise PermissionDenied(
            _("Only the administrators of %(organisation)s manage its members.")
            % {"organisation": organisation}
        )
    return organisation


# --- Directory and page --------------------------------------------------------------------------


def organisation_list(request):
    """The organisations the user belongs to and those sharing a partnership with them."""
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    sort = request.GET.get("sort", "name")
    organisations = Organisation.objects.visible_to(request.user)
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(city__icontains=query)
            | Q(siret__icontains=query.replace(" ", ""))
        )
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    else:
        kind = ""
    if sort not in SORTS:
        sort = "name"
    organisations = organisations.order_by(*SORTS[sort])
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    own_ids = {m.organisation_id for m in request.memberships}
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "sort": sort,
            "kinds": OrganisationKind.choices,
            "sorts": [
                ("name", _("Name, A to Z")),
                ("-name", _("Name, Z to A")),
                ("kind", _("Kind")),
                ("city", _("City")),
            ],
            "own_ids": own_ids,
            "querystring": keep.urlencode(),
            "filtered": bool(query or kind),
            "can_create": permissions.can_create_organisation(request.user),
        },
    )


def _unit_tree(units: list[Unit]) -> list[dict]:
    """Nested [{"unit", "children"}] from a flat list, in one pass (no query per level)."""
    nodes = {unit.pk: {"unit": unit, "children": []} for unit in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent["children"] if parent else roots).append(nodes[unit.pk])
    return roots


def organisation_detail(request, pk: int):
    organisation = _visible(request, pk)
    from partenaria.conventions.models import Partnership

    can_edit = permissions.can_edit_organisation(request.user, organisation)
    can_manage = permissions.can_manage_members(request.user, organisation)
    units = list(organisation.units.order_by("name"))
    people = organisation.people.select_related("unit").order_by("last_name", "first_name")
    members = None
    if can_edit:  # administrators and partnership officers see who has access (same rule)
        members = organisation.memberships.select_related("user").order_by(
            "-is_active", "user__last_name", "user__email"
        )
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .filter(members__organisation=organisation)
        .prefetch_related(Prefetch("organisations", queryset=Organisation.objects.order_by("name")))
        .order_by("title")
    )
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "organisation": organisation,
            "tree": _unit_tree(units),
            "people": people,
            "members": members,
            "partnerships": partnerships,
            "can_edit": can_edit,
            "can_manage_members": can_manage,
            "can_erase": privacy.can_erase_people(request.user, organisation),
        },
    )


def organisation_logo(request, pk: int):
    """The logo, streamed as an image to those who may see the organisation (trust 12)."""
    organisation = _visible(request, pk)
    if not organisation.logo:
        raise Http404
    from PIL import Image, UnidentifiedImageError

    try:
        handle = organisation.logo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    try:
        with Image.open(handle) as image:
            content_type = LOGO_TYPES.get(image.format or "")
    except (UnidentifiedImageError, OSError):
        content_type = None
    if content_type is None:
        handle.close()
        raise Http404
    handle.seek(0)
    extension = mimetypes.guess_extension(content_type) or ""
    response = FileResponse(handle, content_type=content_type, filename=f"logo{extension}")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def organisation_create(request):
    if not permissions.can_create_organisation(request.user):
        raise PermissionDenied(_("Only the administrators of an organisation may register a new one."))
    form = OrganisationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        current = request.current_membership
        try:
            organisation = services.organisation_create(
                by=request.user,
                data=form.cleaned_data,
                logo=form.cleaned_data.get("logo"),
                registered_by=current.organisation if current else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation has been created."))
            return redirect("organisations:detail", pk=organisation.pk)
    return render_form_page(
        request,
        form,
        title=_("New organisation"),
        back=reverse("organisations:list"),
        multipart=True,
        breadcrumb="organisations/_form_breadcrumb.html",
    )


def organisation_edit(request, pk: int):
    organisation = _editable(request, pk)
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                by=request.user,
                organisation=_visible(request, pk),
                data=form.cleaned_data,
                logo=form.cleaned_data.get("logo"),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation has been updated."))
            return redirect("organisations:detail", pk=pk)
    return render_form_page(
        request,
        form,
        title=_("Edit the organisation"),
        back=reverse("organisations:detail", args=[pk]),
        multipart=True,
        breadcrumb="organisations/_form_breadcrumb.html",
        context={"organisation": _visible(request, pk) if request.method == "POST" else organisation},
    )


# --- Units ---------------------------------------------------------------------------------------


def unit_create(request, pk: int):
    organisation = _editable(request, pk)
    form = UnitForm(request.POST or None, instance=Unit(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_create(by=request.user, organisation=organisation, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The unit has been added."))
            return redirect(reverse("organisations:detail", args=[pk]) + "#units")
    return render_form_page(
        request,
        form,
        title=_("New unit"),
        back=reverse("organisations:detail", args=[pk]) + "#units",
        breadcrumb="organisations/_form_breadcrumb.html",
        context={"organisation": organisation},
    )


def unit_edit(request, pk: int, unit_pk: int):
    organisation = _editable(request, pk)
    unit = get_object_or_404(organisation.units.all(), pk=unit_pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(by=request.user, unit=unit, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The unit has been updated."))
            return redirect(reverse("organisations:detail", args=[pk]) + "#units")
    return render_form_page(
        request,
        form,
        title=_("Edit the unit"),
        back=reverse("organisations:detail", args=[pk]) + "#units",
        breadcrumb="organisations/_form_breadcrumb.html",
        context={
            "organisation": organisation,
            "delete_url": reverse("organisations:unit_delete", args=[pk, unit_pk]),
            "delete_label": _("Delete this unit"),
        },
    )


def unit_delete(request, pk: int, unit_pk: int):
    organisation = _editable(request, pk)
    unit = get_object_or_404(organisation.units.all(), pk=unit_pk)
    error = None
    if request.method == "POST":
        try:
            services.unit_delete(by=request.user, unit=unit)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The unit has been deleted."))
            return redirect(reverse("organisations:detail", args=[pk]) + "#units")
    return render(
        request,
        "organisations/unit_confirm_delete.html",
        {"organisation": organisation, "unit": unit, "error": error},
        status=400 if error else 200,
    )


# --- People --------------------------------------------------------------------------------------


def person_create(request, pk: int):
    organisation = _editable(request, pk)
    form = PersonForm(request.POST or None, instance=Person(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.person_create(by=request.user, organisation=organisation, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person has been added."))
            return redirect(reverse("organisations:detail", args=[pk]) + "#people")
    return render_form_page(
        request,
        form,
        title=_("New person"),
        back=reverse("organisations:detail", args=[pk]) + "#people",
        breadcrumb="organisations/_form_breadcrumb.html",
        context={"organisation": organisation},
    )


def person_edit(request, pk: int, person_pk: int):
    organisation = _editable(request, pk)
    person = get_object_or_404(organisation.people.all(), pk=person_pk)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(by=request.user, person=person, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The person has been updated."))
            return redirect(reverse("organisations:detail", args=[pk]) + "#people")
    return render_form_page(
        request,
        form,
        title=_("Edit the person"),
        back=reverse("organisations:detail", args=[pk]) + "#people",
        breadcrumb="organisations/_form_breadcrumb.html",
        context={"organisation": organisation},
    )


# --- Members -------------------------------------------------------------------------------------


def member_list(request, pk: int):
    """Who has access to the organisation, with what role; administrators change it here."""
    organisation = _members_managed(request, pk)
    members = organisation.memberships.select_related("user").order_by(
        "-is_active", "user__last_name", "user__email"
    )
    rows = [(m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in members]
    return render(
        request,
        "organisations/member_list.html",
        {"organisation": organisation, "rows": rows},
    )


def member_invite(request, pk: int):
    organisation = _members_managed(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership, created = services.membership_invite(
                by=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                send_first_password_link(request, membership.user.email)
                messages.success(
                    request,
                    _(
                        "An account has been created for %(email)s. An e-mail with a link to choose a "
                        "password has been sent to this address."
                    )
                    % {"email": membership.user.email},
                )
            else:
                messages.success(
                    request,
                    _("%(user)s now has access to %(organisation)s.")
                    % {"user": membership.user, "organisation": organisation},
                )
            return redirect("organisations:members", pk=pk)
    return render_form_page(
        request,
        form,
        title=_("Add a member"),
        back=reverse("organisations:members", args=[pk]),
        breadcrumb="organisations/_form_breadcrumb.html",
        context={
            "organisation": organisation,
            "intro": _("Enter the e-mail address of a person who has an account, or create one."),
        },
    )


def _membership(organisation, membership_pk: int) -> Membership:
    return get_object_or_404(organisation.memberships.select_related("user"), pk=membership_pk)


@require_POST
def member_role(request, pk: int, membership_pk: int):
    organisation = _members_managed(request, pk)
    membership = _membership(organisation, membership_pk)
    form = RoleForm(request.POST, prefix=f"m{membership.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose a role from the list."))
        return redirect("organisations:members", pk=pk)
    try:
        services.membership_change_role(
            by=request.user, membership=membership, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role of %(user)s has been changed.") % {"user": membership.user})
    return redirect("organisations:members", pk=pk)


@require_POST
def member_deactivate(request, pk: int, membership_pk: int):
    organisation = _members_managed(request, pk)
    membership = _membership(organisation, membership_pk)
    try:
        services.membership_deactivate(by=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(user)s no longer has access to %(organisation)s.")
            % {"user": membership.user, "organisation": organisation},
        )
    return redirect("organisations:members", pk=pk)
