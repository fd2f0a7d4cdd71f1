"""Business acts of the teaching cooperation (PD1-PD3).

Each act is one transaction with its audit event on the intervention (or the programme); e-mails
leave after commit. Not ``durable``: the demo plays these acts inside its single loading transaction,
as it does with every other domain's services. A refusal is a ``ValidationError`` keyed by field, in French, before
anything is written, or a ``PermissionDenied`` (403).

The HR rule of [003 art. 2] (PD3): an intervention is planned by the school, its approval is asked
of the agent's employer (a leave request when the school pays it, the head of service's approval
otherwise), the employer decides, and only then may the school confirm it. The services refuse a
confirmation without an approving decision; the check constraint
``intervention_confirmed_only_if_approved`` refuses it in the database whatever the code does.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partenaria.conventions.models import FREQUENCY_MONTHS, Commitment, Frequency
from partenaria.core.audit import log_action
from partenaria.core.services import assign_fields
from partenaria.organisations.models import OrganisationKind

from . import emails
from .models import Decision, Intervention, InterventionStatus
from .permissions import can_decide, can_manage_intervention, can_plan
from .rules import school_year_of

INTERVENTION_FIELDS = [
    "convention",
    "school",
    "agent",
    "kind",
    "theme",
    "course",
    "starts_on",
    "ends_on",
    "hours",
    "is_paid",
]


def _clean(obj, errors: dict[str, list[str]], exclude=None) -> None:
    # The model's own checks (required fields, lengths, bounds), then the act's rules, all at once.
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _actor_label(user) -> str:
    return (user.get_full_name() or user.email)[:200]


def _intervention_errors(intervention: Intervention) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    partnership = intervention.partnership
    members = {m.organisation_id: m.organisation for m in partnership.members.select_related("organisation")}
    if intervention.school_id:
        school = members.get(intervention.school_id)
        if school is None or school.kind != OrganisationKind.SCHOOL:
            errors["school"] = [_("Choose a school that is a member of the partnership.")]
    if intervention.agent_id:
        employer = members.get(intervention.agent.organisation_id)
        if employer is None or employer.kind == OrganisationKind.SCHOOL:
            errors["agent"] = [
                _("Choose an agent of an organisation of the partnership other than the school.")
            ]
    if intervention.convention_id and intervention.convention.partnership_id != partnership.pk:
        errors["convention"] = [_("Choose a convention of this partnership.")]
    return errors


def _fresh(intervention: Intervention) -> Intervention:
    return (
        Intervention.objects.select_for_update(of=("self",))
        .select_related("agent__organisation", "school", "partnership")
        .get(pk=intervention.pk)
    )


@transaction.atomic
def intervention_plan(*, by, partnership, data: Mapping[str, Any]) -> Intervention:
    """Plan an agent's intervention at the school (PD1): kind, theme, date(s), hours, paid or not.

    The school is a member of the partnership managed by ``by``; the agent works for another member
    (the authority). The school year is derived from the date."""
    if not can_plan(by, partnership):
        raise PermissionDenied(_("Only a manager of the partnership's school may plan interventions."))
    intervention = Intervention(partnership=partnership)
    assign_fields(intervention, data, INTERVENTION_FIELDS)
    errors = _intervention_errors(intervention)
    if intervention.school_id and "school" not in errors and not can_manage_intervention(by, intervention):
        errors["school"] = [_("You may plan interventions only for a school you manage.")]
    if intervention.starts_on:
        intervention.school_year = school_year_of(intervention.starts_on)
    _clean(intervention, errors, exclude=["school_year"] if not intervention.starts_on else None)
    intervention.save()
    log_action(
        actor=by,
        action="teaching.intervention_planned",
        target=intervention,
        changes={
            "kind": intervention.kind,
            "agent": intervention.agent,
            "starts_on": intervention.starts_on,
            "hours": intervention.hours,
            "is_paid": intervention.is_paid,
        },
    )
    return intervention


@transaction.atomic
def intervention_update(*, by, intervention: Intervention, data: Mapping[str, Any]) -> Intervention:
    """Change a planned intervention (PD1). Once approval is asked, the employer decides on what was
    asked: the school cancels and plans again instead of changing it."""
    intervention = _fresh(intervention)
    if not can_manage_intervention(by, intervention):
        raise PermissionDenied(_("Only a manager of the school may change this intervention."))
    if not intervention.is_editable:
        raise ValidationError(
            _(
                "The employer's approval has been asked: cancel this intervention and plan a new one to change it."
            )
        )
    before = {name: getattr(intervention, name) for name in INTERVENTION_FIELDS}
    assign_fields(intervention, data, INTERVENTION_FIELDS)
    errors = _intervention_errors(intervention)
    if intervention.starts_on:
        intervention.school_year = school_year_of(intervention.starts_on)
    _clean(intervention, errors)
    intervention.save()
    changes = {
        name: [before[name], getattr(intervention, name)]
        for name in INTERVENTION_FIELDS
        if before[name] != getattr(intervention, name)
    }
    log_action(actor=by, action="teaching.intervention_changed", target=intervention, changes=changes)
    return intervention


@transaction.atomic
def intervention_request_approval(*, by, intervention: Intervention) -> Intervention:
    """Ask the agent's employer for the approval the HR rule requires (PD3, [003 art. 2]): a leave
    request when the intervention is paid, the head of service's approval when it is not. The
    employer's approvers are told by e-mail after commit."""
    intervention = _fresh(intervention)
    if not can_manage_intervention(by, intervention):
        raise PermissionDenied(_("Only a manager of the school may ask for the employer's approval."))
    if intervention.status != InterventionStatus.PLANNED:
        raise ValidationError(_("The approval can only be asked for a planned intervention."))
    if intervention.agent_id is None:
        raise ValidationError(_("Name the agent who will intervene before asking the employer's approval."))
    intervention.status = InterventionStatus.REQUESTED
    intervention.requested_at = timezone.now()
    intervention.requested_by = by
    intervention.save(update_fields=["status", "requested_at", "requested_by", "updated_at"])
    log_action(
        actor=by,
        action="teaching.approval_requested",
        target=intervention,
        changes={"route": intervention.approval_route, "agent": intervention.agent},
    )
    pk = intervention.pk
    transaction.on_commit(lambda: emails.send_approval_request(pk))
    return intervention


