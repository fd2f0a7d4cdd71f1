"""Pages of the research-action projects and study requests (RS1-RS5). Thin: parse, call, render.

Every view fetches through ``visible_to`` (404 for another tenant), then the child through its project
(404 for another project's deliverable); acting without the right is a 403 from the service. A form
posts, the service decides, a refusal goes back onto the fields with what was typed.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partenaria.conventions.models import Partnership
from partenaria.core.audit import describe, history_for
from partenaria.core.forms import act_and_redirect
from partenaria.core.journal import record_access
from partenaria.core.ratelimit import rate_limited
from partenaria.core.views import render_form_page
from partenaria.deadlines import engine

from . import export, services, statuses
from .forms import (
    STUDY_MOVE_FORMS,
    DeliverableForm,
    FunderForm,
    ProjectFilterForm,
    ProjectForm,
    ReviewForm,
    StudyFilterForm,
    StudyRequestForm,
    TargetForm,
    TeamMemberForm,
    UploadForm,
    ValorisationForm,
)
from .models import Deliverable, FunderApplication, MethodTarget, ResearchProject, StudyRequest
from .permissions import can_manage_research, can_manage_study, can_review_deliverable

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


def _project(request, pk) -> ResearchProject:
    return get_object_or_404(
        ResearchProject.objects.visible_to(request.user).select_related("partnership", "convention"), pk=pk
    )


def _partnership(request, pk) -> Partnership:
    return get_object_or_404(Partnership.objects.visible_to(request.user), pk=pk)


def _act(request, form, act, *, success, back, title, submit, context=None, multipart=False):
    """On a valid POST run ``act(cleaned_data)``; its refusal goes onto the form, nothing is lost.

    Done, the page goes to the URL ``act`` returned, if it returned one, else to ``back``."""
    if response := act_and_redirect(
        request,
        form,
        lambda: act(form.cleaned_data),
        success=success,
        to=lambda result: result if isinstance(result, str) else back,
    ):
        return response
    return render_form_page(
        request,
        form,
        title=title,
        back=back,
        submit=submit,
        multipart=multipart,
        context={**(context or {}), "above": "research/_form_subject.html"},
    )


# --- Projects (RS1) -----------------------------------------------------------------------------


@require_GET
def project_list(request):
    """« Recherche »: the research-actions of the current organisation's partnerships (RS1)."""
    membership = request.current_membership
    organisation = membership.organisation if membership else None
    partnerships = engine.partnerships_of(request.user, organisation)
    projects = (
        ResearchProject.objects.filter(partnership__in=partnerships.values("pk"))
        .select_related("partnership", "convention")
        .annotate(
            deliverable_count=Count("deliverables", distinct=True),
            accepted_count=Count("deliverables", filter=Q(deliverables__status="accepted"), distinct=True),
        )
        .order_by("status", "-started_on", "title")
    )
    form = ProjectFilterForm(request.GET or None)
    if form.is_valid():
        if query := form.cleaned_data["q"].strip():
            projects = projects.filter(Q(title__icontains=query) | Q(question__icontains=query))
        if status := form.cleaned_data["status"]:
            projects = projects.filter(status=status)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "research/project_list.html",
        {
            "form": form,
            "page": page,
            "count": page.paginator.count,
            "querystring": params.urlencode(),
            "organisation": organisation,
            "partnerships": partnerships.order_by("title"),
        },
    )


@require_GET
@rate_limited("export")
def research_export(request, pk):
    """« Exporter (pseudonymisé) »: the partnership's research as XLSX, every person replaced by a
    stable pseudonym (trust 17); for the partnership's readers (two-factor required here)."""
    partnership = _partnership(request, pk)
    content = export.research_export(by=request.user, partnership=partnership)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"recherche-pseudonymisee-{partnership.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@GET_POST
def project_add(request, pk):
    partnership = _partnership(request, pk)
    form = ProjectForm(request.POST or None, partnership=partnership)
    return _act(
        request,
        form,
        lambda data: services.project_create(
            by=request.user, partnership=partnership, data=data
        ).get_absolute_url(),
        success=_("Research recorded."),
        back=reverse("research:project_list"),
        title=_("New research-action"),
        submit=_("Record the research"),
    )


@require_GET
def project_detail(request, pk):
    project = _project(request, pk)
    record_access(request.user, project)  # research data: its readings are journaled (DP3)
    today = timezone.localdate()
    deliverables = list(
        project.deliverables.select_related("responsible").prefetch_related("conditional_contributions")
    )
    for deliverable in deliverables:
        deliverable.late = deliverable.is_late(today)
        deliverable.can_review = deliverable.status == "submitted" and can_review_deliverable(
            request.user, deliverable
        )
    history = list(history_for(project).order_by("-at")[:20])
    for event in history:
        event.verb = describe(event.action)
    return render(
        request,
        "research/project_detail.html",
        {
            "project": project,
            "team": project.team.select_related("person__organisation"),
            "targets": project.targets.all(),
            "deliverables": deliverables,
            "valorisations": project.valorisations.all(),
            "funders": project.funders.all(),
            "moves": statuses.allowed(project.status),
            "can_manage": can_manage_research(request.user, project),
            "history": history,
            "today": today,
        },
    )


