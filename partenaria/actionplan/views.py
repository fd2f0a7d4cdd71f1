"""Pages and htmx fragments of the action plan and the indicators (AP1, AP2). Thin: parse, call, render.

Every view fetches the convention through ``visible_to`` (404 for another tenant) and its child
through the convention (404 for another convention's axis, action, note or indicator); acting
without the right is a 403. With htmx, a form swaps in place of what it edits and a saved change
answers the whole plan (progress rolls up, so every axis may change); without JavaScript the same
URLs render full pages and a POST redirects to the plan.
"""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import retarget

from partenaria.conventions.models import Convention, Partnership
from partenaria.core.forms import act_and_redirect
from partenaria.core.ratelimit import rate_limited
from partenaria.core.spreadsheets import table_download
from partenaria.core.views import render_form_page

from . import services
from .charts import format_number, indicator_chart
from .forms import ActionFilterForm, ActionForm, AxisForm, IndicatorForm, IndicatorValueForm, ProgressNoteForm
from .models import Action, Axis, Indicator, IndicatorValue, ProgressNote
from .permissions import can_edit_action_plan
from .selectors import indicators_with_values, plan_axes, plan_history

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


# --- Fetching -----------------------------------------------------------------------------------


def _visible(request, pk: int) -> Convention:
    return get_object_or_404(Convention.objects.visible_to(request.user).select_related("partnership"), pk=pk)


def _check_edit(request, convention: Convention) -> None:
    # Checked after the child is fetched: another convention's child is a 404 before it is a 403.
    if not can_edit_action_plan(request.user, convention):
        raise PermissionDenied(_("Only a manager of a party may change the action plan of this convention."))


def _axis(convention, axis_pk) -> Axis:
    return get_object_or_404(Axis.objects.select_related("convention"), pk=axis_pk, convention=convention)


def _action(convention, action_pk) -> Action:
    return get_object_or_404(
        Action.objects.select_related("axis__convention", "owner"), pk=action_pk, axis__convention=convention
    )


def _note(convention, note_pk) -> ProgressNote:
    return get_object_or_404(
        ProgressNote.objects.select_related("action__axis__convention"),
        pk=note_pk,
        action__axis__convention=convention,
    )


def _indicator(convention, indicator_pk) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("convention"), pk=indicator_pk, convention=convention
    )


def _value(convention, value_pk) -> IndicatorValue:
    return get_object_or_404(
        IndicatorValue.objects.select_related("indicator__convention"),
        pk=value_pk,
        indicator__convention=convention,
    )


# --- The plan -----------------------------------------------------------------------------------


def _plan_url(convention: Convention, anchor: str = "") -> str:
    return reverse("actionplan:plan", args=[convention.pk]) + f"#{anchor or 'action-plan'}"


def _plan_context(request, convention: Convention) -> dict:
    axes, progress = plan_axes(convention)
    return {
        "convention": convention,
        "axes": axes,
        "plan_progress": progress,
        "action_count": sum(len(a.action_list) for a in axes),
        "late_count": sum(a.late_count for a in axes),
        "can_edit": can_edit_action_plan(request.user, convention),
        "today": timezone.localdate(),
        "history": plan_history(convention),
    }


def _plan_fragment(request, convention: Convention) -> HttpResponse:
    response = render(request, "actionplan/_plan.html", _plan_context(request, convention))
    return retarget(response, "#action-plan")


@require_GET
def plan(request, pk: int):
    """The « Plan d'action » tab of a convention."""
    convention = _visible(request, pk)
    if request.htmx:
        return render(request, "actionplan/_plan.html", _plan_context(request, convention))
    context = _plan_context(request, convention)
    context.update(tab="actionplan", page_title=_("Action plan"), tab_template="actionplan/_plan_tab.html")
    return render(request, "conventions/content/tab_page.html", context)


def _form(request, convention, *, partial, title, back, **context):
    """A fragment with htmx, the same fragment inside a full page otherwise."""
    context.update(convention=convention, title_suffix=convention.title)
    context.setdefault("cancel_url", reverse("actionplan:plan", args=[convention.pk]))
    return render_form_page(
        request,
        context.pop("form", None),
        title=title,
        back=back,
        partial=partial,
        breadcrumb="conventions/content/_breadcrumb.html",
        context=context,
    )


