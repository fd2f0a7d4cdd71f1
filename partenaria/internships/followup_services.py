"""Follow-up of a placement and tutor training: visits, the tutor's evaluation link, sessions (IN7, IN10).

The evaluation link needs no account. Its secret is a random value signed with the project's key:
a forged or altered link is refused before any query, and only the SHA-256 of the random value is
stored, so that a copy of the database gives no usable link. A link expires after
``EVALUATION_LINK_DAYS`` and serves once; sending a new one closes the previous one.
"""

import datetime
import hashlib
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partenaria.core.audit import log_action
from partenaria.core.services import assign_fields
from partenaria.core.templatetags.partenaria import longdate
from partenaria.organisations.models import Organisation

from .models import (
    CompetenceBlock,
    EvaluationLine,
    HostSite,
    Level,
    Placement,
    TrainerVisit,
    TrainingAttendance,
    TrainingSession,
    TutorEvaluation,
)
from .permissions import can_follow, can_organise_training, can_place

EVALUATION_LINK_DAYS = 30
_SALT = "partenaria.internships.evaluation"


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def evaluation_by_token(token: str) -> TutorEvaluation | None:
    """The evaluation a link points at, whatever its state; None for a forged or unknown link."""
    try:
        raw = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (
        TutorEvaluation.objects.select_related(
            "placement__student__diploma",
            "placement__site__unit",
            "placement__host",
            "placement__campaign__school",
            "tutor__person",
        )
        .filter(token_hash=_hash(raw))
        .first()
    )


def evaluation_state(evaluation: TutorEvaluation, now: datetime.datetime | None = None) -> str:
    """« open », « submitted » or « expired »: what the link's page may do."""
    if evaluation.submitted_at is not None:
        return "submitted"
    if evaluation.expires_at <= (now or timezone.now()):
        return "expired"
    return "open"


def blocks_worked_on_site(placement: Placement) -> list[CompetenceBlock]:
    """The competence blocks of the intern's diploma that the site declared workable there (IN4)."""
    return list(
        CompetenceBlock.objects.filter(
            hostsitediploma__site_id=placement.site_id, diploma_id=placement.student.diploma_id
        ).order_by("code")
    )


# --- Trainer visits (IN7) ----------------------------------------------------------------------


def _check_visit(visit: TrainerVisit, placement: Placement) -> None:
    errors: dict[str, list[str]] = {}
    if visit.trainer_id and visit.trainer.organisation_id != placement.campaign.school_id:
        errors["trainer"] = [_("The trainer is a person of the school.")]
    if visit.planned_on and not (placement.start_date <= visit.planned_on <= placement.end_date):
        errors["planned_on"] = [
            _("A follow-up visit takes place during the internship, from %(start)s to %(end)s.")
            % {"start": longdate(placement.start_date), "end": longdate(placement.end_date)}
        ]
    if visit.held_on:
        if visit.held_on > timezone.localdate():
            errors["held_on"] = [_("A visit is recorded as held once it has taken place.")]
        elif visit.held_on < placement.start_date:
            errors["held_on"] = [_("The visit cannot have taken place before the internship started.")]
    if errors:
        raise ValidationError(errors)
    visit.full_clean(validate_constraints=False)


@transaction.atomic
def visit_plan(*, by, placement: Placement, data: Mapping[str, Any]) -> TrainerVisit:
    """The school's trainer plans a follow-up visit (on site, by video or phone) during the internship (IN7).

    A visit due and not held appears in the deadlines of the school and the host."""
    if not can_follow(by, placement.campaign):
        raise PermissionDenied(_("Only the school's officers plan follow-up visits."))
    visit = TrainerVisit(placement=placement)
    assign_fields(visit, data, ["kind", "trainer", "planned_on", "notes"], keep_spaces=["notes"])
    _check_visit(visit, placement)
    visit.save()
    log_action(
        actor=by,
        action="internships.visit_planned",
        target=placement,
        changes={
            "visit": visit.get_kind_display(),
            "planned_on": visit.planned_on,
            "trainer": str(visit.trainer),
        },
    )
    return visit