@transaction.atomic
def intervention_decide(*, by, intervention: Intervention, approve: bool, note: str = "") -> Intervention:
    """The employer's decision on an intervention awaiting approval (PD3): approver, decision, date
    and comment are kept on the intervention and in its history. A refusal gives its reason."""
    intervention = _fresh(intervention)
    if not can_decide(by, intervention):
        raise PermissionDenied(
            _("Only a manager or the human-resources service of the agent's employer may decide.")
        )
    if intervention.status != InterventionStatus.REQUESTED:
        raise ValidationError(_("This intervention is not awaiting a decision."))
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError(
            {"note": [_("Give the reason for the refusal: the school and the agent read it.")]}
        )
    intervention.decision = Decision.APPROVED if approve else Decision.REFUSED
    intervention.status = InterventionStatus.APPROVED if approve else InterventionStatus.REFUSED
    intervention.decided_at = timezone.now()
    intervention.decided_by = by
    intervention.decided_by_label = _actor_label(by)
    intervention.decision_note = note[:500]
    intervention.save()
    log_action(
        actor=by,
        action="teaching.approved" if approve else "teaching.refused",
        target=intervention,
        changes={"route": intervention.approval_route, "note": intervention.decision_note},
    )
    pk = intervention.pk
    transaction.on_commit(lambda: emails.send_decision(pk))
    return intervention