def _saved(request, convention, message, anchor=""):
    # With htmx the message shows in the plan's live region, so that screen readers hear it.
    messages.success(request, message)
    if request.htmx:
        return _plan_fragment(request, convention)
    return redirect(_plan_url(convention, anchor))


def _edit_view(request, convention, *, form, save, saved, anchor, **page):
    """Run ``save(cleaned_data)`` on a valid POST; the service's refusal goes onto the fields.

    Saved, an htmx request gets the plan again in place of the redirect (see ``_saved``)."""
    if response := act_and_redirect(
        request,
        form,
        lambda: save(form.cleaned_data),
        success=saved,
        to=lambda obj: _plan_url(convention, anchor(obj)),
    ):
        return _plan_fragment(request, convention) if request.htmx else response
    return _form(request, convention, form=form, **page)


def _delete_view(request, convention, *, delete, deleted, anchor="", **page):
    """Ask for confirmation, then ``delete()``; a refusal is said on the confirmation page, or in the
    plan's live region with htmx."""
    error = None
    if request.method == "POST":
        try:
            delete()
        except ValidationError as exc:
            error = " ".join(exc.messages)
            if request.htmx:
                messages.error(request, error)
                return _plan_fragment(request, convention)
        else:
            return _saved(request, convention, deleted, anchor)
    return _form(request, convention, partial="conventions/content/_confirm_delete.html", error=error, **page)


def _fields(form) -> dict:
    return {name: form.cleaned_data.get(name) for name in form.Meta.fields}


# --- Axes ---------------------------------------------------------------------------------------


@GET_POST
def axis_add(request, pk: int):
    convention = _visible(request, pk)
    _check_edit(request, convention)
    form = AxisForm(request.POST or None, convention=convention)
    return _edit_view(
        request,
        convention,
        form=form,
        save=lambda data: services.axis_add(by=request.user, convention=convention, data=_fields(form)),
        saved=_("The axis was added."),
        anchor=lambda axis: f"axis-{axis.pk}",
        partial="actionplan/_axis_form.html",
        title=_("Add an axis"),
        back=_plan_url(convention),
        action=reverse("actionplan:axis_add", args=[convention.pk]),
        block_id="axis-form-new",
    )


@GET_POST
def axis_edit(request, pk: int, axis_pk: int):
    convention = _visible(request, pk)
    axis = _axis(convention, axis_pk)
    _check_edit(request, convention)
    form = AxisForm(request.POST or None, instance=copy.copy(axis), convention=convention)
    return _edit_view(
        request,
        convention,
        form=form,
        save=lambda data: services.axis_change(by=request.user, axis=axis, data=_fields(form)),
        saved=_("The axis was saved."),
        anchor=lambda axis: f"axis-{axis.pk}",
        partial="actionplan/_axis_form.html",
        title=_("Edit the axis « %(axis)s »") % {"axis": axis},
        back=_plan_url(convention, f"axis-{axis.pk}"),
        action=reverse("actionplan:axis_edit", args=[convention.pk, axis.pk]),
        block_id=f"axis-{axis.pk}",
    )


@GET_POST
def axis_delete(request, pk: int, axis_pk: int):
    convention = _visible(request, pk)
    axis = _axis(convention, axis_pk)
    _check_edit(request, convention)
    return _delete_view(
        request,
        convention,
        delete=lambda: services.axis_delete(by=request.user, axis=axis),
        deleted=_("The axis was deleted."),
        title=_("Delete the axis « %(axis)s »") % {"axis": axis},
        back=_plan_url(convention, f"axis-{axis.pk}"),
        action=reverse("actionplan:axis_delete", args=[convention.pk, axis.pk]),
        question=_("Delete this axis? Only an axis without actions can be deleted."),
    )


