"""Business acts of the European projects (EU1-EU4, EU6): one transaction each, the permission
checked, the audit event written inside it, e-mails sent after commit.

Every refusal is a ``ValidationError`` in the reader's language on the field it concerns, or a
``PermissionDenied``.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from partenaria.conventions.models import MemberStatus, Partnership, PartnershipKind, PartnershipMember
from partenaria.core.audit import diff, log_action, snapshot
from partenaria.core.services import assign_fields
from partenaria.organisations.models import Organisation, Person

from . import emails, rules
from .models import (
    AnswerStatus,
    Delegation,
    EuropeanProject,
    JobProfile,
    Mobility,
    Participant,
    PartnerSearch,
    PartnerType,
    ProjectPartner,
    SearchAnswer,
    SearchStatus,
    TrainingProposal,
    default_partner_type,
)
from .permissions import (
    can_answer_for,
    can_contribute,
    can_create_project,
    can_delegate,
    can_manage_project,
)

PROJECT_FIELDS = [
    "coordinator",
    "programme",
    "call_deadline",
    "keywords",
    "objective",
    "problem",
    "activities",
    "expected_results",
    "contact",
    "dates_are_illustrative",
]
LONG_TEXTS = ["objective", "problem", "activities", "expected_results"]
SEARCH_FIELDS = ["summary", "countries", "other_countries_welcome", "partner_types", "fields_of_action"]


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _clean(obj, errors: dict[str, list[str]] | None = None, exclude=None) -> None:
    errors = dict(errors or {})
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# --- The project sheet (EU1) ----------------------------------------------------------------------


def _sheet_errors(project: EuropeanProject) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    member_ids = set(project.partnership.members.values_list("organisation_id", flat=True))
    if project.coordinator_id and project.coordinator_id not in member_ids:
        errors["coordinator"] = [_("The coordinator must be a member of the partnership.")]
    if project.contact_id and project.contact.organisation_id != project.coordinator_id:
        errors["contact"] = [_("The contact person must belong to the coordinator.")]
    return errors


@transaction.atomic
def project_create(*, by, partnership: Partnership, data: Mapping[str, Any]) -> EuropeanProject:
    """Write the sheet of a European partnership's project (EU1 [002]): programme, call deadline,
    keywords, objective, problem, activities, expected results, contact. Its members become the
    project's partners, each with the type it brings by default (EU3)."""
    _require(
        can_create_project(by, partnership),
        _("Only a manager of a member of the partnership may write its project sheet."),
    )
    if partnership.kind != PartnershipKind.EUROPEAN:
        raise ValidationError(_("Only a European partnership has a European project sheet."))
    if EuropeanProject.objects.filter(partnership=partnership).exists():
        raise ValidationError(_("This partnership already has its project sheet."))
    project = EuropeanProject(partnership=partnership)
    assign_fields(project, data, PROJECT_FIELDS, keep_spaces=LONG_TEXTS)
    if project.coordinator_id is None and partnership.lead_id:
        project.coordinator_id = partnership.lead_id
    _clean(project, _sheet_errors(project) if project.coordinator_id else {})
    project.save()
    for member in partnership.members.select_related("organisation"):
        ProjectPartner.objects.create(
            project=project,
            organisation=member.organisation,
            partner_type=default_partner_type(member.organisation),
        )
    log_action(
        actor=by,
        action="europe.project_created",
        target=project,
        changes={"programme": project.programme, "call_deadline": project.call_deadline},
    )
    return project


@transaction.atomic
def project_update(*, by, project: EuropeanProject, data: Mapping[str, Any]) -> EuropeanProject:
    """Change the project sheet (EU1): the coordinator's managers."""
    _require(can_manage_project(by, project), _("Only the coordinator may change the project sheet."))
    project = EuropeanProject.objects.select_for_update().get(pk=project.pk)
    before = snapshot(project, PROJECT_FIELDS)
    assign_fields(project, data, PROJECT_FIELDS, keep_spaces=LONG_TEXTS)
    _clean(project, _sheet_errors(project))
    project.save()
    log_action(
        actor=by,
        action="europe.project_updated",
        target=project,
        changes=diff(before, snapshot(project, PROJECT_FIELDS)),
    )
    return project


