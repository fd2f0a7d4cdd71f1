"""Business acts on research-action projects (RS1-RS3), funding search (RS4) and study requests (RS5).

The view has fetched the object through ``visible_to`` (404 for another tenant); a refusal here is a
403 (``PermissionDenied``) or a ``ValidationError`` keyed by field, in French, before anything is
written. Each act is one transaction with its audit event on the project (or the study request).
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partenaria.conventions.models import Partnership
from partenaria.core.audit import diff, log_action, snapshot, stored
from partenaria.core.services import assign_fields
from partenaria.core.templatetags.partenaria import longdate

from . import statuses
from .models import (
    Deliverable,
    DeliverableStatus,
    FunderApplication,
    MethodTarget,
    ResearchProject,
    StudyRequest,
    StudyStatus,
    TeamMember,
    ValorisationAction,
)
from .permissions import can_manage_research, can_manage_study, can_review_deliverable

PROJECT_FIELDS = [
    "convention",
    "title",
    "question",
    "description",
    "methodology",
    "stakeholders",
    "concerns_children",
    "dpia_reference",
    "started_on",
    "ended_on",
    "synthesis",
]
TARGET_FIELDS = ["category", "planned_min", "planned_max", "done"]
DELIVERABLE_FIELDS = ["kind", "title", "due_date", "responsible"]
VALORISATION_FIELDS = ["title", "held_on", "audience", "description"]
FUNDER_FIELDS = ["funder", "status", "amount_asked", "amount_granted", "applied_on", "decided_on", "note"]
STUDY_FIELDS = ["requester", "provider", "kind", "subject", "details", "requested_on", "wanted_by"]

# Deliverable files: office documents and PDFs only, recognised by their first bytes, not their name.
MAX_DELIVERABLE_BYTES = 20 * 1024 * 1024
ZIP_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _require_manage(by, project: ResearchProject) -> None:
    if not can_manage_research(by, project):
        raise PermissionDenied(_("Only a manager of the partnership may change this research."))


# --- Projects (RS1) -----------------------------------------------------------------------------


def _check_project(project: ResearchProject) -> None:
    if project.convention_id is not None and project.convention.partnership_id != project.partnership_id:
        raise ValidationError({"convention": _("Choose a convention of this partnership.")})
    if project.started_on and project.ended_on and project.ended_on < project.started_on:
        raise ValidationError({"ended_on": _("The end is before the start.")})
    if project.concerns_children and not project.dpia_reference.strip():
        raise ValidationError(
            {
                "dpia_reference": _(
                    "Data on children and families is refused until the reference of the data-protection "
                    "impact assessment (AIPD) is recorded: ask your DPO for it."
                )
            }
        )
    project.full_clean(validate_constraints=False)


@transaction.atomic
def project_create(*, by, partnership: Partnership, data: Mapping[str, Any]) -> ResearchProject:
    """Record a research-action of the partnership (RS1), optionally framed by one of its conventions."""
    project = ResearchProject(partnership=partnership)
    _require_manage(by, project)
    assign_fields(project, data, [*PROJECT_FIELDS, "status"])
    _check_project(project)
    project.save()
    log_action(actor=by, action="research.project_created", target=project, changes={"title": project.title})
    return project


@transaction.atomic
def project_change(*, by, project: ResearchProject, data: Mapping[str, Any]) -> ResearchProject:
    """Change what a research is about (RS1). Its status moves only through ``project_transition``."""
    _require_manage(by, project)
    before = stored(project, PROJECT_FIELDS)
    assign_fields(project, data, PROJECT_FIELDS)
    _check_project(project)
    project.save()
    changes = diff(before, snapshot(project, PROJECT_FIELDS))
    if changes:
        log_action(actor=by, action="research.project_changed", target=project, changes=changes)
    return project


@transaction.atomic
def project_transition(*, by, project: ResearchProject, name: str) -> ResearchProject:
    """Move a research to its next stage (RS1), only along ``statuses.TRANSITIONS``."""
    _require_manage(by, project)
    project = ResearchProject.objects.select_for_update().get(pk=project.pk)
    transition = statuses.TRANSITIONS.get(name)
    if transition is None or project.status not in transition.sources:
        raise ValidationError(
            _("A research in « %(status)s » cannot do that: %(allowed)s.")
            % {
                "status": project.get_status_display(),
                "allowed": ", ".join(str(t.label) for t in statuses.allowed(project.status))
                or _("no move is possible"),
            }
        )
    before = project.status
    project.status = transition.target
    if transition.target == "closed" and project.ended_on is None:
        project.ended_on = timezone.localdate()
    project.save()
    log_action(
        actor=by,
        action="research.project_moved",
        target=project,
        changes={"status": [before, project.status]},
    )
    return project


@transaction.atomic
def team_member_add(*, by, project: ResearchProject, data: Mapping[str, Any]) -> TeamMember:
    """Add a person of one of the partnership's organisations to the team (RS1)."""
    _require_manage(by, project)
    member = TeamMember(project=project)
    assign_fields(member, data, ["person", "role"])
    member_ids = {m.organisation_id for m in project.partnership.members.all()}
    if member.person_id is not None and member.person.organisation_id not in member_ids:
        raise ValidationError({"person": _("Choose a person of one of the partnership's organisations.")})
    if member.person_id is not None and project.team.filter(person_id=member.person_id).exists():
        raise ValidationError({"person": _("This person is already in the team.")})
    member.full_clean(validate_constraints=False)
    member.save()
    log_action(actor=by, action="research.team_added", target=project, changes={"person": str(member.person)})
    return member