@GET_POST
def axis_move(request, pk: int, axis_pk: int):
    convention = _visible(request, pk)
    axis = _axis(convention, axis_pk)
    _check_edit(request, convention)
    if request.method != "POST":
        # Moving changes state: only on POST.
        return redirect(_plan_url(convention, f"axis-{axis.pk}"))
    try:
        services.axis_move(by=request.user, axis=axis, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return _plan_fragment(request, convention)
    return redirect(_plan_url(convention, f"axis-{axis.pk}"))


# --- Actions ------------------------------------------------------------------------------------


@GET_POST
def action_add(request, pk: int, axis_pk: int):
    convention = _visible(request, pk)
    axis = _axis(convention, axis_pk)
    _check_edit(request, convention)
    form = ActionForm(request.POST or None, convention=convention, initial={"axis": axis.pk, "progress": 0})
    form.fields["axis"].widget = form.fields["axis"].hidden_widget()
    return _edit_view(
        request,
        convention,
        form=form,
        save=lambda data: services.action_add(by=request.user, axis=axis, data=_fields(form)),
        saved=_("The action was added."),
        anchor=lambda action: f"action-{action.pk}",
        partial="actionplan/_action_form.html",
        title=_("Add an action to « %(axis)s »") % {"axis": axis},
        back=_plan_url(convention, f"axis-{axis.pk}"),
        action=reverse("actionplan:action_add", args=[convention.pk, axis.pk]),
        block_id=f"axis-{axis.pk}-action-form",
    )


@GET_POST
def action_edit(request, pk: int, action_pk: int):
    convention = _visible(request, pk)
    action = _action(convention, action_pk)
    _check_edit(request, convention)
    form = ActionForm(request.POST or None, instance=copy.copy(action), convention=convention)
    return _edit_view(
        request,
        convention,
        form=form,
        save=lambda data: services.action_change(by=request.user, action=action, data=_fields(form)),
        saved=_("The action was saved."),
        anchor=lambda action: f"action-{action.pk}",
        partial="actionplan/_action_form.html",
        title=_("Edit the action « %(action)s »") % {"action": action},
        back=_plan_url(convention, f"action-{action.pk}"),
        action=reverse("actionplan:action_edit", args=[convention.pk, action.pk]),
        block_id=f"action-{action.pk}",
    )


@GET_POST
def action_delete(request, pk: int, action_pk: int):
    convention = _visible(request, pk)
    action = _action(convention, action_pk)
    _check_edit(request, convention)
    return _delete_view(
        request,
        convention,
        delete=lambda: services.action_delete(by=request.user, action=action),
        deleted=_("The action was deleted."),
        anchor=f"axis-{action.axis_id}",
        title=_("Delete the action « %(action)s »") % {"action": action},
        back=_plan_url(convention, f"action-{action.pk}"),
        action=reverse("actionplan:action_delete", args=[convention.pk, action.pk]),
        question=_("Delete this action? An action with progress notes is marked as abandoned instead."),
    )


# --- Progress notes -----------------------------------------------------------------------------


@GET_POST
def note_add(request, pk: int, action_pk: int):
    convention = _visible(request, pk)
    action = _action(convention, action_pk)
    _check_edit(request, convention)
    form = ProgressNoteForm(request.POST or None, initial={"noted_on": timezone.localdate()})
    return _edit_view(
        request,
        convention,
        form=form,
        save=lambda data: services.progress_note_add(by=request.user, action=action, data=_fields(form)),
        saved=_("The progress was recorded."),
        anchor=lambda note: f"action-{action.pk}",
        partial="actionplan/_note_form.html",
        title=_("Record the progress of « %(action)s »") % {"action": action},
        back=_plan_url(convention, f"action-{action.pk}"),
        action=reverse("actionplan:note_add", args=[convention.pk, action.pk]),
        block_id=f"action-{action.pk}-note-form",
        subject=action,
    )


@GET_POST
def note_edit(request, pk: int, note_pk: int):
    convention = _visible(request, pk)
    note = _note(convention, note_pk)
    _check_edit(request, convention)
    form = ProgressNoteForm(request.POST or None, instance=copy.copy(note))
    return _edit_view(
        request,
        convention,
        form=form,
        save=lambda data: services.progress_note_change(by=request.user, note=note, data=_fields(form)),
        saved=_("The progress note was saved."),
        anchor=lambda note: f"action-{note.action_id}",
        partial="actionplan/_note_form.html",
        title=_("Correct a progress note of « %(action)s »") % {"action": note.action},
        back=_plan_url(convention, f"action-{note.action_id}"),
        action=reverse("actionplan:note_edit", args=[convention.pk, note.pk]),
        block_id=f"note-{note.pk}-form",
        subject=note.action,
    )


# --- Indicators ---------------------------------------------------------------------------------


def _indicators_url(convention: Convention, anchor: str = "") -> str:
    return reverse("actionplan:indicators", args=[convention.pk]) + (f"#{anchor}" if anchor else "")


@require_GET
def indicators(request, pk: int):
    """The indicators of a convention: per year the target and the measured value, and the trend."""
    convention = _visible(request, pk)
    items = indicators_with_values(convention)
    for indicator in items:
        values = list(indicator.values.all())
        indicator.value_list = values
        indicator.chart = indicator_chart(indicator, values, element_id=f"chart-{indicator.pk}")
        for value in values:
            value.target_text = format_number(value.target)
            value.measured_text = format_number(value.measured)
    context = {
        "convention": convention,
        "indicators": items,
        "can_edit": can_edit_action_plan(request.user, convention),
        "years": services.convention_years(convention),
        "tab": "actionplan",
        "page_title": _("Indicators"),
        "tab_template": "actionplan/_indicators_tab.html",
    }
    return render(request, "conventions/content/tab_page.html", context)


def _simple_form(request, convention, *, form, save, saved, anchor, title, action, back=None):
    """Indicator forms: plain pages, a POST redirects to the indicators page."""
    back = back or _indicators_url(convention)
    if response := act_and_redirect(
        request, form, save, success=saved, to=lambda obj: _indicators_url(convention, anchor(obj))
    ):
        return response
    return render_form_page(
        request,
        form,
        title=title,
        back=back,
        breadcrumb="conventions/content/_breadcrumb.html",
        context={"convention": convention, "title_suffix": convention.title, "action": action},
    )


@GET_POST
def indicator_add(request, pk: int):
    convention = _visible(request, pk)
    _check_edit(request, convention)
    form = IndicatorForm(request.POST or None, convention=convention)
    return _simple_form(
        request,
        convention,
        form=form,
        save=lambda: services.indicator_add(by=request.user, convention=convention, data=_fields(form)),
        saved=_("The indicator was added."),
        anchor=lambda indicator: f"indicator-{indicator.pk}",
        title=_("Add an indicator"),
        action=reverse("actionplan:indicator_add", args=[convention.pk]),
    )


@GET_POST
def indicator_edit(request, pk: int, indicator_pk: int):
    convention = _visible(request, pk)
    indicator = _indicator(convention, indicator_pk)
    _check_edit(request, convention)
    form = IndicatorForm(request.POST or None, instance=copy.copy(indicator), convention=convention)
    return _simple_form(
        request,
        convention,
        form=form,
        save=lambda: services.indicator_change(by=request.user, indicator=indicator, data=_fields(form)),
        saved=_("The indicator was saved."),
        anchor=lambda indicator: f"indicator-{indicator.pk}",
        title=_("Edit the indicator « %(indicator)s »") % {"indicator": indicator},
        action=reverse("actionplan:indicator_edit", args=[convention.pk, indicator.pk]),
    )


def _confirm(request, convention, *, title, action, question, back):
    return render_form_page(
        request,
        title=title,
        back=back,
        partial="conventions/content/_confirm_delete.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": action,
            "question": question,
        },
    )