# --- Partners and the consortium (EU2, EU3) -------------------------------------------------------


def _set_partner(project: EuropeanProject, organisation: Organisation, partner_type: str) -> ProjectPartner:
    partner, _created = ProjectPartner.objects.update_or_create(
        project=project, organisation=organisation, defaults={"partner_type": partner_type}
    )
    return partner


@transaction.atomic
def partner_update(
    *, by, project: EuropeanProject, organisation: Organisation, status: str, partner_type: str
) -> PartnershipMember:
    """Change a partner's status (confirmed, pending, to confirm) and the type it brings (EU2, EU3)."""
    _require(can_manage_project(by, project), _("Only the coordinator may change the partners."))
    errors = {}
    if status not in MemberStatus.values:
        errors["status"] = [_("Choose a status among those offered.")]
    if partner_type not in PartnerType.values:
        errors["partner_type"] = [_("Choose a partner type among those offered.")]
    if errors:
        raise ValidationError(errors)
    member = PartnershipMember.objects.select_for_update().get(
        partnership=project.partnership, organisation=organisation
    )
    if organisation.pk == project.coordinator_id and status != MemberStatus.CONFIRMED:
        raise ValidationError({"status": _("The coordinator is a confirmed partner.")})
    before = {"status": member.status, "partner_type": _partner_type(project, organisation)}
    member.status = status
    member.save(update_fields=["status"])
    _set_partner(project, organisation, partner_type)
    log_action(
        actor=by,
        action="europe.partner_updated",
        target=project,
        changes={
            "organisation": organisation.name,
            **diff(before, {"status": status, "partner_type": partner_type}),
        },
    )
    return member


def _partner_type(project: EuropeanProject, organisation: Organisation) -> str:
    partner = ProjectPartner.objects.filter(project=project, organisation=organisation).first()
    return partner.partner_type if partner else default_partner_type(organisation)


# --- The partner search (EU2) ---------------------------------------------------------------------


def _search_errors(search: PartnerSearch) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    from .models import COUNTRY_NAMES

    if not isinstance(search.countries, list) or any(c not in COUNTRY_NAMES for c in search.countries):
        errors["countries"] = [_("Choose the countries among those offered.")]
    if not isinstance(search.partner_types, list) or any(
        t not in PartnerType.values for t in search.partner_types
    ):
        errors["partner_types"] = [_("Choose the partner types among those offered.")]
    return errors


@transaction.atomic
def search_save(*, by, project: EuropeanProject, data: Mapping[str, Any]) -> PartnerSearch:
    """Write or change the project's partner search: its summary, the countries and partner types
    sought (EU2). A published search stays published with its new content."""
    _require(can_manage_project(by, project), _("Only the coordinator may write the partner search."))
    search = PartnerSearch.objects.select_for_update().filter(project=project).first()
    created = search is None
    search = search or PartnerSearch(project=project)
    before = snapshot(search, SEARCH_FIELDS)
    assign_fields(search, data, SEARCH_FIELDS, keep_spaces=["summary"])
    if isinstance(search.countries, list | tuple):
        search.countries = sorted(set(search.countries))
    if isinstance(search.partner_types, list | tuple):
        search.partner_types = [t for t in PartnerType.values if t in set(search.partner_types)]
    _clean(search, _search_errors(search))
    if not search.countries and not search.other_countries_welcome:
        raise ValidationError({"countries": _("Choose at least one country, or welcome every EU country.")})
    if not search.partner_types:
        raise ValidationError({"partner_types": _("Choose at least one partner type.")})
    search.save()
    log_action(
        actor=by,
        action="europe.search_updated",
        target=search,
        changes={"created": True} if created else diff(before, snapshot(search, SEARCH_FIELDS)),
    )
    return search