@transaction.atomic
def intervention_confirm(*, by, intervention: Intervention) -> Intervention:
    """Confirm an approved intervention to the agent (PD1, PD3). Never before the employer's approval."""
    intervention = _fresh(intervention)
    if not can_manage_intervention(by, intervention):
        raise PermissionDenied(_("Only a manager of the school may confirm this intervention."))
    if intervention.status != InterventionStatus.APPROVED:
        raise ValidationError(
            _("An intervention is confirmed only once its employer has approved it (%(route)s).")
            % {"route": intervention.get_approval_route_display()}
        )
    intervention.status = InterventionStatus.CONFIRMED
    intervention.confirmed_at = timezone.now()
    intervention.save(update_fields=["status", "confirmed_at", "updated_at"])
    log_action(actor=by, action="teaching.intervention_confirmed", target=intervention)
    return intervention


@transaction.atomic
def intervention_cancel(*, by, intervention: Intervention, reason: str) -> Intervention:
    """Cancel an intervention, at any stage but once cancelled, with its reason (PD1)."""
    intervention = _fresh(intervention)
    if not can_manage_intervention(by, intervention):
        raise PermissionDenied(_("Only a manager of the school may cancel this intervention."))
    if intervention.status == InterventionStatus.CANCELLED:
        raise ValidationError(_("This intervention is already cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for the cancellation.")]})
    before = intervention.status
    intervention.status = InterventionStatus.CANCELLED
    intervention.cancelled_at = timezone.now()
    intervention.cancel_reason = reason[:250]
    intervention.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    log_action(
        actor=by,
        action="teaching.intervention_cancelled",
        target=intervention,
        changes={"status": [before, intervention.status], "reason": intervention.cancel_reason},
    )
    return intervention


# --- The annual provisional programme (PD2) --------------------------------------------------------


def programme_referents(partnership):
    """Who receives the programme: « les référents sites qualifiant de chaque direction » [003 art. 2],
    the managers of the host sites of the partnership's organisations other than the school."""
    from partenaria.internships.models import HostSite
    from partenaria.organisations.models import Person

    members = partnership.members.exclude(organisation__kind=OrganisationKind.SCHOOL).values(
        "organisation_id"
    )
    managers = HostSite.objects.filter(organisation__in=members, manager__isnull=False).values("manager_id")
    return (
        Person.objects.filter(pk__in=managers)
        .exclude(email="")
        .select_related("organisation", "unit")
        .order_by("organisation__name", "last_name", "first_name")
    )


@transaction.atomic
def programme_duty_set(*, by, commitment, school):
    """Say that a yearly commitment of the convention is the provisional programme the school sends
    each September (PD2, [003 art. 2]): its deadline is the commitment's, and sending the programme of
    a school year fulfils that year's occurrence."""
    from .models import ProgrammeDuty

    convention = commitment.convention
    if not can_plan(by, convention.partnership):
        raise PermissionDenied(_("Only a manager of the partnership's school may record this duty."))
    errors: dict[str, list[str]] = {}
    if commitment.frequency != Frequency.YEARLY or commitment.due_date is None:
        errors["commitment"] = [
            _("Choose a yearly commitment with a date: the programme is sent every year.")
        ]
    schools = {
        m.organisation_id
        for m in convention.partnership.members.select_related("organisation")
        if m.organisation.kind == OrganisationKind.SCHOOL
    }
    if school is None or school.pk not in schools:
        errors["school"] = [_("Choose a school that is a member of the partnership.")]
    if errors:
        raise ValidationError(errors)
    duty, _created = ProgrammeDuty.objects.update_or_create(
        commitment=commitment, defaults={"school": school}
    )
    log_action(
        actor=by,
        action="teaching.programme_duty_set",
        target=convention,
        changes={"commitment": commitment.description, "school": school},
    )
    return duty


def _fulfil_programme_duties(by, partnership, year: int) -> None:
    """Mark fulfilled the occurrence of school year ``year`` of each programme duty of the partnership,
    when it is the next one open (an earlier year left unsent stays late: it is not this sending)."""
    from partenaria.conventions.content_services import next_occurrence

    from .models import ProgrammeDuty
    from .rules import occurrence_in_school_year

    duties = ProgrammeDuty.objects.filter(commitment__convention__partnership=partnership).values_list(
        "commitment_id", flat=True
    )
    for commitment in (
        Commitment.objects.select_for_update().filter(pk__in=list(duties)).select_related("convention")
    ):
        occurrence = occurrence_in_school_year(
            commitment.due_date, FREQUENCY_MONTHS.get(commitment.frequency), year
        )
        if occurrence is None or next_occurrence(commitment) != occurrence:
            continue
        before = commitment.fulfilled_until
        commitment.fulfilled_until = occurrence
        commitment.save(update_fields=["fulfilled_until"])
        log_action(
            actor=by,
            action="convention.commitment_fulfilled",
            target=commitment.convention,
            changes={"commitment": commitment.description, "fulfilled_until": [before, occurrence]},
        )