@GET_POST
def indicator_delete(request, pk: int, indicator_pk: int):
    convention = _visible(request, pk)
    indicator = _indicator(convention, indicator_pk)
    _check_edit(request, convention)
    if request.method == "POST":
        services.indicator_delete(by=request.user, indicator=indicator)
        messages.success(request, _("The indicator was deleted."))
        return redirect(_indicators_url(convention))
    return _confirm(
        request,
        convention,
        title=_("Delete the indicator « %(indicator)s »") % {"indicator": indicator},
        action=reverse("actionplan:indicator_delete", args=[convention.pk, indicator.pk]),
        question=_("Delete this indicator and the values of every year? This cannot be undone."),
        back=_indicators_url(convention, f"indicator-{indicator.pk}"),
    )


@GET_POST
def value_add(request, pk: int, indicator_pk: int):
    convention = _visible(request, pk)
    indicator = _indicator(convention, indicator_pk)
    _check_edit(request, convention)
    form = IndicatorValueForm(request.POST or None, initial={"year": timezone.localdate().year})
    return _simple_form(
        request,
        convention,
        form=form,
        save=lambda: services.indicator_value_add(by=request.user, indicator=indicator, data=_fields(form)),
        saved=_("The values of the year were recorded."),
        anchor=lambda value: f"indicator-{indicator.pk}",
        title=_("Values of a year for « %(indicator)s »") % {"indicator": indicator},
        action=reverse("actionplan:value_add", args=[convention.pk, indicator.pk]),
    )