@transaction.atomic
def search_publish(*, by, search: PartnerSearch, today: datetime.date | None = None) -> PartnerSearch:
    """Publish the search to every organisation of the product (EU2)."""
    _require(can_manage_project(by, search.project), _("Only the coordinator may publish the search."))
    search = PartnerSearch.objects.select_for_update().get(pk=search.pk)
    if search.status == SearchStatus.PUBLISHED:
        raise ValidationError(_("The search is already published."))
    search.status = SearchStatus.PUBLISHED
    search.published_on = today or timezone.localdate()
    search.save(update_fields=["status", "published_on", "updated_at"])
    log_action(actor=by, action="europe.search_published", target=search, changes={"on": search.published_on})
    return search


@transaction.atomic
def search_close(*, by, search: PartnerSearch) -> PartnerSearch:
    """Close the search: organisations outside the partnership no longer see it (EU2). Answers still
    awaiting a decision stay to be decided."""
    _require(can_manage_project(by, search.project), _("Only the coordinator may close the search."))
    search = PartnerSearch.objects.select_for_update().get(pk=search.pk)
    if search.status != SearchStatus.PUBLISHED:
        raise ValidationError(_("Only a published search can be closed."))
    search.status = SearchStatus.CLOSED
    search.save(update_fields=["status", "updated_at"])
    log_action(actor=by, action="europe.search_closed", target=search)
    return search


@transaction.atomic
def search_answer(
    *, by, search: PartnerSearch, organisation: Organisation, data: Mapping[str, Any]
) -> SearchAnswer:
    """An organisation answers a published search with a message to the coordinator (EU2). It is not
    yet a member of the partnership and has no answer awaiting a decision. The coordinator's managers
    are told by e-mail after commit."""
    _require(
        can_answer_for(by, organisation.pk),
        _("Only a manager of the organisation may answer in its name."),
    )
    search = (
        PartnerSearch.objects.select_for_update().select_related("project__partnership").get(pk=search.pk)
    )
    if search.status != SearchStatus.PUBLISHED:
        raise ValidationError(_("This search is not open to answers."))
    if PartnershipMember.objects.filter(
        partnership=search.project.partnership, organisation=organisation
    ).exists():
        raise ValidationError(_("Your organisation is already a partner of this project."))
    if SearchAnswer.objects.filter(
        search=search, organisation=organisation, status=AnswerStatus.SUBMITTED
    ).exists():
        raise ValidationError(
            _("Your organisation has already answered: the coordinator has not decided yet.")
        )
    answer = SearchAnswer(search=search, organisation=organisation, answered_by=by)
    assign_fields(answer, data, ["message", "partner_type"], keep_spaces=["message"])
    if not answer.partner_type:
        answer.partner_type = default_partner_type(organisation)
    _clean(answer, exclude=["answered_by", "decided_by"])
    answer.save()
    log_action(
        actor=by,
        action="europe.answered",
        target=answer,
        changes={"organisation": organisation.name, "project": search.project.title},
    )
    transaction.on_commit(lambda: emails.send([emails.answer_received(answer)]))
    return answer


def _decide(answer: SearchAnswer, by, status: str, reply: str) -> SearchAnswer:
    answer.status = status
    answer.decided_by = by
    answer.decided_at = timezone.now()
    answer.reply = (reply or "").strip()
    answer.save(update_fields=["status", "decided_by", "decided_at", "reply", "updated_at"])
    return answer


def _lock_open_answer(by, answer: SearchAnswer) -> SearchAnswer:
    _require(
        can_manage_project(by, answer.search.project), _("Only the coordinator may decide on an answer.")
    )
    answer = (
        SearchAnswer.objects.select_for_update()
        .select_related("search__project__partnership", "organisation")
        .get(pk=answer.pk)
    )
    if answer.status != AnswerStatus.SUBMITTED:
        raise ValidationError(_("This answer has already been decided."))
    return answer