@transaction.atomic
def programme_send(*, by, partnership, year: int, foreword: str = ""):
    """Send the provisional programme of school year ``year`` to the referents (PD2): its themes and
    dates are the year's planned interventions, read when it is sent. The e-mails leave after commit;
    sending again (a programme completed later) records the new sending. The sending fulfils the
    convention's commitment to send it (``ProgrammeDuty``) for that school year."""
    from .models import Programme

    if not can_plan(by, partnership):
        raise PermissionDenied(_("Only a manager of the partnership's school may send the programme."))
    referents = list(programme_referents(partnership))
    if not referents:
        raise ValidationError(
            _(
                "No referent to send it to: record the managers of the host sites of the authority, with "
                "their e-mail address, in « Stages » first."
            )
        )
    if not Intervention.objects.filter(partnership=partnership, school_year=year).live().exists():
        raise ValidationError(_("The programme is empty: plan the year's interventions first."))
    programme, _created = Programme.objects.select_for_update().get_or_create(
        partnership=partnership, school_year=year
    )
    first = programme.sent_at is None
    programme.foreword = (foreword or "").strip()
    programme.sent_at = timezone.now()
    programme.sent_by = by
    programme.recipients_count = len(referents)
    programme.full_clean()
    programme.save()
    log_action(
        actor=by,
        action="teaching.programme_sent",
        target=programme,
        changes={"recipients": len(referents), "first": first},
    )
    _fulfil_programme_duties(by, partnership, year)
    pk, emails_to = programme.pk, [p.email for p in referents]
    transaction.on_commit(lambda: emails.send_programme(pk, emails_to))
    return programme


# --- Job offers (PD5), documentation centre (PD6), qualifications (PD7), speakers (PD4) -------------

JOB_OFFER_FIELDS = ["employer", "title", "reference", "diplomas", "url", "closes_on"]
RELAY_FIELDS = ["relay_channel", "relay_audience"]
DOCUMENTATION_FIELDS = ["school", "agent", "registered_on", "rules_version", "rules_accepted_on"]
QUALIFICATION_FIELDS = [
    "convention",
    "kind",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "people",
    "training_session",
]
SPEAKER_FIELDS = ["school", "agent", "charter_version", "charter_signed_on"]


def _member_errors(partnership, *, school=None, employer_person=None, employer=None) -> dict[str, list[str]]:
    """The school must be a school of the partnership; the agent (or employer) another member."""
    members = {m.organisation_id: m.organisation for m in partnership.members.select_related("organisation")}
    errors: dict[str, list[str]] = {}
    if school is not None and getattr(members.get(school.pk), "kind", None) != OrganisationKind.SCHOOL:
        errors["school"] = [_("Choose a school that is a member of the partnership.")]
    if employer_person is not None:
        organisation = members.get(employer_person.organisation_id)
        if organisation is None or organisation.kind == OrganisationKind.SCHOOL:
            errors["agent"] = [
                _("Choose an agent of an organisation of the partnership other than the school.")
            ]
    if employer is not None:
        organisation = members.get(employer.pk)
        if organisation is None or organisation.kind == OrganisationKind.SCHOOL:
            errors["employer"] = [_("Choose an organisation of the partnership other than the school.")]
    return errors


