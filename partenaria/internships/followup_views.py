"""Pages of the follow-up of a placement and of tutor training (IN7, IN10). Thin, as ``views.py``.

The tutor's evaluation page is the only page of the app reached without an account: the signed
secret in its address is the key, it shows that one internship and nothing else, and it refuses
with a plain French message once expired or submitted.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partenaria.core.forms import act_and_redirect, add_service_errors
from partenaria.core.journal import record_access
from partenaria.core.templatetags.partenaria import longdate
from partenaria.core.views import render_form_page

from . import followup_services as services
from .forms import AttendanceForm, EvaluationForm, TrainingSessionForm, VisitPlanForm, VisitRecordForm
from .models import HostSite, Placement, TrainerVisit, TrainingSession, Tutor, TutorEvaluation
from .permissions import can_follow, can_organise_training, can_place
from .views import PAGE_SIZE, _deny, _placement

GET_POST = require_http_methods(["GET", "POST"])


# --- Trainer visits (IN7) ----------------------------------------------------------------------


@GET_POST
def visit_plan(request, placement_pk: int):
    placement = _placement(request, placement_pk)
    _deny(
        can_follow(request.user, placement.campaign), _("Only the school's officers plan follow-up visits.")
    )
    form = VisitPlanForm(request.POST or None, placement=placement)
    done = act_and_redirect(
        request,
        form,
        lambda: services.visit_plan(by=request.user, placement=placement, data=form.cleaned_data),
        success=_("The visit is planned; it appears in the deadlines until it is recorded."),
        to=lambda visit: placement.get_absolute_url() + "#suivi",
    )
    return done or render_form_page(
        request,
        form,
        title=_("Plan a follow-up visit of %(student)s") % {"student": placement.student},
        back=placement.get_absolute_url(),
        breadcrumb="internships/_breadcrumb.html",
    )


@GET_POST
def visit_record(request, visit_pk: int):
    visit = get_object_or_404(
        TrainerVisit.objects.filter(placement__in=Placement.objects.visible_to(request.user).values("pk")),
        pk=visit_pk,
    )
    placement = _placement(request, visit.placement_id)
    _deny(
        can_follow(request.user, placement.campaign), _("Only the school's officers record follow-up visits.")
    )
    form = VisitRecordForm(request.POST or None, instance=visit)
    done = act_and_redirect(
        request,
        form,
        lambda: services.visit_record(by=request.user, visit=visit, data=form.cleaned_data),
        success=_("The visit is recorded."),
        to=lambda visit: placement.get_absolute_url() + "#suivi",
    )
    return done or render_form_page(
        request,
        form,
        title=_("Record the follow-up visit of %(student)s") % {"student": placement.student},
        back=placement.get_absolute_url(),
        breadcrumb="internships/_breadcrumb.html",
    )


# --- The tutor's evaluation (IN7) --------------------------------------------------------------


@GET_POST
def evaluation_send(request, placement_pk: int):
    """Confirm, then e-mail the tutor a link to the evaluation form (valid 30 days, once)."""
    placement = _placement(request, placement_pk)
    _deny(
        can_place(request.user, placement.campaign),
        _("Only the school's officers or the host's referents ask for the evaluation."),
    )
    error = ""
    if request.method == "POST":
        try:
            evaluation, _token = services.evaluation_request(
                by=request.user, placement=placement, site_url=request.build_absolute_uri("/")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("The link was sent to %(email)s; it works until %(date)s.")
                % {
                    "email": evaluation.sent_to,
                    "date": longdate(timezone.localtime(evaluation.expires_at).date()),
                },
            )
            return redirect(placement.get_absolute_url() + "#suivi")
    return render(
        request,
        "internships/evaluation_send.html",
        {
            "placement": placement,
            "days": services.EVALUATION_LINK_DAYS,
            "blocks": services.blocks_worked_on_site(placement),
            "error": error,
        },
    )


@require_GET
def evaluation_detail(request, evaluation_pk: int):
    evaluation = get_object_or_404(
        TutorEvaluation.objects.visible_to(request.user).select_related(
            "placement__student__diploma", "placement__site__unit", "placement__campaign", "tutor__person"
        ),
        pk=evaluation_pk,
    )
    record_access(request.user, evaluation)  # a student's evaluation: its readings are journaled (DP3)
    return render(
        request,
        "internships/evaluation_detail.html",
        {"evaluation": evaluation, "lines": evaluation.lines.select_related("block")},
    )


@login_not_required
@GET_POST
def evaluation_fill(request, token: str):
    """The tutor's form, reached by the link of the e-mail; no account, this internship only."""
    evaluation = services.evaluation_by_token(token)
    if evaluation is None:
        raise Http404
    # The tutor has no account: the journal names them (DP3, trust 18).
    record_access(
        None,
        evaluation,
        reader_label=_("%(name)s (tutor, link of the e-mail)") % {"name": evaluation.tutor.person},
    )
    state = services.evaluation_state(evaluation)
    placement = evaluation.placement
    context = {"evaluation": evaluation, "placement": placement, "state": state}
    if state != "open":
        return render(request, "internships/evaluation_fill.html", context, status=410)
    blocks = services.blocks_worked_on_site(placement)
    form = EvaluationForm(request.POST or None, blocks=blocks)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(
                evaluation=evaluation, levels=form.levels(), appreciation=form.cleaned_data["appreciation"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            context["state"] = "thanks"
            return render(request, "internships/evaluation_fill.html", context)
    context["form"] = form
    return render(request, "internships/evaluation_fill.html", context)


# --- Tutor training (IN10) ---------------------------------------------------------------------


@require_GET
def training_list(request):
    """The training sessions of the organisations one may see, the current organisation's first."""
    membership = request.current_membership
    organisation = membership.organisation if membership else None
    sessions = (
        TrainingSession.objects.visible_to(request.user)
        .select_related("organiser")
        .annotate_attendees()
        .order_by("-held_on", "pk")
    )
    untrained = []
    if organisation is not None:
        untrained = list(
            Tutor.objects.with_training()
            .filter(site__organisation=organisation, trained_on__isnull=True)
            .select_related("person", "site__unit")
        )
    return render(
        request,
        "internships/training_list.html",
        {
            "page": Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page")),
            "organisation": organisation,
            "untrained": untrained,
            "can_organise": organisation is not None and can_organise_training(request.user, organisation),
        },
    )


@GET_POST
def training_create(request):
    membership = request.current_membership
    _deny(
        membership is not None and can_organise_training(request.user, membership.organisation),
        _("Only the organisation's officers, HR or referents organise tutor training."),
    )
    organiser = membership.organisation
    form = TrainingSessionForm(request.POST or None)
    done = act_and_redirect(
        request,
        form,
        lambda: services.training_session_create(
            by=request.user, organiser=organiser, data=form.cleaned_data
        ),
        success=_("The training session is scheduled."),
        to=lambda session: session.get_absolute_url(),
    )
    return done or render_form_page(
        request,
        form,
        title=_("Schedule a tutor training session"),
        back=reverse("internships:training_list"),
        intro=_("Organised by %(organisation)s. Record who attended once the session has taken place.")
        % {"organisation": organiser.name},
        breadcrumb="internships/_breadcrumb.html",
    )


def _session(request, session_pk: int) -> TrainingSession:
    return get_object_or_404(
        TrainingSession.objects.visible_to(request.user).select_related("organiser"), pk=session_pk
    )


def _attendable_tutors(request, session):
    """Tutors of the host sites the user may see, not already present."""
    return (
        Tutor.objects.filter(site__in=HostSite.objects.visible_to(request.user).values("pk"))
        .exclude(trainings__session=session)
        .select_related("person", "site__unit", "site__organisation")
    )


@GET_POST
def training_detail(request, session_pk: int):
    """A session: where, when, who organised it, who attended; the organiser records the attendance."""
    session = _session(request, session_pk)
    can_organise = can_organise_training(request.user, session.organiser)
    form = None
    if can_organise:
        form = AttendanceForm(request.POST or None, tutors=_attendable_tutors(request, session))
        done = act_and_redirect(
            request,
            form,
            lambda: (
                services.training_attendance_add(
                    by=request.user, session=session, tutors=form.cleaned_data["tutors"]
                )
                and session
            ),
            success=_("The attendance was recorded."),
            to=lambda session: session.get_absolute_url(),
        )
        if done:
            return done
    elif request.method == "POST":
        _deny(False, _("Only the organiser's officers record the attendance."))
    attendances = session.attendances.filter(
        tutor__site__in=HostSite.objects.visible_to(request.user).values("pk")
    ).select_related("tutor__person", "tutor__site__unit", "tutor__site__organisation")
    return render(
        request,
        "internships/training_detail.html",
        {"session": session, "attendances": attendances, "form": form, "can_organise": can_organise},
    )