@transaction.atomic
def visit_record(*, by, visit: TrainerVisit, data: Mapping[str, Any]) -> TrainerVisit:
    """Record that a follow-up visit was held, how and what was said: it leaves the deadlines (IN7)."""
    placement = visit.placement
    if not can_follow(by, placement.campaign):
        raise PermissionDenied(_("Only the school's officers record follow-up visits."))
    visit = TrainerVisit.objects.select_for_update().get(pk=visit.pk)
    if not data.get("held_on"):
        raise ValidationError({"held_on": _("Give the day the visit took place.")})
    assign_fields(visit, data, ["kind", "held_on", "notes"], keep_spaces=["notes"])
    _check_visit(visit, placement)
    visit.save()
    log_action(
        actor=by,
        action="internships.visit_held",
        target=placement,
        changes={"visit": visit.get_kind_display(), "held_on": visit.held_on},
    )
    return visit


# --- The tutor's evaluation through a link (IN7) -----------------------------------------------


def evaluation_url(token: str, site_url: str = "") -> str:
    site = (site_url or settings.PARTENARIA_SITE_URL).rstrip("/")
    return site + reverse("internships:evaluation_fill", args=[token])


@transaction.atomic
def evaluation_request(
    *, by, placement: Placement, site_url: str = "", notify: bool = True
) -> tuple[TutorEvaluation, str]:
    """Send the tutor a link to fill the on-site evaluation, valid ``EVALUATION_LINK_DAYS`` days (IN7).

    The e-mail leaves after commit (``notify=False``: the demo data, which mails no one). A link still
    open for this placement is closed: only the last one sent works. Returns the evaluation and the
    link's token (shown to no one else)."""
    if not can_place(by, placement.campaign):
        raise PermissionDenied(
            _("Only the school's officers or the host's referents ask for the evaluation.")
        )
    tutor = placement.tutor
    email = tutor.person.email
    if not email:
        raise ValidationError(
            _("The tutor %(tutor)s has no e-mail address: add it on their record first.")
            % {"tutor": tutor.person}
        )
    now = timezone.now()
    TutorEvaluation.objects.filter(placement=placement, submitted_at__isnull=True, expires_at__gt=now).update(
        expires_at=now
    )
    raw = secrets.token_urlsafe(32)
    token = signing.Signer(salt=_SALT).sign(raw)
    evaluation = TutorEvaluation(
        placement=placement,
        tutor=tutor,
        token_hash=_hash(raw),
        expires_at=now + datetime.timedelta(days=EVALUATION_LINK_DAYS),
        sent_to=email,
        requested_by=by,
    )
    evaluation.full_clean(validate_constraints=False)
    evaluation.save()
    log_action(
        actor=by,
        action="internships.evaluation_requested",
        target=placement,
        changes={"tutor": str(tutor.person), "sent_to": email, "valid_until": evaluation.expires_at},
    )
    if notify:
        message = _evaluation_email(evaluation, evaluation_url(token, site_url))
        transaction.on_commit(lambda: mailers.default.send_messages([message]))
    return evaluation, token


def _evaluation_email(evaluation: TutorEvaluation, url: str) -> EmailMessage:
    placement = evaluation.placement
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Evaluation of the internship of %(student)s") % {"student": placement.student}
        body = _(
            "Hello,\n\nAs the tutor of %(student)s at %(site)s, you are asked to fill the on-site "
            "evaluation of the internship (%(diploma)s) for %(school)s.\n\nThe form needs no account; "
            "it shows only this internship:\n%(url)s\n\nThe link works until %(until)s and only once.\n"
        ) % {
            "student": placement.student,
            "site": placement.site,
            "diploma": placement.student.diploma.code,
            "school": placement.campaign.school.name,
            "url": url,
            "until": longdate(timezone.localtime(evaluation.expires_at).date()),
        }
    return EmailMessage(subject=subject, body=body, to=[evaluation.sent_to])


