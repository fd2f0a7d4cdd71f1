"""Pages of the European projects (EU1-EU4, EU6). Thin: parse, call one service or query, render.

Projects, mobilities and deliverables are fetched through ``EuropeanProject.objects.visible_to``
(the people of the partnership's members); a search through ``PartnerSearch.objects.visible_to``
(its partnership's people, and every organisation once published); an answer through
``SearchAnswer.objects.visible_to``. Another tenant's object is a 404; an act refused is a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partenaria.conventions.models import MemberStatus, Partnership
from partenaria.conventions.permissions import managed_organisation_ids
from partenaria.core.audit import describe, history_for
from partenaria.core.forms import act_and_redirect, add_service_errors
from partenaria.core.ratelimit import rate_limited
from partenaria.core.spreadsheets import workbook
from partenaria.core.views import render_form_page
from partenaria.organisations.models import Organisation, Person

from . import selectors, services
from .forms import (
    AnswerForm,
    DecisionForm,
    JobProfileForm,
    MobilityForm,
    ParticipantForm,
    PartnerForm,
    ProjectForm,
    SearchForm,
    TrainingProposalForm,
)
from .models import (
    AnswerStatus,
    EuropeanProject,
    JobProfile,
    Mobility,
    Participant,
    PartnerSearch,
    SearchAnswer,
    TrainingProposal,
)
from .permissions import (
    can_answer_for,
    can_contribute,
    can_create_project,
    can_delegate,
    can_manage_project,
)

GET_POST = require_http_methods(["GET", "POST"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _project(request, pk) -> EuropeanProject:
    return get_object_or_404(
        EuropeanProject.objects.visible_to(request.user).select_related(
            "partnership", "coordinator", "contact"
        ),
        pk=pk,
    )


def _search(request, pk) -> PartnerSearch:
    return get_object_or_404(
        PartnerSearch.objects.visible_to(request.user).select_related(
            "project__partnership", "project__coordinator", "project__contact"
        ),
        pk=pk,
    )


def _form_page(request, form, *, title, submit, back_url, intro=""):
    return render_form_page(request, form, title=title, back=back_url, submit=submit, intro=intro)


def _answering_organisations(request, search):
    """The organisations in whose name the user may answer: managed, not yet members."""
    members = search.project.partnership.members.values("organisation_id")
    return list(
        Organisation.objects.filter(pk__in=managed_organisation_ids(request.user)).exclude(pk__in=members)
    )


@require_GET
def index(request):
    """« Projets européens »: the user's projects, the searches open to them, their answers (EU1, EU2)."""
    projects = list(
        EuropeanProject.objects.visible_to(request.user)
        .select_related("partnership", "coordinator")
        .order_by("call_deadline")
    )
    own = {p.pk for p in projects}
    searches = (
        PartnerSearch.objects.visible_to(request.user)
        .published()
        .exclude(project__in=own)
        .select_related("project__partnership", "project__coordinator")
        .order_by("-published_on")
    )
    answers = (
        SearchAnswer.objects.visible_to(request.user)
        .exclude(search__project__in=own)
        .select_related("search__project__partnership", "organisation")
    )
    partnerships = [
        p
        for p in Partnership.objects.visible_to(request.user)
        .filter(kind="european", european_project__isnull=True)
        .prefetch_related("members")
        if can_create_project(request.user, p)
    ]
    return render(
        request,
        "europe/index.html",
        {"projects": projects, "searches": searches, "answers": answers, "partnerships": partnerships},
    )


@GET_POST
def project_create(request, partnership_pk):
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), pk=partnership_pk)
    _require(
        can_create_project(request.user, partnership),
        _("Only a manager of a member of the partnership may write its project sheet."),
    )
    form = ProjectForm(request.POST or None, partnership=partnership)
    done = act_and_redirect(
        request,
        form,
        lambda: services.project_create(by=request.user, partnership=partnership, data=form.cleaned_data),
        success=_("Project sheet written."),
        to=lambda project: project.get_absolute_url(),
    )
    return done or _form_page(
        request,
        form,
        title=_("Project sheet of %(title)s") % {"title": partnership.title},
        submit=_("Write the sheet"),
        back_url=partnership.get_absolute_url(),
    )