@transaction.atomic
def team_member_remove(*, by, member: TeamMember) -> None:
    """Take a person off the team (RS1)."""
    project = member.project
    _require_manage(by, project)
    name = str(member.person)
    member.delete()
    log_action(actor=by, action="research.team_removed", target=project, changes={"person": name})


# --- Methodology targets (RS2) ------------------------------------------------------------------


def _check_target(target: MethodTarget) -> None:
    target.full_clean(exclude=["project"], validate_constraints=False)
    if target.planned_max < target.planned_min:
        raise ValidationError({"planned_max": _("The maximum is below the minimum.")})


@transaction.atomic
def target_add(*, by, project: ResearchProject, data: Mapping[str, Any]) -> MethodTarget:
    """Plan a range of a methodology category, « 25 à 30 entretiens biographiques » (RS2)."""
    _require_manage(by, project)
    last = project.targets.aggregate(last=Max("position"))["last"] or 0
    target = MethodTarget(project=project, position=last + 1)
    assign_fields(target, data, TARGET_FIELDS)
    _check_target(target)
    target.save()
    log_action(
        actor=by, action="research.target_added", target=project, changes={"category": target.category}
    )
    return target


@transaction.atomic
def target_change(*, by, target: MethodTarget, data: Mapping[str, Any]) -> MethodTarget:
    """Correct a target or record what is done so far (RS2)."""
    project = target.project
    _require_manage(by, project)
    before = stored(target, TARGET_FIELDS)
    assign_fields(target, data, TARGET_FIELDS)
    _check_target(target)
    target.save()
    changes = diff(before, snapshot(target, TARGET_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="research.target_changed",
            target=project,
            changes={"category": target.category, **changes},
        )
    return target


# --- Deliverables and valorisation (RS3) --------------------------------------------------------


def _check_deliverable(deliverable: Deliverable) -> None:
    errors: dict[str, list[str]] = {}
    project = deliverable.project
    member_ids = {m.organisation_id for m in project.partnership.members.all()}
    if deliverable.responsible_id is not None and deliverable.responsible_id not in member_ids:
        errors["responsible"] = [_("Choose one of the partnership's organisations.")]
    convention = project.convention
    end = convention.end_date if convention is not None else None
    if deliverable.due_date is not None and end is not None and deliverable.due_date > end:
        errors["due_date"] = [
            _("This date falls after the end of the convention (%(date)s).") % {"date": longdate(end)}
        ]
    if errors:
        raise ValidationError(errors)
    deliverable.full_clean(exclude=["project", "file"], validate_constraints=False)


@transaction.atomic
def deliverable_add(*, by, project: ResearchProject, data: Mapping[str, Any]) -> Deliverable:
    """Plan a deliverable with its due date, within the convention's term (RS3)."""
    _require_manage(by, project)
    deliverable = Deliverable(project=project)
    assign_fields(deliverable, data, DELIVERABLE_FIELDS)
    _check_deliverable(deliverable)
    deliverable.save()
    log_action(
        actor=by,
        action="research.deliverable_added",
        target=project,
        changes={"deliverable": deliverable.title, "due_date": deliverable.due_date},
    )
    return deliverable


@transaction.atomic
def deliverable_change(*, by, deliverable: Deliverable, data: Mapping[str, Any]) -> Deliverable:
    """Change a deliverable's kind, title, due date or responsible party (RS3)."""
    project = deliverable.project
    _require_manage(by, project)
    before = stored(deliverable, DELIVERABLE_FIELDS)
    assign_fields(deliverable, data, DELIVERABLE_FIELDS)
    _check_deliverable(deliverable)
    deliverable.save()
    changes = diff(before, snapshot(deliverable, DELIVERABLE_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="research.deliverable_changed",
            target=project,
            changes={"deliverable": deliverable.title, **changes},
        )
    return deliverable


def check_deliverable_file(upload) -> tuple[str, str]:
    """The extension and content type of an uploaded deliverable, or a ``ValidationError`` (RS3).

    Size first, then the file's own first bytes: a renamed executable is not a PDF.
    """
    if upload.size > MAX_DELIVERABLE_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too large: %(max)s MB at most.")
                % {"max": MAX_DELIVERABLE_BYTES // 1024 // 1024}
            }
        )
    head = upload.read(8)
    upload.seek(0)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if head.startswith(b"%PDF-"):
        return "pdf", "application/pdf"
    if head.startswith(b"PK\x03\x04") and extension in ZIP_TYPES:
        return extension, ZIP_TYPES[extension]
    raise ValidationError({"file": _("Send a PDF, a Word, OpenDocument, Excel or PowerPoint file.")})


@transaction.atomic
def deliverable_submit(*, by, deliverable: Deliverable, upload) -> Deliverable:
    """Deposit the file of a deliverable and submit it for review (RS3)."""
    project = deliverable.project
    _require_manage(by, project)
    if deliverable.status == DeliverableStatus.ACCEPTED:
        raise ValidationError(
            {"file": _("This deliverable is already accepted: its file can no longer change.")}
        )
    if upload is None:
        raise ValidationError({"file": _("Choose the file to send.")})
    extension, content_type = check_deliverable_file(upload)
    old = deliverable.file.name if deliverable.file else ""
    deliverable.file.save(f"deliverable.{extension}", upload, save=False)
    deliverable.file_name = upload.name[-255:]
    deliverable.content_type = content_type
    deliverable.status = DeliverableStatus.SUBMITTED
    deliverable.submitted_on = timezone.localdate()
    deliverable.save()
    if old:
        storage = deliverable.file.storage
        transaction.on_commit(lambda: storage.delete(old))
    log_action(
        actor=by,
        action="research.deliverable_submitted",
        target=project,
        changes={"deliverable": deliverable.title, "file": deliverable.file_name},
    )
    return deliverable


@transaction.atomic
def deliverable_review(*, by, deliverable: Deliverable, accept: bool, comment: str = "") -> Deliverable:
    """Accept a submitted deliverable, or send it back with a comment (RS3).

    Acceptance is given by a manager of another party than the one that produced it; it may release a
    conditional contribution (FN2).
    """
    project = deliverable.project
    if not can_review_deliverable(by, deliverable):
        raise PermissionDenied(_("A deliverable is reviewed by a manager of another party than its author."))
    deliverable = Deliverable.objects.select_for_update().select_related("project").get(pk=deliverable.pk)
    if deliverable.status != DeliverableStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted deliverable can be reviewed: its file must be sent first."))
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError(
            {"review_comment": _("Say what must change before the deliverable is accepted.")}
        )
    deliverable.status = DeliverableStatus.ACCEPTED if accept else DeliverableStatus.REJECTED
    deliverable.reviewed_on = timezone.localdate()
    deliverable.review_comment = comment
    deliverable.save()
    log_action(
        actor=by,
        action="research.deliverable_accepted" if accept else "research.deliverable_rejected",
        target=project,
        changes={"deliverable": deliverable.title, "comment": comment},
    )
    return deliverable


@transaction.atomic
def valorisation_add(*, by, project: ResearchProject, data: Mapping[str, Any]) -> ValorisationAction:
    """Record how the research is made known: a study day, an article, a presentation (RS3)."""
    _require_manage(by, project)
    action = ValorisationAction(project=project)
    assign_fields(action, data, VALORISATION_FIELDS)
    action.full_clean(exclude=["project"], validate_constraints=False)
    action.save()
    log_action(
        actor=by, action="research.valorisation_added", target=project, changes={"title": action.title}
    )
    return action


# --- Funding search (RS4) -----------------------------------------------------------------------


def _check_funder(application: FunderApplication) -> None:
    errors: dict[str, list[str]] = {}
    duplicate = (
        FunderApplication.objects.filter(project=application.project, funder__iexact=application.funder)
        .exclude(pk=application.pk)
        .exists()
    )
    if duplicate:
        errors["funder"] = [_("This funder is already in the search of this research.")]
    if application.amount_granted is not None and application.status != "granted":
        errors["amount_granted"] = [_("An amount granted goes with the status « Granted ».")]
    if application.applied_on and application.decided_on and application.decided_on < application.applied_on:
        errors["decided_on"] = [_("The decision is dated before the application.")]
    if errors:
        raise ValidationError(errors)
    application.full_clean(exclude=["project"], validate_constraints=False)


@transaction.atomic
def funder_add(*, by, project: ResearchProject, data: Mapping[str, Any]) -> FunderApplication:
    """Add a potential funder to the search of a research; the same funder twice is refused (RS4)."""
    _require_manage(by, project)
    application = FunderApplication(project=project)
    assign_fields(application, data, FUNDER_FIELDS)
    _check_funder(application)
    application.save()
    log_action(
        actor=by, action="research.funder_added", target=project, changes={"funder": application.funder}
    )
    return application


@transaction.atomic
def funder_change(*, by, application: FunderApplication, data: Mapping[str, Any]) -> FunderApplication:
    """Record where the search stands with a funder: contacted, applied, granted, refused (RS4)."""
    project = application.project
    _require_manage(by, project)
    before = stored(application, FUNDER_FIELDS)
    assign_fields(application, data, FUNDER_FIELDS)
    _check_funder(application)
    application.save()
    changes = diff(before, snapshot(application, FUNDER_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="research.funder_changed",
            target=project,
            changes={"funder": application.funder, **changes},
        )
    return application


# --- Study requests (RS5) -----------------------------------------------------------------------

# The small workflow of a study request: which act may follow which.
STUDY_MOVES = {
    "quote": ({StudyStatus.REQUESTED}, StudyStatus.QUOTED),
    "accept": ({StudyStatus.QUOTED}, StudyStatus.ACCEPTED),
    "deliver": ({StudyStatus.ACCEPTED}, StudyStatus.DELIVERED),
    "decline": ({StudyStatus.REQUESTED, StudyStatus.QUOTED}, StudyStatus.DECLINED),
}


@transaction.atomic
def study_request_create(*, by, partnership: Partnership, data: Mapping[str, Any]) -> StudyRequest:
    """The authority asks the school for an evaluation or a territorial diagnosis (RS5 [003 art. 1])."""
    request = StudyRequest(partnership=partnership)
    if not can_manage_study(by, request):
        raise PermissionDenied(_("Only a manager of the partnership may record a study request."))
    assign_fields(request, data, STUDY_FIELDS)
    member_ids = {m.organisation_id for m in partnership.members.all()}
    errors = {}
    for name in ("requester", "provider"):
        if getattr(request, f"{name}_id") is not None and getattr(request, f"{name}_id") not in member_ids:
            errors[name] = [_("Choose one of the partnership's organisations.")]
    if request.requester_id and request.requester_id == request.provider_id:
        errors["provider"] = [_("The study is asked of another organisation than the one that asks.")]
    if request.wanted_by and request.requested_on and request.wanted_by < request.requested_on:
        errors["wanted_by"] = [_("This date is before the request.")]
    if errors:
        raise ValidationError(errors)
    request.full_clean(validate_constraints=False)
    request.save()
    log_action(
        actor=by, action="research.study_requested", target=request, changes={"subject": request.subject}
    )
    return request


@transaction.atomic
def study_request_move(
    *, by, request: StudyRequest, move: str, data: Mapping[str, Any] | None = None
) -> StudyRequest:
    """Answer a study request with a quote, accept the quote, deliver the study or decline it (RS5)."""
    if not can_manage_study(by, request):
        raise PermissionDenied(_("Only a manager of the partnership may follow a study request."))
    request = StudyRequest.objects.select_for_update().get(pk=request.pk)
    data = data or {}
    if move not in STUDY_MOVES or request.status not in STUDY_MOVES[move][0]:
        raise ValidationError(
            _("This study request is « %(status)s »: this step is not possible now.")
            % {"status": request.get_status_display()}
        )
    today = timezone.localdate()
    if move == "quote":
        errors = {}
        if not (data.get("answer") or "").strip():
            errors["answer"] = [_("Write the answer to the request.")]
        if data.get("quote") is None:
            errors["quote"] = [_("Give the amount of the quote.")]
        elif data["quote"] < 0:
            errors["quote"] = [_("Give an amount greater than zero.")]
        if errors:
            raise ValidationError(errors)
        request.answer = data["answer"].strip()
        request.quote = data["quote"]
        request.answered_on = today
    elif move == "deliver":
        request.delivered_on = data.get("delivered_on") or today
    elif move == "decline":
        request.answer = (data.get("answer") or request.answer).strip()
        request.answered_on = request.answered_on or today
    before = request.status
    request.status = STUDY_MOVES[move][1]
    request.full_clean(validate_constraints=False)
    request.save()
    log_action(
        actor=by,
        action=f"research.study_{move}",
        target=request,
        changes={"status": [before, request.status], "quote": request.quote},
    )
    return request