@transaction.atomic
def job_offer_publish(*, by, partnership, data: Mapping[str, Any]):
    """Hand a job offer of the authority to the school, to be relayed to its new graduates (PD5)."""
    from .models import JobOffer
    from .permissions import approver_organisation_ids, can_publish_job_offer

    if not can_publish_job_offer(by, partnership):
        raise PermissionDenied(
            _("Only a manager or the HR service of an employer of the partnership may do this.")
        )
    offer = JobOffer(partnership=partnership, published_by=by)
    assign_fields(offer, data, JOB_OFFER_FIELDS)
    errors = _member_errors(partnership, employer=offer.employer if offer.employer_id else None)
    if offer.employer_id and not by.is_superuser and offer.employer_id not in approver_organisation_ids(by):
        errors.setdefault("employer", []).append(_("Publish only the offers of your own organisation."))
    _clean(offer, errors)
    offer.save()
    log_action(actor=by, action="teaching.job_offer_published", target=offer, changes={"title": offer.title})
    return offer


@transaction.atomic
def job_offer_relay(*, by, offer, data: Mapping[str, Any]):
    """Record that the school relayed the offer to its new graduates, how and to whom (PD5)."""
    from .models import JobOffer
    from .permissions import can_relay_job_offer

    offer = JobOffer.objects.select_for_update().select_related("partnership").get(pk=offer.pk)
    if not can_relay_job_offer(by, offer):
        raise PermissionDenied(_("Only a manager of the partnership's school may relay this offer."))
    assign_fields(offer, data, RELAY_FIELDS)
    errors: dict[str, list[str]] = {}
    if not offer.relay_channel:
        errors["relay_channel"] = [_("Say how the offer was relayed.")]
    _clean(offer, errors)
    offer.relayed_at = timezone.now()
    offer.relayed_by = by
    offer.save()
    log_action(
        actor=by,
        action="teaching.job_offer_relayed",
        target=offer,
        changes={"channel": offer.relay_channel, "audience": offer.relay_audience},
    )
    return offer


@transaction.atomic
def documentation_register(*, by, partnership, data: Mapping[str, Any]):
    """Register an agent at the school's documentation centre, the rules accepted (PD6, [003 art. 4]):
    the version of the rules and the day the agent accepted them are required."""
    from .models import DocumentationAccess
    from .permissions import can_register_agent

    access = DocumentationAccess(partnership=partnership, registered_by=by)
    assign_fields(access, data, DOCUMENTATION_FIELDS)
    if access.agent_id and not can_register_agent(by, access.agent):
        raise PermissionDenied(
            _("Only a manager or the HR service of the agent's employer may register them.")
        )
    errors = _member_errors(
        partnership,
        school=access.school if access.school_id else None,
        employer_person=access.agent if access.agent_id else None,
    )
    if access.rules_accepted_on and access.registered_on and access.rules_accepted_on > access.registered_on:
        errors.setdefault("rules_accepted_on", []).append(
            _("The rules are accepted before the registration is sent, not after.")
        )
    if (
        access.agent_id
        and access.school_id
        and DocumentationAccess.objects.active().filter(agent=access.agent, school=access.school).exists()
    ):
        errors.setdefault("agent", []).append(
            _("This agent is already registered at this documentation centre.")
        )
    _clean(access, errors)
    access.save()
    log_action(
        actor=by,
        action="teaching.documentation_registered",
        target=access,
        changes={"rules_version": access.rules_version, "rules_accepted_on": access.rules_accepted_on},
    )
    return access


@transaction.atomic
def documentation_withdraw(*, by, access, on):
    """End an agent's access to the documentation centre (the agent left, or asked)."""
    from .models import DocumentationAccess
    from .permissions import can_register_agent

    access = DocumentationAccess.objects.select_for_update().select_related("agent").get(pk=access.pk)
    if not can_register_agent(by, access.agent):
        raise PermissionDenied(_("Only a manager or the HR service of the agent's employer may do this."))
    if access.withdrawn_on is not None:
        raise ValidationError(_("This access is already withdrawn."))
    if on < access.registered_on:
        raise ValidationError(_("An access is withdrawn after its registration."))
    access.withdrawn_on = on
    access.save(update_fields=["withdrawn_on", "updated_at"])
    log_action(actor=by, action="teaching.documentation_withdrawn", target=access, changes={"on": on})
    return access