@transaction.atomic
def evaluation_submit(
    *, evaluation: TutorEvaluation, levels: Mapping[int, tuple[str, str]], appreciation: str
) -> TutorEvaluation:
    """The tutor submits the evaluation: a level (and a comment) on each block worked on site and a
    global appreciation. Refused once submitted or expired (IN7, IN4).

    ``levels`` maps a block's id to its (level, comment)."""
    evaluation = (
        TutorEvaluation.objects.select_for_update(of=("self",))
        .select_related("placement__student", "tutor__person")
        .get(pk=evaluation.pk)
    )
    state = evaluation_state(evaluation)
    if state == "submitted":
        raise ValidationError(_("This evaluation was already submitted: the link no longer works."))
    if state == "expired":
        raise ValidationError(_("This link has expired: ask the school for a new one."))
    errors: dict[str, list[str]] = {}
    blocks = blocks_worked_on_site(evaluation.placement)
    for block in blocks:
        level, _comment = levels.get(block.pk, ("", ""))
        if level not in Level.values:
            errors[f"level_{block.pk}"] = [_("Choose a level for this block.")]
    appreciation = appreciation.strip()
    if not appreciation:
        errors["appreciation"] = [_("Write the global appreciation of the internship.")]
    if errors:
        raise ValidationError(errors)
    EvaluationLine.objects.bulk_create(
        [
            EvaluationLine(
                evaluation=evaluation,
                block=block,
                level=levels[block.pk][0],
                comment=levels[block.pk][1].strip(),
            )
            for block in blocks
        ]
    )
    evaluation.appreciation = appreciation
    evaluation.submitted_at = timezone.now()
    evaluation.save(update_fields=["appreciation", "submitted_at", "updated_at"])
    log_action(
        actor=None,
        action="internships.evaluation_submitted",
        target=evaluation.placement,
        changes={"tutor": str(evaluation.tutor.person), "blocks": {b.code: levels[b.pk][0] for b in blocks}},
    )
    return evaluation


# --- Tutor training (IN10) ---------------------------------------------------------------------

SESSION_FIELDS = ["held_on", "place", "topic", "capacity"]


@transaction.atomic
def training_session_create(*, by, organiser: Organisation, data: Mapping[str, Any]) -> TrainingSession:
    """Schedule a training session of internship tutors and site referents (IN10, Haut-Rhin art. 4)."""
    if not can_organise_training(by, organiser):
        raise PermissionDenied(
            _("Only the organisation's officers, HR or referents organise tutor training.")
        )
    session = TrainingSession(organiser=organiser)
    assign_fields(session, data, SESSION_FIELDS)
    if session.capacity is not None and session.capacity < 1:
        raise ValidationError({"capacity": _("A session has at least one place.")})
    session.full_clean(validate_constraints=False)
    session.save()
    log_action(actor=by, action="internships.training_scheduled", target=session)
    return session


@transaction.atomic
def training_attendance_add(*, by, session: TrainingSession, tutors) -> list[TrainingAttendance]:
    """Record the tutors who attended a held session, within its capacity; their « trained on » follows (IN10)."""
    if not can_organise_training(by, session.organiser):
        raise PermissionDenied(_("Only the organiser's officers record the attendance."))
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    tutors = list(tutors)
    if not tutors:
        raise ValidationError({"tutors": _("Choose at least one tutor.")})
    if session.held_on > timezone.localdate():
        raise ValidationError(
            {
                "tutors": _("Attendance is recorded once the session has taken place (%(date)s).")
                % {"date": longdate(session.held_on)}
            }
        )
    visible_sites = set(
        HostSite.objects.visible_to(by)
        .filter(pk__in={t.site_id for t in tutors})
        .values_list("pk", flat=True)
    )
    if any(t.site_id not in visible_sites for t in tutors):
        raise ValidationError({"tutors": _("Choose tutors of the host sites you may see.")})
    already = set(session.attendances.filter(tutor__in=tutors).values_list("tutor_id", flat=True))
    if already:
        names = ", ".join(str(t.person) for t in tutors if t.pk in already)
        raise ValidationError({"tutors": _("Already recorded as present: %(names)s.") % {"names": names}})
    present = session.attendances.count()
    if present + len(tutors) > session.capacity:
        raise ValidationError(
            {
                "tutors": _("The session has %(capacity)s places and %(present)s attendees already.")
                % {"capacity": session.capacity, "present": present}
            }
        )
    rows = TrainingAttendance.objects.bulk_create(
        [TrainingAttendance(session=session, tutor=t) for t in tutors]
    )
    log_action(
        actor=by,
        action="internships.training_attended",
        target=session,
        changes={"tutors": [str(t.person) for t in tutors]},
    )
    return rows