@require_GET
def project_detail(request, pk):
    """The project sheet (EU1) with the consortium check (EU3), the partners and the search (EU2)."""
    project = _project(request, pk)
    rows = selectors.partners(project)
    search = PartnerSearch.objects.filter(project=project).first()
    can_manage = can_manage_project(request.user, project)
    answers = []
    if search is not None:
        answers = list(search.answers.select_related("organisation", "answered_by", "decided_by"))
    mobilities, hosts_missing = selectors.mobility_plan(project)
    return render(
        request,
        "europe/project_detail.html",
        {
            "project": project,
            "partners": rows,
            "confirmed_check": selectors.consortium(rows, confirmed_only=True),
            "full_check": selectors.consortium(rows, confirmed_only=False),
            "search": search,
            "answers": answers,
            "open_answers": [a for a in answers if a.status == AnswerStatus.SUBMITTED],
            "mobilities": mobilities,
            "hosts_missing": hosts_missing,
            "profiles_count": project.job_profiles.count(),
            "proposals_count": project.training_proposals.count(),
            "can_manage": can_manage,
            "can_contribute": can_contribute(request.user, project),
            "history": [(event, describe(event.action)) for event in history_for(project)[:20]],
            "statuses": MemberStatus,
        },
    )


@GET_POST
def project_edit(request, pk):
    project = _project(request, pk)
    _require(
        can_manage_project(request.user, project), _("Only the coordinator may change the project sheet.")
    )
    form = ProjectForm(request.POST or None, instance=project, partnership=project.partnership)
    done = act_and_redirect(
        request,
        form,
        lambda: services.project_update(by=request.user, project=project, data=form.cleaned_data),
        success=_("Project sheet saved."),
        to=lambda project: project.get_absolute_url(),
    )
    return done or _form_page(
        request,
        form,
        title=_("Change the project sheet"),
        submit=_("Save"),
        back_url=project.get_absolute_url(),
    )


@GET_POST
def partner_edit(request, pk, org_pk):
    project = _project(request, pk)
    _require(can_manage_project(request.user, project), _("Only the coordinator may change the partners."))
    row = next((r for r in selectors.partners(project) if r.organisation.pk == org_pk), None)
    if row is None:
        raise PermissionDenied(_("This organisation is not a partner of the project."))
    form = PartnerForm(
        request.POST or None,
        initial={"status": row.member.status, "partner_type": row.partner_type},
        edits=row.member,
    )
    done = act_and_redirect(
        request,
        form,
        lambda: services.partner_update(
            by=request.user,
            project=project,
            organisation=row.organisation,
            status=form.cleaned_data["status"],
            partner_type=form.cleaned_data["partner_type"],
        ),
        success=_("Partner updated."),
        to=lambda member: project.get_absolute_url() + "#partenaires",
    )
    return done or _form_page(
        request,
        form,
        title=_("Partner %(organisation)s") % {"organisation": row.organisation.name},
        submit=_("Save"),
        back_url=project.get_absolute_url(),
        intro=_("A confirmed partner counts in the consortium rule; the type says what it brings."),
    )


# --- The partner search (EU2) ---------------------------------------------------------------------


@GET_POST
def search_edit(request, pk):
    project = _project(request, pk)
    _require(
        can_manage_project(request.user, project), _("Only the coordinator may write the partner search.")
    )
    search = PartnerSearch.objects.filter(project=project).first()
    form = SearchForm(request.POST or None, instance=search)
    done = act_and_redirect(
        request,
        form,
        lambda: services.search_save(by=request.user, project=project, data=form.cleaned_data),
        success=_("Partner search saved."),
        to=lambda search: project.get_absolute_url() + "#recherche",
    )
    return done or _form_page(
        request,
        form,
        title=_("Partner search of %(title)s") % {"title": project.title},
        submit=_("Save"),
        back_url=project.get_absolute_url(),
        intro=_(
            "Once published, every organisation of Partenaria reads this search with the title, "
            "programme, call deadline, keywords and contact of the sheet; never the partners or the rest "
            "of the project."
        ),
    )


def _search_act(request, pk, act, success):
    search = get_object_or_404(
        PartnerSearch.objects.filter(project__in=EuropeanProject.objects.visible_to(request.user)), pk=pk
    )
    _require(
        can_manage_project(request.user, search.project),
        _("Only the coordinator may publish or close the search."),
    )
    try:
        act(search)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(search.project.get_absolute_url() + "#recherche")


