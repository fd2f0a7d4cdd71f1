"""Pages of the teaching cooperation (PD1-PD3). Thin: parse, call one service or query, render.

Interventions and programmes are fetched through their ``visible_to`` querysets (the partnerships the
user reads): another tenant's object is a 404. Acts are refused with a 403 by the services.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partenaria.conventions.models import FREQUENCY_MONTHS, Convention, Partnership
from partenaria.core.audit import describe, history_for
from partenaria.core.forms import act_and_redirect
from partenaria.organisations.models import OrganisationKind

from . import services
from .forms import (
    CancelForm,
    DecisionForm,
    FilterForm,
    InterventionForm,
    ProgrammeDutyForm,
    ProgrammeSendForm,
)
from .models import Intervention, InterventionKind, InterventionStatus, Programme, ProgrammeDuty
from .permissions import approver_organisation_ids, can_decide, can_manage_intervention, can_plan
from .rules import occurrence_in_school_year, school_year_label, school_year_of

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 50


def _partnership(request, pk) -> Partnership:
    return get_object_or_404(Partnership.objects.visible_to(request.user), pk=pk)


def _intervention(request, pk) -> Intervention:
    return get_object_or_404(
        Intervention.objects.visible_to(request.user).select_related(
            "partnership", "convention", "school", "agent__organisation", "agent__unit"
        ),
        pk=pk,
    )


def _form_page(request, form, *, title, submit, back_url, intro=""):
    return render(
        request,
        "teaching/form_page.html",
        {"form": form, "page_title": title, "submit_label": submit, "back_url": back_url, "intro": intro},
    )


def _teaching_partnerships(request):
    """The partnerships the user reads that have a school among their members."""
    return (
        Partnership.objects.visible_to(request.user)
        .filter(members__organisation__kind=OrganisationKind.SCHOOL)
        .prefetch_related("members__organisation")
        .order_by("title")
        .distinct()
    )


@require_GET
def index(request):
    """« Coopération pédagogique »: the interventions of the user's partnerships, by school year (PD1),
    those awaiting the user's decision (PD3), and each partnership's programme (PD2)."""
    today = timezone.localdate()
    current_year = school_year_of(today)
    filters = FilterForm(request.GET or None)
    year, status, kind = current_year, "", ""
    if filters.is_valid():
        year = filters.cleaned_data["year"] or current_year
        status = (
            filters.cleaned_data["status"] if filters.cleaned_data["status"] in InterventionStatus else ""
        )
        kind = filters.cleaned_data["kind"] if filters.cleaned_data["kind"] in InterventionKind else ""
    interventions = (
        Intervention.objects.visible_to(request.user)
        .of_school_year(year)
        .select_related("partnership", "school", "agent__organisation")
        .order_by("starts_on", "pk")
    )
    if status:
        interventions = interventions.filter(status=status)
    if kind:
        interventions = interventions.filter(kind=kind)
    page = Paginator(interventions, PAGE_SIZE).get_page(request.GET.get("page"))
    awaiting = (
        Intervention.objects.visible_to(request.user)
        .filter(
            status=InterventionStatus.REQUESTED,
            agent__organisation__in=approver_organisation_ids(request.user),
        )
        .select_related("school", "agent__organisation")
        .order_by("starts_on")
    )
    partnerships = list(_teaching_partnerships(request))
    for partnership in partnerships:
        partnership.can_plan = can_plan(request.user, partnership)
    querystring = "&".join(
        f"{name}={value}" for name, value in (("year", year), ("status", status), ("kind", kind)) if value
    )
    return render(
        request,
        "teaching/index.html",
        {
            "page": page,
            "count": page.paginator.count,
            "awaiting": awaiting,
            "partnerships": partnerships,
            "year": year,
            "year_label": school_year_label(year),
            "years": [current_year + 1, current_year, current_year - 1, current_year - 2],
            "status": status,
            "kind": kind,
            "statuses": InterventionStatus.choices,
            "kinds": InterventionKind.choices,
            "querystring": querystring,
        },
    )


@GET_POST
def intervention_create(request, pk):
    partnership = _partnership(request, pk)
    if not can_plan(request.user, partnership):
        raise PermissionDenied(_("Only a manager of the partnership's school may plan interventions."))
    form = InterventionForm(request.POST or None, partnership=partnership)
    done = act_and_redirect(
        request,
        form,
        lambda: services.intervention_plan(by=request.user, partnership=partnership, data=form.cleaned_data),
        success=_("Intervention planned. Ask the employer's approval when the agent has agreed."),
        to=lambda intervention: intervention.get_absolute_url(),
    )
    return done or _form_page(
        request,
        form,
        title=_("Plan an intervention – %(partnership)s") % {"partnership": partnership.title},
        submit=_("Plan the intervention"),
        back_url=reverse("teaching:index"),
        intro=_(
            "A paid intervention needs a leave request to the agent's employer; an unpaid one, the approval "
            "of the agent's head of service. It is confirmed once the employer has approved it."
        ),
    )


@require_GET
def intervention_detail(request, pk):
    intervention = _intervention(request, pk)
    history = list(history_for(intervention).order_by("-at")[:30])
    for event in history:
        event.verb = describe(event.action)
    manage = can_manage_intervention(request.user, intervention)
    status = intervention.status
    return render(
        request,
        "teaching/intervention_detail.html",
        {
            "intervention": intervention,
            "history": history,
            "can_edit": manage and intervention.is_editable,
            "can_request": manage and status == InterventionStatus.PLANNED,
            "can_confirm": manage and status == InterventionStatus.APPROVED,
            "can_cancel": manage and status != InterventionStatus.CANCELLED,
            "can_decide": status == InterventionStatus.REQUESTED and can_decide(request.user, intervention),
        },
    )


@GET_POST
def intervention_edit(request, pk):
    intervention = _intervention(request, pk)
    if not can_manage_intervention(request.user, intervention):
        raise PermissionDenied(_("Only a manager of the school may change this intervention."))
    form = InterventionForm(request.POST or None, instance=intervention, partnership=intervention.partnership)
    done = act_and_redirect(
        request,
        form,
        lambda: services.intervention_update(
            by=request.user, intervention=intervention, data=form.cleaned_data
        ),
        success=_("Intervention changed."),
        to=lambda obj: obj.get_absolute_url(),
    )
    return done or _form_page(
        request,
        form,
        title=_("Change the intervention"),
        submit=_("Save"),
        back_url=intervention.get_absolute_url(),
    )


def _act(request, intervention, act, success):
    try:
        act()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(intervention.get_absolute_url())


@require_POST
def intervention_request(request, pk):
    intervention = _intervention(request, pk)
    return _act(
        request,
        intervention,
        lambda: services.intervention_request_approval(by=request.user, intervention=intervention),
        _("The employer's approval has been asked."),
    )


@require_POST
def intervention_confirm(request, pk):
    intervention = _intervention(request, pk)
    return _act(
        request,
        intervention,
        lambda: services.intervention_confirm(by=request.user, intervention=intervention),
        _("Intervention confirmed."),
    )


@GET_POST
def intervention_decide(request, pk):
    intervention = _intervention(request, pk)
    if not can_decide(request.user, intervention):
        raise PermissionDenied(
            _("Only a manager or the human-resources service of the agent's employer may decide.")
        )
    form = DecisionForm(request.POST or None)
    done = act_and_redirect(
        request,
        form,
        lambda: services.intervention_decide(
            by=request.user,
            intervention=intervention,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        ),
        success=_("Decision recorded; the school has been told."),
        to=lambda obj: obj.get_absolute_url(),
    )
    return done or render(
        request, "teaching/intervention_decide.html", {"intervention": intervention, "form": form}
    )


@GET_POST
def intervention_cancel(request, pk):
    intervention = _intervention(request, pk)
    if not can_manage_intervention(request.user, intervention):
        raise PermissionDenied(_("Only a manager of the school may cancel this intervention."))
    form = CancelForm(request.POST or None)
    done = act_and_redirect(
        request,
        form,
        lambda: services.intervention_cancel(
            by=request.user, intervention=intervention, reason=form.cleaned_data["reason"]
        ),
        success=_("Intervention cancelled."),
        to=lambda obj: obj.get_absolute_url(),
    )
    return done or _form_page(
        request,
        form,
        title=_("Cancel the intervention"),
        submit=_("Cancel the intervention"),
        back_url=intervention.get_absolute_url(),
        intro=str(intervention),
    )


# --- The annual provisional programme (PD2) --------------------------------------------------------


@require_GET
def programme(request, partnership_pk, year):
    """The provisional programme of a school year: the themes and dates of the year's interventions,
    whom it goes to, when it was sent (PD2)."""
    partnership = _partnership(request, partnership_pk)
    if not 1900 <= year <= 2999:
        raise Http404
    interventions = (
        Intervention.objects.filter(partnership=partnership, school_year=year)
        .live()
        .select_related("school", "agent__organisation")
        .order_by("starts_on", "pk")
    )
    sent = (
        Programme.objects.filter(partnership=partnership, school_year=year).select_related("sent_by").first()
    )
    duty = (
        ProgrammeDuty.objects.filter(commitment__convention__partnership=partnership)
        .select_related("commitment__convention", "commitment__article")
        .order_by("-commitment__convention__start_date")
        .first()
    )
    due = fulfilled = None
    if duty:
        commitment = duty.commitment
        due = occurrence_in_school_year(commitment.due_date, FREQUENCY_MONTHS.get(commitment.frequency), year)
        fulfilled = (
            due is not None and commitment.fulfilled_until is not None and commitment.fulfilled_until >= due
        )
    history = []
    if sent:
        history = list(history_for(sent).order_by("-at")[:10])
        for event in history:
            event.verb = describe(event.action)
    return render(
        request,
        "teaching/programme.html",
        {
            "partnership": partnership,
            "year": year,
            "year_label": school_year_label(year),
            "interventions": interventions,
            "total_hours": sum((i.hours for i in interventions), Decimal(0)),
            "programme": sent,
            "duty": duty,
            "due": due,
            "late": due is not None and due < timezone.localdate() and not fulfilled,
            "referents": services.programme_referents(partnership),
            "can_send": can_plan(request.user, partnership),
            "form": ProgrammeSendForm(initial={"foreword": sent.foreword if sent else ""}),
            "history": history,
            "conventions": partnership.conventions.order_by("-start_date")
            if can_plan(request.user, partnership)
            else [],
        },
    )


@require_POST
def programme_send(request, partnership_pk, year):
    partnership = _partnership(request, partnership_pk)
    if not 1900 <= year <= 2999:
        raise Http404
    form = ProgrammeSendForm(request.POST)
    url = reverse("teaching:programme", args=[partnership.pk, year])
    if not form.is_valid():
        messages.error(request, _("The foreword is too long."))
        return redirect(url)
    try:
        sent = services.programme_send(
            by=request.user, partnership=partnership, year=year, foreword=form.cleaned_data["foreword"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Programme sent to %(count)s referents.") % {"count": sent.recipients_count},
        )
    return redirect(url)


@GET_POST
def programme_duty(request, pk):
    """Say which yearly commitment of a convention is the provisional programme (PD2)."""
    convention = get_object_or_404(
        Convention.objects.visible_to(request.user).select_related("partnership"), pk=pk
    )
    if not can_plan(request.user, convention.partnership):
        raise PermissionDenied(_("Only a manager of the partnership's school may record this duty."))
    form = ProgrammeDutyForm(request.POST or None, convention=convention)
    year = school_year_of(timezone.localdate())
    back = reverse("teaching:programme", args=[convention.partnership_id, year])
    done = act_and_redirect(
        request,
        form,
        lambda: services.programme_duty_set(
            by=request.user, commitment=form.cleaned_data["commitment"], school=form.cleaned_data["school"]
        ),
        success=_("Recorded: sending the programme of a school year now fulfils this commitment."),
        to=lambda duty: back,
    )
    return done or _form_page(
        request,
        form,
        title=_("Annual programme – %(convention)s") % {"convention": convention.title},
        submit=_("Save"),
        back_url=back,
        intro=_(
            "The convention's yearly commitment to send the provisional programme in September is its "
            "deadline; sending the programme from Partenaria fulfils it."
        ),
    )