@GET_POST
def value_edit(request, pk: int, value_pk: int):
    convention = _visible(request, pk)
    value = _value(convention, value_pk)
    _check_edit(request, convention)
    form = IndicatorValueForm(request.POST or None, instance=copy.copy(value))
    return _simple_form(
        request,
        convention,
        form=form,
        save=lambda: services.indicator_value_change(by=request.user, value=value, data=_fields(form)),
        saved=_("The values of the year were saved."),
        anchor=lambda value: f"indicator-{value.indicator_id}",
        title=_("%(year)s values for « %(indicator)s »") % {"year": value.year, "indicator": value.indicator},
        action=reverse("actionplan:value_edit", args=[convention.pk, value.pk]),
    )


@GET_POST
def value_delete(request, pk: int, value_pk: int):
    convention = _visible(request, pk)
    value = _value(convention, value_pk)
    _check_edit(request, convention)
    if request.method == "POST":
        services.indicator_value_delete(by=request.user, value=value)
        messages.success(request, _("The values of the year were deleted."))
        return redirect(_indicators_url(convention, f"indicator-{value.indicator_id}"))
    return _confirm(
        request,
        convention,
        title=_("Delete the %(year)s values of « %(indicator)s »")
        % {"year": value.year, "indicator": value.indicator},
        action=reverse("actionplan:value_delete", args=[convention.pk, value.pk]),
        question=_("Delete the target and the measured value of this year?"),
        back=_indicators_url(convention, f"indicator-{value.indicator_id}"),
    )


# --- Actions of all the partnerships of the current organisation ---------------------------------


def _filtered_actions(request):
    """(form, actions, filtered) for the current organisation's partnerships and the URL's filters."""
    membership = request.current_membership
    partnerships = Partnership.objects.visible_to(request.user)
    if membership is not None:
        partnerships = partnerships.filter(members__organisation=membership.organisation)
    partnerships = Partnership.objects.filter(pk__in=partnerships.values("pk")).order_by("title")
    form = ActionFilterForm(request.GET or None, partnerships=partnerships)
    actions = (
        Action.objects.filter(axis__convention__partnership__in=partnerships.values("pk"))
        .select_related("axis__convention__partnership", "owner", "person_in_charge")
        .order_by(
            F("due_date").asc(nulls_last=True), "axis__convention__title", "axis__position", "position", "pk"
        )
    )
    today = timezone.localdate()
    filtered = False
    if form.is_valid():
        data = form.cleaned_data
        if query := data["q"].strip():
            actions = actions.filter(Q(title__icontains=query) | Q(axis__title__icontains=query))
        if data["status"]:
            actions = actions.filter(status=data["status"])
        if data["late"] == "yes":
            actions = actions.late(today)
        if data["owner"]:
            actions = actions.filter(owner=data["owner"])
        if data["partnership"]:
            actions = actions.filter(axis__convention__partnership=data["partnership"])
        filtered = any(data.values())
    return form, actions, filtered, today


@require_GET
def action_list(request):
    form, actions, filtered, today = _filtered_actions(request)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    for action in page.object_list:
        action.late = action.is_late(today)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "actionplan/action_list.html",
        {"form": form, "page": page, "querystring": params.urlencode(), "filtered": filtered},
    )


EXPORT_HEADERS = [
    gettext_lazy("Action"),
    gettext_lazy("Axis"),
    gettext_lazy("Convention"),
    gettext_lazy("Partnership"),
    gettext_lazy("Owner party"),
    gettext_lazy("Person in charge"),
    gettext_lazy("Status"),
    gettext_lazy("Late"),
    gettext_lazy("Start date"),
    gettext_lazy("Due date"),
    gettext_lazy("Progress (%)"),
]


def _export_rows(actions, today):
    for a in actions:
        yield [
            a.title,
            a.axis.title,
            a.axis.convention.title,
            a.axis.convention.partnership.title,
            a.owner.display_name,
            str(a.person_in_charge) if a.person_in_charge_id else "",
            a.get_status_display(),
            _("yes") if a.is_late(today) else _("no"),
            a.start_date,
            a.due_date,
            a.progress,
        ]


@rate_limited("export")
@require_GET
def action_export(request, fmt: str):
    _form, actions, _filtered, today = _filtered_actions(request)
    return table_download(
        fmt, "plan-d-action", _("Action plan"), EXPORT_HEADERS, _export_rows(actions, today)
    )