@transaction.atomic
def answer_accept(
    *, by, answer: SearchAnswer, status: str = MemberStatus.PENDING, reply: str = ""
) -> PartnershipMember:
    """Accept an answer (EU2): the organisation joins the partnership as a pending partner (its
    commitment still to be validated) or a confirmed one, with the type it said it brings. It then
    sees the whole project. The person who answered is told by e-mail after commit."""
    answer = _lock_open_answer(by, answer)
    if status not in (MemberStatus.PENDING, MemberStatus.CONFIRMED):
        raise ValidationError({"status": _("An accepted partner is pending validation or confirmed.")})
    project = answer.search.project
    try:
        with transaction.atomic():
            member = PartnershipMember.objects.create(
                partnership=project.partnership, organisation=answer.organisation, status=status
            )
    except IntegrityError:
        raise ValidationError(_("This organisation is already a partner of the project.")) from None
    _set_partner(project, answer.organisation, answer.partner_type)
    _decide(answer, by, AnswerStatus.ACCEPTED, reply)
    log_action(
        actor=by,
        action="europe.answer_accepted",
        target=answer,
        changes={"organisation": answer.organisation.name, "status": status},
    )
    transaction.on_commit(lambda: emails.send([emails.answer_decided(answer)]))
    return member


@transaction.atomic
def answer_decline(*, by, answer: SearchAnswer, reply: str = "") -> SearchAnswer:
    """Decline an answer (EU2), with a reply; the person who answered is told after commit."""
    answer = _lock_open_answer(by, answer)
    _decide(answer, by, AnswerStatus.DECLINED, reply)
    log_action(
        actor=by,
        action="europe.answer_declined",
        target=answer,
        changes={"organisation": answer.organisation.name},
    )
    transaction.on_commit(lambda: emails.send([emails.answer_decided(answer)]))
    return answer


# --- Learning mobilities (EU4) ----------------------------------------------------------------------


def consortium_countries(project: EuropeanProject) -> list[str]:
    """The countries of the partnership's members, in the spelling of the first organisation found."""
    seen: dict[str, str] = {}
    for country in project.partnership.members.order_by("organisation__name").values_list(
        "organisation__country", flat=True
    ):
        key = rules.country_key(country or "")
        if key and key not in seen:
            seen[key] = " ".join(country.split())
    return sorted(seen.values(), key=rules.country_key)


@transaction.atomic
def mobility_plan(*, by, project: EuropeanProject, data: Mapping[str, Any]) -> Mobility:
    """Plan a learning mobility (EU4 [002]): five days from its first day, in the host partner's
    country, which hosts once; a delegation is opened for every other country of the consortium."""
    _require(can_manage_project(by, project), _("Only the coordinator may plan the learning mobilities."))
    project = EuropeanProject.objects.select_for_update().get(pk=project.pk)
    host = data.get("host")
    errors: dict[str, list[str]] = {}
    members = PartnershipMember.objects.filter(partnership=project.partnership)
    if host is None or not members.filter(organisation=host).exists():
        errors["host"] = [_("The host must be a partner of the project.")]
    elif not rules.country_key(host.country or ""):
        errors["host"] = [_("The host organisation has no country: give it on the organisation's page.")]
    elif rules.country_key(host.country) in {
        rules.country_key(c)
        for c in Mobility.objects.filter(project=project).values_list("host_country", flat=True)
    }:
        errors["host"] = [
            _("%(country)s already hosts a mobility: every country hosts once.") % {"country": host.country}
        ]
    if errors:
        raise ValidationError(errors)
    mobility = Mobility(project=project, host=host, host_country=" ".join(host.country.split()))
    assign_fields(mobility, data, ["starts_on", "theme"])
    _clean(mobility)
    mobility.save()
    for country in consortium_countries(project):
        if rules.country_key(country) != rules.country_key(mobility.host_country):
            Delegation.objects.create(mobility=mobility, country=country)
    log_action(
        actor=by,
        action="europe.mobility_planned",
        target=mobility,
        changes={"host": host.name, "starts_on": mobility.starts_on, "ends_on": mobility.ends_on},
    )
    return mobility