@GET_POST
def project_edit(request, pk):
    project = _project(request, pk)
    form = ProjectForm(request.POST or None, instance=project, partnership=project.partnership)
    return _act(
        request,
        form,
        lambda data: services.project_change(by=request.user, project=project, data=data),
        success=_("Research saved."),
        back=project.get_absolute_url(),
        title=_("Change the research"),
        submit=_("Save"),
    )


@require_POST
def project_move(request, pk):
    project = _project(request, pk)
    try:
        services.project_transition(by=request.user, project=project, name=request.POST.get("move", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The research moved to its next stage."))
    return redirect(project.get_absolute_url())


@GET_POST
def team_add(request, pk):
    project = _project(request, pk)
    form = TeamMemberForm(request.POST or None, partnership=project.partnership)
    return _act(
        request,
        form,
        lambda data: services.team_member_add(by=request.user, project=project, data=data),
        success=_("Person added to the team."),
        back=project.get_absolute_url() + "#team",
        title=_("Add a person to the team"),
        submit=_("Add"),
        context={"project": project},
    )


# --- Methodology targets (RS2) ------------------------------------------------------------------


@GET_POST
def target_add(request, pk):
    project = _project(request, pk)
    form = TargetForm(request.POST or None)
    return _act(
        request,
        form,
        lambda data: services.target_add(by=request.user, project=project, data=data),
        success=_("Target planned."),
        back=project.get_absolute_url() + "#targets",
        title=_("Plan a methodology target"),
        submit=_("Plan"),
        context={"project": project},
    )


@GET_POST
def target_edit(request, pk, target_pk):
    project = _project(request, pk)
    target = get_object_or_404(MethodTarget, pk=target_pk, project=project)
    form = TargetForm(request.POST or None, instance=target)
    return _act(
        request,
        form,
        lambda data: services.target_change(by=request.user, target=target, data=data),
        success=_("Progress recorded."),
        back=project.get_absolute_url() + "#targets",
        title=_("Progress of « %(category)s »") % {"category": target.category},
        submit=_("Save"),
        context={"project": project},
    )


# --- Deliverables and valorisation (RS3) --------------------------------------------------------


def _deliverable(project, deliverable_pk) -> Deliverable:
    return get_object_or_404(
        Deliverable.objects.select_related("project__partnership", "project__convention"),
        pk=deliverable_pk,
        project=project,
    )


@GET_POST
def deliverable_add(request, pk):
    project = _project(request, pk)
    form = DeliverableForm(request.POST or None, partnership=project.partnership)
    return _act(
        request,
        form,
        lambda data: services.deliverable_add(by=request.user, project=project, data=data),
        success=_("Deliverable planned."),
        back=project.get_absolute_url() + "#deliverables",
        title=_("Plan a deliverable"),
        submit=_("Plan"),
        context={"project": project},
    )


@GET_POST
def deliverable_edit(request, pk, deliverable_pk):
    project = _project(request, pk)
    deliverable = _deliverable(project, deliverable_pk)
    form = DeliverableForm(request.POST or None, instance=deliverable, partnership=project.partnership)
    return _act(
        request,
        form,
        lambda data: services.deliverable_change(by=request.user, deliverable=deliverable, data=data),
        success=_("Deliverable saved."),
        back=project.get_absolute_url() + "#deliverables",
        title=_("Change the deliverable"),
        submit=_("Save"),
        context={"project": project},
    )


@GET_POST
def deliverable_submit(request, pk, deliverable_pk):
    project = _project(request, pk)
    deliverable = _deliverable(project, deliverable_pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    return _act(
        request,
        form,
        lambda data: services.deliverable_submit(
            by=request.user, deliverable=deliverable, upload=data["file"]
        ),
        success=_("Deliverable submitted for review."),
        back=project.get_absolute_url() + "#deliverables",
        title=_("Send « %(title)s »") % {"title": deliverable.title},
        submit=_("Send"),
        context={"project": project},
        multipart=True,
    )


@require_GET
def deliverable_file(request, pk, deliverable_pk):
    """The deliverable's file, to those who see the project only, always as a download (trust 12)."""
    project = _project(request, pk)
    deliverable = _deliverable(project, deliverable_pk)
    if not deliverable.file:
        raise Http404
    record_access(request.user, deliverable, "download")
    try:
        handle = deliverable.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=deliverable.file_name or "livrable",
        content_type=deliverable.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@GET_POST
def deliverable_review(request, pk, deliverable_pk):
    project = _project(request, pk)
    deliverable = _deliverable(project, deliverable_pk)
    form = ReviewForm(request.POST or None)
    return _act(
        request,
        form,
        lambda data: services.deliverable_review(
            by=request.user,
            deliverable=deliverable,
            accept=data["decision"] == "accept",
            comment=data["review_comment"],
        ),
        success=_("Review recorded."),
        back=project.get_absolute_url() + "#deliverables",
        title=_("Review « %(title)s »") % {"title": deliverable.title},
        submit=_("Record the review"),
        context={"project": project, "deliverable": deliverable},
    )


@GET_POST
def valorisation_add(request, pk):
    project = _project(request, pk)
    form = ValorisationForm(request.POST or None)
    return _act(
        request,
        form,
        lambda data: services.valorisation_add(by=request.user, project=project, data=data),
        success=_("Valorisation action recorded."),
        back=project.get_absolute_url() + "#valorisation",
        title=_("Record a valorisation action"),
        submit=_("Record"),
        context={"project": project},
    )


# --- Funding search (RS4) -----------------------------------------------------------------------


@GET_POST
def funder_add(request, pk):
    project = _project(request, pk)
    form = FunderForm(request.POST or None)
    return _act(
        request,
        form,
        lambda data: services.funder_add(by=request.user, project=project, data=data),
        success=_("Funder added to the search."),
        back=project.get_absolute_url() + "#funders",
        title=_("Add a potential funder"),
        submit=_("Add"),
        context={"project": project},
    )


@GET_POST
def funder_edit(request, pk, funder_pk):
    project = _project(request, pk)
    application = get_object_or_404(FunderApplication, pk=funder_pk, project=project)
    form = FunderForm(request.POST or None, instance=application)
    return _act(
        request,
        form,
        lambda data: services.funder_change(by=request.user, application=application, data=data),
        success=_("Funding search updated."),
        back=project.get_absolute_url() + "#funders",
        title=_("Search with « %(funder)s »") % {"funder": application.funder},
        submit=_("Save"),
        context={"project": project},
    )


# --- Study requests (RS5) -----------------------------------------------------------------------


@require_GET
def study_list(request):
    membership = request.current_membership
    organisation = membership.organisation if membership else None
    partnerships = engine.partnerships_of(request.user, organisation)
    studies = StudyRequest.objects.filter(partnership__in=partnerships.values("pk")).select_related(
        "partnership", "requester", "provider"
    )
    form = StudyFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["status"]:
        studies = studies.filter(status=form.cleaned_data["status"])
    page = Paginator(studies, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "research/study_list.html",
        {
            "form": form,
            "page": page,
            "count": page.paginator.count,
            "querystring": params.urlencode(),
            "partnerships": partnerships.order_by("title"),
        },
    )


@GET_POST
def study_add(request, pk):
    partnership = _partnership(request, pk)
    form = StudyRequestForm(request.POST or None, partnership=partnership)
    return _act(
        request,
        form,
        lambda data: services.study_request_create(
            by=request.user, partnership=partnership, data=data
        ).get_absolute_url(),
        success=_("Study request recorded."),
        back=reverse("research:study_list"),
        title=_("Ask for a study"),
        submit=_("Record the request"),
    )


def _study(request, pk) -> StudyRequest:
    return get_object_or_404(
        StudyRequest.objects.visible_to(request.user).select_related("partnership", "requester", "provider"),
        pk=pk,
    )


@require_GET
def study_detail(request, pk):
    study = _study(request, pk)
    moves = [move for move, (sources, _target) in services.STUDY_MOVES.items() if study.status in sources]
    history = list(history_for(study).order_by("-at")[:20])
    for event in history:
        event.verb = describe(event.action)
    return render(
        request,
        "research/study_detail.html",
        {
            "study": study,
            "moves": moves,
            "can_manage": can_manage_study(request.user, study),
            "history": history,
        },
    )


MOVE_TITLES = {
    "quote": gettext_lazy("Answer with a quote"),
    "accept": gettext_lazy("Accept the quote"),
    "deliver": gettext_lazy("Record the delivery"),
    "decline": gettext_lazy("Decline the request"),
}


@GET_POST
def study_move(request, pk, move):
    study = _study(request, pk)
    if move not in STUDY_MOVE_FORMS:
        raise Http404
    form_class = STUDY_MOVE_FORMS[move]
    if form_class is None:
        if request.method != "POST":
            return redirect(study.get_absolute_url())
        try:
            services.study_request_move(by=request.user, request=study, move=move)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Study request updated."))
        return redirect(study.get_absolute_url())
    form = form_class(request.POST or None)
    return _act(
        request,
        form,
        lambda data: services.study_request_move(by=request.user, request=study, move=move, data=data),
        success=_("Study request updated."),
        back=study.get_absolute_url(),
        title=str(MOVE_TITLES[move]),
        submit=str(MOVE_TITLES[move]),
        context={"study": study},
    )