@transaction.atomic
def qualification_action_create(*, by, partnership, data: Mapping[str, Any]):
    """Record a cooperation action for access to qualifications: apprenticeship, VAE, tutor training
    (PD7, [004 art. 5]); a tutor training points to the internships' session (IN10)."""
    from .models import QualificationAction
    from .permissions import can_manage_qualifications

    if not can_manage_qualifications(by, partnership):
        raise PermissionDenied(_("Only a manager of a member of the partnership may record this action."))
    action = QualificationAction(partnership=partnership)
    assign_fields(action, data, QUALIFICATION_FIELDS, keep_spaces=["description"])
    errors: dict[str, list[str]] = {}
    if action.convention_id and action.convention.partnership_id != partnership.pk:
        errors["convention"] = [_("Choose a convention of this partnership.")]
    if action.training_session_id:
        members = set(partnership.members.values_list("organisation_id", flat=True))
        if action.training_session.organiser_id not in members:
            errors["training_session"] = [_("Choose a session organised by a member of the partnership.")]
    _clean(action, errors)
    action.save()
    log_action(
        actor=by, action="teaching.qualification_recorded", target=action, changes={"kind": action.kind}
    )
    return action


@transaction.atomic
def qualification_action_set_status(*, by, action, status: str):
    from .models import QualificationAction, QualificationStatus
    from .permissions import can_manage_qualifications

    action = QualificationAction.objects.select_for_update().select_related("partnership").get(pk=action.pk)
    if not can_manage_qualifications(by, action.partnership):
        raise PermissionDenied(_("Only a manager of a member of the partnership may change this action."))
    if status not in QualificationStatus.values:
        raise ValidationError({"status": [_("Choose a status of the list.")]})
    before = action.status
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    log_action(
        actor=by, action="teaching.qualification_status", target=action, changes={"status": [before, status]}
    )
    return action


@transaction.atomic
def speaker_register(*, by, partnership, data: Mapping[str, Any]):
    """Record an agent as an occasional speaker of the school, the charter signed (PD4, [000])."""
    from .models import Speaker
    from .permissions import can_assess_speakers

    if not can_assess_speakers(by, partnership):
        raise PermissionDenied(_("Only a manager of the partnership's school may record its speakers."))
    speaker = Speaker(partnership=partnership)
    assign_fields(speaker, data, SPEAKER_FIELDS)
    errors = _member_errors(
        partnership,
        school=speaker.school if speaker.school_id else None,
        employer_person=speaker.agent if speaker.agent_id else None,
    )
    if (
        speaker.agent_id
        and speaker.school_id
        and Speaker.objects.filter(agent=speaker.agent, school=speaker.school).exists()
    ):
        errors.setdefault("agent", []).append(_("This agent is already a speaker of this school."))
    _clean(speaker, errors)
    speaker.save()
    log_action(
        actor=by,
        action="teaching.speaker_registered",
        target=speaker,
        changes={"charter_version": speaker.charter_version, "charter_signed_on": speaker.charter_signed_on},
    )
    return speaker


@transaction.atomic
def speaker_assess(*, by, speaker, block, level: str, on, note: str = ""):
    """Analyse a speaker's pedagogical competence on a block of a diploma's official framework (PD4);
    a new analysis of the same block replaces the previous one (the history keeps it)."""
    from .models import SpeakerCompetence, SpeakerLevel
    from .permissions import can_assess_speakers

    if not can_assess_speakers(by, speaker.partnership):
        raise PermissionDenied(_("Only a manager of the partnership's school may analyse its speakers."))
    if level not in SpeakerLevel.values:
        raise ValidationError({"level": [_("Choose a level of the list.")]})
    competence, created = SpeakerCompetence.objects.update_or_create(
        speaker=speaker,
        block=block,
        defaults={"level": level, "assessed_on": on, "note": (note or "").strip()[:300]},
    )
    log_action(
        actor=by,
        action="teaching.speaker_assessed",
        target=speaker,
        changes={"block": str(block), "level": level, "new": created},
    )
    return competence
