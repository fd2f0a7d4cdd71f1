"""Pages of the teaching cooperation (PD1-PD3). Thin: parse, call one service or query, render.

Interventions and programmes are fetched through their ``visible_to`` querysets (the partnerships the
user reads): another tenant's object is a 404. Acts are refused with a 403 by the services.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partenaria.conventions.models import FREQUENCY_MONTHS, Convention, Partnership
from partenaria.core.audit import describe, history_for
from partenaria.core.forms import act_and_redirect
from partenaria.core.views import render_form_page
from partenaria.internships.models import TrainingSession
from partenaria.organisations.models import OrganisationKind

from . import services
from .forms import (
    AssessForm,
    CancelForm,
    DecisionForm,
    DocumentationForm,
    FilterForm,
    InterventionForm,
    JobOfferForm,
    ProgrammeDutyForm,
    ProgrammeSendForm,
    QualificationForm,
    RelayForm,
    SpeakerForm,
)
from .models import (
    DocumentationAccess,
    Intervention,
    InterventionKind,
    InterventionStatus,
    JobOffer,
    Programme,
    ProgrammeDuty,
    QualificationAction,
    QualificationStatus,
    Speaker,
    SpeakerCompetence,
)
from .permissions import (
    approver_organisation_ids,
    can_assess_speakers,
    can_decide,
    can_manage_intervention,
    can_manage_qualifications,
    can_plan,
    can_publish_job_offer,
    can_relay_job_offer,
)
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
    return render_form_page(
        request,
        form,
        title=title,
        back=back_url,
        submit=submit,
        intro=intro,
        breadcrumb="teaching/_form_breadcrumb.html",
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


# --- Job offers (PD5), documentation centre (PD6), qualifications (PD7), speakers (PD4) -------------


def _employer_ids(request, partnership) -> set[int]:
    if request.user.is_superuser:
        return set(partnership.members.values_list("organisation_id", flat=True))
    return approver_organisation_ids(request.user)


def _annotated_partnerships(request, predicate):
    partnerships = list(_teaching_partnerships(request))
    for partnership in partnerships:
        partnership.can_act = predicate(request.user, partnership)
    return partnerships


@require_GET
def job_offers(request):
    """« Offres d'emploi »: the authority's offers and whether the school relayed them (PD5)."""
    offers = list(
        JobOffer.objects.visible_to(request.user)
        .select_related("partnership", "employer", "relayed_by")
        .order_by("-created_at", "-pk")[:200]
    )
    for offer in offers:
        offer.can_relay = offer.relayed_at is None and can_relay_job_offer(request.user, offer)
    return render(
        request,
        "teaching/job_offers.html",
        {
            "offers": offers,
            "partnerships": _annotated_partnerships(request, can_publish_job_offer),
            "tab": "offers",
        },
    )


@GET_POST
def job_offer_create(request, pk):
    partnership = _partnership(request, pk)
    if not can_publish_job_offer(request.user, partnership):
        raise PermissionDenied(
            _("Only a manager or the HR service of an employer of the partnership may do this.")
        )
    form = JobOfferForm(
        request.POST or None, partnership=partnership, employer_ids=_employer_ids(request, partnership)
    )
    done = act_and_redirect(
        request,
        form,
        lambda: services.job_offer_publish(by=request.user, partnership=partnership, data=form.cleaned_data),
        success=_("Offer handed to the school."),
        to=lambda offer: reverse("teaching:job_offers"),
    )
    return done or _form_page(
        request,
        form,
        title=_("Hand a job offer to the school – %(partnership)s") % {"partnership": partnership.title},
        submit=_("Hand the offer"),
        back_url=reverse("teaching:job_offers"),
    )


@GET_POST
def job_offer_relay(request, pk):
    offer = get_object_or_404(JobOffer.objects.visible_to(request.user).select_related("partnership"), pk=pk)
    if not can_relay_job_offer(request.user, offer):
        raise PermissionDenied(_("Only a manager of the partnership's school may relay this offer."))
    form = RelayForm(request.POST or None, instance=offer)
    done = act_and_redirect(
        request,
        form,
        lambda: services.job_offer_relay(by=request.user, offer=offer, data=form.cleaned_data),
        success=_("Relay recorded."),
        to=lambda obj: reverse("teaching:job_offers"),
    )
    return done or _form_page(
        request,
        form,
        title=_("Relay the offer « %(title)s » to the new graduates") % {"title": offer.title},
        submit=_("Record the relay"),
        back_url=reverse("teaching:job_offers"),
    )


@require_GET
def documentation(request):
    """« Centre de documentation »: the agents registered at the school's documentation centre, with
    the rules they accepted (PD6)."""
    accesses = list(
        DocumentationAccess.objects.visible_to(request.user)
        .select_related("agent__organisation", "school", "partnership")
        .order_by("withdrawn_on", "agent__last_name", "agent__first_name")[:500]
    )
    managed = approver_organisation_ids(request.user)
    for access in accesses:
        access.can_withdraw = access.withdrawn_on is None and (
            request.user.is_superuser or access.agent.organisation_id in managed
        )
    return render(
        request,
        "teaching/documentation.html",
        {
            "accesses": accesses,
            "partnerships": _annotated_partnerships(request, lambda u, p: can_publish_job_offer(u, p)),
            "tab": "documentation",
        },
    )


@GET_POST
def documentation_register(request, pk):
    partnership = _partnership(request, pk)
    if not can_publish_job_offer(request.user, partnership):
        raise PermissionDenied(
            _("Only a manager or the HR service of the agent's employer may register them.")
        )
    form = DocumentationForm(
        request.POST or None,
        partnership=partnership,
        employer_ids=_employer_ids(request, partnership),
        initial={"registered_on": timezone.localdate()},
    )
    done = act_and_redirect(
        request,
        form,
        lambda: services.documentation_register(
            by=request.user, partnership=partnership, data=form.cleaned_data
        ),
        success=_("Agent registered at the documentation centre."),
        to=lambda access: reverse("teaching:documentation"),
    )
    return done or _form_page(
        request,
        form,
        title=_("Register an agent at the documentation centre"),
        submit=_("Register"),
        back_url=reverse("teaching:documentation"),
        intro=_("The agent accepts the rules of the documentation centre: their version and date are kept."),
    )


@require_POST
def documentation_withdraw(request, pk):
    access = get_object_or_404(
        DocumentationAccess.objects.visible_to(request.user).select_related("agent"), pk=pk
    )
    try:
        services.documentation_withdraw(by=request.user, access=access, on=timezone.localdate())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Access withdrawn."))
    return redirect("teaching:documentation")


@require_GET
def qualifications(request):
    """« Accès aux qualifications »: apprenticeship, VAE, tutor training as cooperation actions (PD7)."""
    actions = list(
        QualificationAction.objects.visible_to(request.user)
        .select_related("partnership", "training_session")
        # can_manage_qualifications reads the partnership's members: one query, not one per row.
        .prefetch_related("partnership__members")
        .order_by("-starts_on", "-pk")[:300]
    )
    sessions = {a.training_session_id for a in actions if a.training_session_id}
    attendees = dict(
        TrainingSession.objects.filter(pk__in=sessions).annotate_attendees().values_list("pk", "attendees")
    )
    for action in actions:
        action.attendees = attendees.get(action.training_session_id)
        action.can_manage = can_manage_qualifications(request.user, action.partnership)
    return render(
        request,
        "teaching/qualifications.html",
        {
            "actions": actions,
            "statuses": QualificationStatus.choices,
            "partnerships": _annotated_partnerships(request, can_manage_qualifications),
            "tab": "qualifications",
        },
    )


@GET_POST
def qualification_create(request, pk):
    partnership = _partnership(request, pk)
    if not can_manage_qualifications(request.user, partnership):
        raise PermissionDenied(_("Only a manager of a member of the partnership may record this action."))
    form = QualificationForm(request.POST or None, partnership=partnership)
    done = act_and_redirect(
        request,
        form,
        lambda: services.qualification_action_create(
            by=request.user, partnership=partnership, data=form.cleaned_data
        ),
        success=_("Action recorded."),
        to=lambda action: reverse("teaching:qualifications"),
    )
    return done or _form_page(
        request,
        form,
        title=_("Record an action for access to qualifications"),
        submit=_("Record"),
        back_url=reverse("teaching:qualifications"),
        intro=_("A tutor training is recorded under « Stages » as a training session: link it here."),
    )


@require_POST
def qualification_status(request, pk):
    action = get_object_or_404(
        QualificationAction.objects.visible_to(request.user).select_related("partnership"), pk=pk
    )
    try:
        services.qualification_action_set_status(
            by=request.user, action=action, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Status changed."))
    return redirect("teaching:qualifications")


@require_GET
def speakers(request):
    """« Intervenants occasionnels »: agents under the charter and the coverage of the diplomas'
    competence blocks by their analysed competences (PD4)."""
    speakers = list(
        Speaker.objects.visible_to(request.user)
        .select_related("agent__organisation", "school", "partnership")
        .annotate(blocks=Count("competences"))
    )
    competences = SpeakerCompetence.objects.filter(speaker__in=[s.pk for s in speakers]).select_related(
        "block__diploma"
    )
    coverage: dict = {}
    for competence in competences:
        row = coverage.setdefault(competence.block, {"contributes": 0, "confirmed": 0, "referent": 0})
        row[competence.level] += 1
    diplomas = sorted({block.diploma for block in coverage}, key=lambda d: d.code)
    table = [
        (diploma, [(block, coverage.get(block)) for block in diploma.blocks.all()]) for diploma in diplomas
    ]
    return render(
        request,
        "teaching/speakers.html",
        {
            "speakers": speakers,
            "table": table,
            "partnerships": _annotated_partnerships(request, can_assess_speakers),
            "tab": "speakers",
        },
    )


@GET_POST
def speaker_create(request, pk):
    partnership = _partnership(request, pk)
    if not can_assess_speakers(request.user, partnership):
        raise PermissionDenied(_("Only a manager of the partnership's school may record its speakers."))
    form = SpeakerForm(request.POST or None, partnership=partnership)
    done = act_and_redirect(
        request,
        form,
        lambda: services.speaker_register(by=request.user, partnership=partnership, data=form.cleaned_data),
        success=_("Speaker recorded: analyse their competences against the diplomas' frameworks."),
        to=lambda speaker: speaker.get_absolute_url(),
    )
    return done or _form_page(
        request,
        form,
        title=_("Record an occasional speaker"),
        submit=_("Record"),
        back_url=reverse("teaching:speakers"),
    )


def _speaker(request, pk) -> Speaker:
    return get_object_or_404(
        Speaker.objects.visible_to(request.user).select_related(
            "agent__organisation", "school", "partnership"
        ),
        pk=pk,
    )


@GET_POST
def speaker_detail(request, pk):
    """An agent's pedagogical competences, block by block of the diplomas' frameworks (PD4); the
    school's managers add or revise an analysis here."""
    speaker = _speaker(request, pk)
    can_assess = can_assess_speakers(request.user, speaker.partnership)
    form = AssessForm(request.POST or None)
    if request.method == "POST":
        if not can_assess:
            raise PermissionDenied(_("Only a manager of the partnership's school may analyse its speakers."))
        done = act_and_redirect(
            request,
            form,
            lambda: services.speaker_assess(
                by=request.user,
                speaker=speaker,
                block=form.cleaned_data["block"],
                level=form.cleaned_data["level"],
                on=timezone.localdate(),
                note=form.cleaned_data["note"],
            ),
            success=_("Competence recorded."),
            to=lambda competence: speaker.get_absolute_url(),
        )
        if done:
            return done
    history = list(history_for(speaker).order_by("-at")[:20])
    for event in history:
        event.verb = describe(event.action)
    return render(
        request,
        "teaching/speaker_detail.html",
        {
            "speaker": speaker,
            "competences": speaker.competences.select_related("block__diploma"),
            "form": form,
            "can_assess": can_assess,
            "history": history,
            "tab": "speakers",
        },
    )
