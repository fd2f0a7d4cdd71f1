"""Pages of the dispute log (CV9). The convention is fetched through ``visible_to`` (404 for another
tenant), the dispute through the convention (404 for another convention's); acting needs a manager
of a party (403), and a closed dispute is read-only (403)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partenaria.core.forms import add_service_errors
from partenaria.core.views import render_form_page

from . import dispute_services as ds
from .dispute_forms import DisputeCloseForm, DisputeForm, DisputeStepForm
from .models import Convention, Dispute
from .permissions import can_manage_disputes

GET_POST = require_http_methods(["GET", "POST"])


def disputes_tab_context(user, convention: Convention) -> dict:
    """What ``conventions/disputes/_disputes_tab.html`` needs (the convention page adds it)."""
    disputes = list(
        convention.disputes.select_related("raised_by")
        .annotate(step_count=Count("steps"))
        .order_by("-opened_on", "-pk")
    )
    return {
        "disputes": disputes,
        "open_dispute_count": sum(1 for d in disputes if not d.is_closed),
        "can_manage_disputes": can_manage_disputes(user, convention)
        and convention.status not in ds.NOT_YET_SIGNED,
    }


def _convention(request, pk: int) -> Convention:
    return get_object_or_404(Convention.objects.visible_to(request.user).select_related("partnership"), pk=pk)


def _dispute(convention: Convention, dispute_pk: int) -> Dispute:
    return get_object_or_404(
        Dispute.objects.select_related("convention", "raised_by"), pk=dispute_pk, convention=convention
    )


def _check_act(request, convention: Convention, dispute: Dispute | None = None) -> None:
    if not can_manage_disputes(request.user, convention):
        raise PermissionDenied(_("Only the officers of a party follow the disputes of this convention."))
    if dispute is not None and dispute.is_closed:
        raise PermissionDenied(_("This dispute is closed: it can no longer be changed."))


def _tab_url(convention: Convention) -> str:
    return f"{convention.get_absolute_url()}?tab=disputes#tab-panel"


@GET_POST
def dispute_open(request, pk: int):
    convention = _convention(request, pk)
    _check_act(request, convention)
    form = DisputeForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            dispute = ds.dispute_open(by=request.user, convention=convention, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The dispute was logged."))
            return redirect(dispute)
    return render_form_page(
        request,
        form,
        title=_("Log a dispute"),
        back=_tab_url(convention),
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse("conventions:dispute_open", args=[convention.pk]),
        },
    )


@require_GET
def dispute_detail(request, pk: int, dispute_pk: int):
    convention = _convention(request, pk)
    dispute = _dispute(convention, dispute_pk)
    can_act = can_manage_disputes(request.user, convention) and not dispute.is_closed
    return render(
        request,
        "conventions/disputes/dispute_detail.html",
        {
            "convention": convention,
            "dispute": dispute,
            "steps": list(dispute.steps.order_by("date", "pk")),
            "can_act": can_act,
            "back_url": _tab_url(convention),
        },
    )


@GET_POST
def dispute_edit(request, pk: int, dispute_pk: int):
    convention = _convention(request, pk)
    dispute = _dispute(convention, dispute_pk)
    _check_act(request, convention, dispute)
    initial = {name: getattr(dispute, name) for name in ds.DISPUTE_FIELDS}
    form = DisputeForm(request.POST or None, initial=initial, convention=convention, edits=dispute)
    if request.method == "POST" and form.is_valid():
        try:
            ds.dispute_change(by=request.user, dispute=dispute, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The dispute was saved."))
            return redirect(dispute)
    return render_form_page(
        request,
        form,
        title=_("Edit « %(subject)s »") % {"subject": dispute.subject},
        back=dispute.get_absolute_url(),
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse("conventions:dispute_edit", args=[convention.pk, dispute.pk]),
        },
    )


@GET_POST
def dispute_step_add(request, pk: int, dispute_pk: int):
    convention = _convention(request, pk)
    dispute = _dispute(convention, dispute_pk)
    _check_act(request, convention, dispute)
    form = DisputeStepForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ds.dispute_step_add(by=request.user, dispute=dispute, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The step was recorded."))
            return redirect(dispute)
    return render_form_page(
        request,
        form,
        title=_("Record a step of « %(subject)s »") % {"subject": dispute.subject},
        back=dispute.get_absolute_url(),
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse("conventions:dispute_step_add", args=[convention.pk, dispute.pk]),
        },
    )


@GET_POST
def dispute_close(request, pk: int, dispute_pk: int):
    convention = _convention(request, pk)
    dispute = _dispute(convention, dispute_pk)
    _check_act(request, convention, dispute)
    form = DisputeCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ds.dispute_close(by=request.user, dispute=dispute, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The dispute was closed."))
            return redirect(dispute)
    return render_form_page(
        request,
        form,
        title=_("Close « %(subject)s »") % {"subject": dispute.subject},
        back=dispute.get_absolute_url(),
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse("conventions:dispute_close", args=[convention.pk, dispute.pk]),
        },
    )