@require_POST
def search_publish(request, pk):
    return _search_act(
        request,
        pk,
        lambda s: services.search_publish(by=request.user, search=s),
        _("Partner search published."),
    )


@require_POST
def search_close(request, pk):
    return _search_act(
        request, pk, lambda s: services.search_close(by=request.user, search=s), _("Partner search closed.")
    )


@GET_POST
def search_detail(request, pk):
    """A published search as every organisation reads it, with the answer form (EU2)."""
    search = _search(request, pk)
    project = search.project
    is_member = EuropeanProject.objects.visible_to(request.user).filter(pk=project.pk).exists()
    organisations = [] if is_member else _answering_organisations(request, search)
    form = None
    if organisations and search.is_published:
        form = AnswerForm(
            request.POST or None,
            organisations=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
        )
        if request.method == "POST" and form.is_valid():
            organisation = form.cleaned_data["organisation"]
            _require(
                can_answer_for(request.user, organisation.pk),
                _("Only a manager of the organisation may answer in its name."),
            )
            try:
                services.search_answer(
                    by=request.user, search=search, organisation=organisation, data=form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Your answer has been sent to the coordinator."))
                return redirect(search.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied(_("You cannot answer this search."))
    own_answers = SearchAnswer.objects.filter(
        search=search, organisation__in=[o.pk for o in organisations]
    ).select_related("organisation")
    return render(
        request,
        "europe/search_detail.html",
        {
            "search": search,
            "project": project,
            "is_member": is_member,
            "form": form,
            "own_answers": own_answers,
        },
    )


@GET_POST
def answer_decide(request, pk):
    answer = get_object_or_404(
        SearchAnswer.objects.visible_to(request.user).select_related(
            "search__project__partnership", "organisation", "answered_by"
        ),
        pk=pk,
    )
    project = answer.search.project
    _require(can_manage_project(request.user, project), _("Only the coordinator may decide on an answer."))
    form = DecisionForm(request.POST or None)

    def act():
        decision = form.cleaned_data["decision"]
        reply = form.cleaned_data["reply"]
        if decision == DecisionForm.DECLINE:
            return services.answer_decline(by=request.user, answer=answer, reply=reply)
        status = MemberStatus.CONFIRMED if decision == DecisionForm.ACCEPT_CONFIRMED else MemberStatus.PENDING
        return services.answer_accept(by=request.user, answer=answer, status=status, reply=reply)

    done = act_and_redirect(
        request,
        form,
        act,
        success=_("Decision recorded; the organisation is told by e-mail."),
        to=lambda result: project.get_absolute_url() + "#recherche",
    )
    if done:
        return done
    return render(request, "europe/answer_decide.html", {"answer": answer, "project": project, "form": form})


# --- Learning mobilities (EU4) ----------------------------------------------------------------------


def _mobility(request, pk) -> Mobility:
    return get_object_or_404(
        Mobility.objects.filter(project__in=EuropeanProject.objects.visible_to(request.user)).select_related(
            "project__partnership", "project__coordinator", "host"
        ),
        pk=pk,
    )


@GET_POST
def mobility_add(request, pk):
    project = _project(request, pk)
    _require(
        can_manage_project(request.user, project), _("Only the coordinator may plan the learning mobilities.")
    )
    form = MobilityForm(request.POST or None, project=project)
    done = act_and_redirect(
        request,
        form,
        lambda: services.mobility_plan(by=request.user, project=project, data=form.cleaned_data),
        success=_("Learning mobility planned."),
        to=lambda mobility: mobility.get_absolute_url(),
    )
    return done or _form_page(
        request,
        form,
        title=_("Plan a learning mobility"),
        submit=_("Plan"),
        back_url=project.get_absolute_url() + "#mobilites",
        intro=_(
            "Five days in the host's country, which receives a delegation of ten professionals from "
            "every other country of the consortium. Every country hosts once."
        ),
    )


def _people_to_delegate(request, mobility):
    project = mobility.project
    members = project.partnership.members.values("organisation_id")
    people = Person.objects.filter(organisation__in=members).select_related("organisation")
    if not can_manage_project(request.user, project):
        people = people.filter(organisation__in=managed_organisation_ids(request.user))
    return people.exclude(organisation__country__iexact=mobility.host_country).order_by(
        "organisation__country", "last_name", "first_name"
    )


@GET_POST
def mobility_detail(request, pk):
    """A mobility: its dates, host and delegations, and the form to add a professional (EU4)."""
    mobility = _mobility(request, pk)
    project = mobility.project
    delegations = list(
        mobility.delegations.prefetch_related("participants__person__organisation").order_by("country")
    )
    people = _people_to_delegate(request, mobility)
    form = None
    if people.exists():
        form = ParticipantForm(request.POST or None, people=people)
        if request.method == "POST" and form.is_valid():
            try:
                services.participant_add(
                    by=request.user, mobility=mobility, person=form.cleaned_data["person"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Participant added."))
                return redirect(mobility.get_absolute_url())
    elif request.method == "POST":
        raise PermissionDenied(_("Only the coordinator or a manager of a partner may change a delegation."))
    for delegation in delegations:
        for participant in delegation.participants.all():
            participant.can_remove = can_delegate(request.user, project, participant.person.organisation_id)
    return render(
        request,
        "europe/mobility_detail.html",
        {"mobility": mobility, "project": project, "delegations": delegations, "form": form},
    )


@require_POST
def participant_remove(request, pk, participant_pk):
    mobility = _mobility(request, pk)
    participant = get_object_or_404(
        Participant.objects.filter(delegation__mobility=mobility).select_related("delegation", "person"),
        pk=participant_pk,
    )
    services.participant_remove(by=request.user, participant=participant)
    messages.success(request, _("Participant removed."))
    return redirect(mobility.get_absolute_url())


# --- Deliverables (EU6) ---------------------------------------------------------------------------


@require_GET
def deliverables(request, pk):
    """The typology of jobs with its profiles, and the training proposals (EU6)."""
    project = _project(request, pk)
    profiles = list(JobProfile.objects.filter(project=project))
    families: dict[str, list[JobProfile]] = {}
    for profile in profiles:
        families.setdefault(profile.family, []).append(profile)
    proposals = TrainingProposal.objects.filter(project=project).select_related("profile")
    return render(
        request,
        "europe/deliverables.html",
        {
            "project": project,
            "families": families,
            "proposals": proposals,
            "can_contribute": can_contribute(request.user, project),
        },
    )


@GET_POST
def job_profile_add(request, pk):
    project = _project(request, pk)
    _require(
        can_contribute(request.user, project), _("Only a manager of a partner may write the deliverables.")
    )
    form = JobProfileForm(request.POST or None)
    back = reverse("europe:deliverables", args=[project.pk])
    done = act_and_redirect(
        request,
        form,
        lambda: services.job_profile_add(by=request.user, project=project, data=form.cleaned_data),
        success=_("Job profile added."),
        to=lambda profile: back,
    )
    return done or _form_page(request, form, title=_("Add a job profile"), submit=_("Add"), back_url=back)


@GET_POST
def training_add(request, pk):
    project = _project(request, pk)
    _require(
        can_contribute(request.user, project), _("Only a manager of a partner may write the deliverables.")
    )
    form = TrainingProposalForm(request.POST or None, project=project)
    back = reverse("europe:deliverables", args=[project.pk])
    done = act_and_redirect(
        request,
        form,
        lambda: services.training_proposal_add(by=request.user, project=project, data=form.cleaned_data),
        success=_("Training proposal added."),
        to=lambda proposal: back,
    )
    return done or _form_page(
        request, form, title=_("Add a training proposal"), submit=_("Add"), back_url=back
    )


@require_GET
@rate_limited("export")
def deliverables_export(request, pk):
    """The deliverables as a workbook: the typology with the job profiles, the training proposals (EU6)."""
    project = _project(request, pk)
    profiles = JobProfile.objects.filter(project=project)
    proposals = TrainingProposal.objects.filter(project=project).select_related("profile")
    content = workbook(
        [
            (
                _("Job profiles"),
                [
                    _("Job family"),
                    _("Job title"),
                    _("Missions"),
                    _("Know-how"),
                    _("Soft skills"),
                    _("Country"),
                ],
                [[p.family, p.title, p.missions, p.know_how, p.soft_skills, p.country] for p in profiles],
            ),
            (
                _("Training proposals"),
                [_("Kind"), _("Title"), _("Proposal"), _("Job profile concerned")],
                [
                    [str(t.get_kind_display()), t.title, t.proposal, t.profile.title if t.profile else ""]
                    for t in proposals
                ],
            ),
        ]
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="livrables-projet-{project.pk}.xlsx"'
    return response