@transaction.atomic
def participant_add(*, by, mobility: Mobility, person: Person) -> Participant:
    """Add a professional of a partner to its country's delegation (EU4): ten per delegation at most,
    never from the host country, once per mobility. The mobility's row is locked, then the
    delegation's counter moves by one conditional UPDATE; a check constraint holds it within ten."""
    project = mobility.project
    _require(
        can_delegate(by, project, person.organisation_id),
        _("Only the coordinator or a manager of the person's organisation may add them to a delegation."),
    )
    mobility = Mobility.objects.select_for_update().get(pk=mobility.pk)
    organisation = person.organisation
    if not PartnershipMember.objects.filter(
        partnership=project.partnership, organisation=organisation
    ).exists():
        raise ValidationError({"person": _("The person must work for a partner of the project.")})
    key = rules.country_key(organisation.country or "")
    if key == rules.country_key(mobility.host_country):
        raise ValidationError(
            {"person": _("The host country's professionals host the mobility: they travel to the others.")}
        )
    delegation = next((d for d in mobility.delegations.all() if rules.country_key(d.country) == key), None)
    if delegation is None:
        raise ValidationError({"person": _("The person's country has no delegation in this mobility.")})
    if Participant.objects.filter(delegation=delegation, person=person).exists():
        raise ValidationError({"person": _("This person is already in the delegation.")})
    taken = Delegation.objects.filter(pk=delegation.pk, size__lt=rules.DELEGATION_SIZE).update(
        size=F("size") + 1
    )
    if not taken:
        raise ValidationError(
            {
                "person": _("The delegation of %(country)s is complete: %(size)d professionals.")
                % {"country": delegation.country, "size": rules.DELEGATION_SIZE}
            }
        )
    participant = Participant.objects.create(delegation=delegation, person=person)
    log_action(
        actor=by,
        action="europe.participant_added",
        target=mobility,
        changes={"person": str(person), "country": delegation.country},
    )
    return participant


@transaction.atomic
def participant_remove(*, by, participant: Participant) -> None:
    """Take a professional out of a delegation (EU4); the place is free again."""
    mobility = participant.delegation.mobility
    _require(
        can_delegate(by, mobility.project, participant.person.organisation_id),
        _("Only the coordinator or a manager of the person's organisation may change a delegation."),
    )
    Mobility.objects.select_for_update().get(pk=mobility.pk)
    deleted, _rows = Participant.objects.filter(pk=participant.pk).delete()
    if deleted:
        Delegation.objects.filter(pk=participant.delegation_id).update(size=F("size") - 1)
        log_action(
            actor=by,
            action="europe.participant_removed",
            target=mobility,
            changes={"person": str(participant.person), "country": participant.delegation.country},
        )


# --- Deliverables (EU6) -------------------------------------------------------------------------


@transaction.atomic
def job_profile_add(*, by, project: EuropeanProject, data: Mapping[str, Any]) -> JobProfile:
    """Add a job profile to the typology of social-work jobs (EU6): family, missions, know-how, soft
    skills."""
    _require(can_contribute(by, project), _("Only a manager of a partner may write the deliverables."))
    profile = JobProfile(project=project)
    assign_fields(
        profile,
        data,
        ["family", "title", "missions", "know_how", "soft_skills", "country"],
        keep_spaces=["missions", "know_how", "soft_skills"],
    )
    _clean(profile)
    # Compared in Python: SQLite folds the case of ASCII letters only (« É » and « é »).
    same = rules.country_key(profile.family), rules.country_key(profile.title)
    existing = JobProfile.objects.filter(project=project).values_list("family", "title")
    if any((rules.country_key(f), rules.country_key(t)) == same for f, t in existing):
        raise ValidationError({"title": _("This family already has a job profile with this title.")})
    profile.save()
    log_action(actor=by, action="europe.job_profile_added", target=profile, changes={"title": profile.title})
    return profile


@transaction.atomic
def training_proposal_add(*, by, project: EuropeanProject, data: Mapping[str, Any]) -> TrainingProposal:
    """Add a proposal for initial or continuing training, career paths or attractiveness (EU6)."""
    _require(can_contribute(by, project), _("Only a manager of a partner may write the deliverables."))
    proposal = TrainingProposal(project=project)
    assign_fields(proposal, data, ["kind", "title", "proposal", "profile"], keep_spaces=["proposal"])
    _clean(proposal)
    if proposal.profile_id and proposal.profile.project_id != project.pk:
        raise ValidationError({"profile": _("Choose a job profile of this project.")})
    proposal.save()
    log_action(
        actor=by,
        action="europe.training_proposal_added",
        target=proposal,
        changes={"title": proposal.title, "kind": proposal.kind},
    )
    return proposal
