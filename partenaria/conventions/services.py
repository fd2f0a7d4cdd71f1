"""Business acts on partnerships and conventions. Each is one transaction with its audit event.

Views and the API call these; nothing else writes conventions. Invalid acts raise
``ValidationError`` with a message a person can act on.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from partenaria.core.audit import diff, log_action, snapshot
from partenaria.organisations.models import Organisation

from . import terms
from .models import (
    AmendmentChange,
    ChangeKind,
    Convention,
    ConventionKind,
    Denunciation,
    MemberStatus,
    Partnership,
    PartnershipMember,
    Party,
    StartMode,
    bodies_awaiting_vote,
)
from .statuses import TRANSITIONS, Status, refusal

CONVENTION_FIELDS = [
    "title",
    "reference",
    "kind",
    "parent_id",
    "signature_place",
    "signature_date",
    "originals_count",
    "start_mode",
    "start_date",
    "term_months",
    "tacit_renewal",
    "max_renewals",
    "notice_months",
    "notice_form",
    "synthesis",
]


class ConcurrentEditError(ValidationError):
    pass


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "j F Y") if value else ""


# --- Partnerships --------------------------------------------------------------------------------


@transaction.atomic
def partnership_create(
    *,
    by,
    title: str,
    organisations: Iterable[Organisation],
    kind: str = "training",
    description: str = "",
    lead: Organisation | None = None,
    member_statuses: Mapping[int, str] | None = None,
) -> Partnership:
    """Create a partnership between at least two organisations (CV1)."""
    organisations = list(organisations)
    if len({o.pk for o in organisations}) != len(organisations):
        raise ValidationError({"organisations": _("An organisation appears twice among the partners.")})
    if len(organisations) < 2:
        raise ValidationError({"organisations": _("A partnership binds at least two organisations.")})
    ids = {o.pk for o in organisations}
    if lead is not None and lead.pk not in ids:
        raise ValidationError({"lead": _("The lead organisation must be one of the partners.")})
    # A person creates partnerships for their own organisation, never between strangers (DP1).
    if getattr(by, "is_authenticated", False) and not by.is_superuser:
        from .permissions import managed_organisation_ids

        if not ids & managed_organisation_ids(by):
            raise ValidationError({"organisations": _("Your own organisation must be one of the partners.")})
    partnership = Partnership(title=title, kind=kind, description=description, lead=lead)
    partnership.full_clean()
    partnership.save()
    statuses = member_statuses or {}
    for organisation in organisations:
        PartnershipMember.objects.create(
            partnership=partnership,
            organisation=organisation,
            status=statuses.get(organisation.pk, MemberStatus.CONFIRMED),
        )
    log_action(
        actor=by,
        action="partnership.created",
        target=partnership,
        changes={"organisations": [o.name for o in organisations]},
    )
    return partnership


# --- Conventions ---------------------------------------------------------------------------------


def _check_parties(partnership: Partnership, parties: list[Mapping[str, Any]]) -> None:
    organisation_ids = [p["organisation"].pk for p in parties]
    if len(set(organisation_ids)) != len(organisation_ids):
        raise ValidationError({"parties": _("An organisation appears twice among the parties.")})
    if len(organisation_ids) < 2:
        raise ValidationError({"parties": _("A convention binds at least two parties.")})
    members = set(partnership.members.values_list("organisation_id", flat=True))
    outsiders = [p["organisation"].name for p in parties if p["organisation"].pk not in members]
    if outsiders:
        raise ValidationError(
            {"parties": _("Not a member of this partnership: %(names)s.") % {"names": ", ".join(outsiders)}}
        )


@transaction.atomic
def convention_create(
    *, by, partnership: Partnership, parties: list[Mapping[str, Any]], **fields: Any
) -> Convention:
    """Create a draft convention with its parties (CV1, CV2). ``parties`` are Party field dicts."""
    convention = Convention(partnership=partnership, status=Status.DRAFT, **fields)
    errors: dict[str, list[str]] = {}
    try:
        convention.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        _check_parties(partnership, parties)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    convention.save()
    for position, party in enumerate(parties):
        Party.objects.create(convention=convention, position=position, **party)
    log_action(
        actor=by,
        action="convention.created",
        target=convention,
        changes={"parties": [p["organisation"].name for p in parties], "term_months": convention.term_months},
    )
    return convention


@transaction.atomic
def convention_update(
    *, by, convention: Convention, expected_version: int, data: Mapping[str, Any]
) -> Convention:
    """Change a draft's fields; refused when someone saved it meanwhile (trust 22)."""
    if convention.status not in (Status.DRAFT, Status.IN_APPROVAL):
        raise ValidationError(_("A signed convention is changed by an amendment, not edited."))
    before = snapshot(convention, CONVENTION_FIELDS)
    for name, value in data.items():
        if name not in CONVENTION_FIELDS and name != "parent":
            raise ValueError(f"{name} is not an editable field")
        setattr(convention, name, value)
    convention.full_clean()
    updated = Convention.objects.filter(pk=convention.pk, version=expected_version).update(
        version=F("version") + 1,
        updated_at=timezone.now(),
        **{k: getattr(convention, k) for k in CONVENTION_FIELDS},
    )
    if not updated:
        raise ConcurrentEditError(
            _(
                "Someone else saved this convention while you were editing it. "
                "Your changes were not saved: reload the page to see their version, then apply yours again."
            )
        )
    convention.version = expected_version + 1
    changes = diff(before, snapshot(convention, CONVENTION_FIELDS))
    log_action(actor=by, action="convention.updated", target=convention, changes=changes)
    return convention


def _transition(convention: Convention, name: str) -> None:
    message = refusal(convention.status, name)
    if message:
        raise ValidationError(message)


def _set_status(
    *, by, convention: Convention, name: str, extra: Mapping[str, Any] | None = None
) -> Convention:
    _transition(convention, name)
    before = convention.status
    convention.status = TRANSITIONS[name].target
    convention.version = F("version") + 1
    convention.save(update_fields=["status", "version", "updated_at"])
    convention.refresh_from_db(fields=["version"])
    changes = {"status": [before, convention.status], **(extra or {})}
    log_action(actor=by, action=f"convention.{name}", target=convention, changes=changes)
    return convention


@transaction.atomic
def convention_submit(*, by, convention: Convention) -> Convention:
    """Send a draft into the approval of the public bodies (CV7)."""
    if convention.parties.count() < 2:
        raise ValidationError(_("A convention needs at least two parties before it is submitted."))
    if not convention.articles.exists():
        raise ValidationError(_("Write at least one article before submitting the convention."))
    return _set_status(by=by, convention=convention, name="submit")


@transaction.atomic
def convention_return_to_draft(*, by, convention: Convention) -> Convention:
    return _set_status(by=by, convention=convention, name="return_to_draft")


@transaction.atomic
def convention_sign(
    *,
    by,
    convention: Convention,
    signature_date: datetime.date,
    signature_place: str,
    originals_count: int | None,
) -> Convention:
    """Record the signature (CV1). The convention becomes active at once if its start has come."""
    _transition(convention, "sign")
    today = timezone.localdate()
    errors = {}
    if signature_date > today:
        errors["signature_date"] = [_("The date of signature cannot be in the future.")]
    if not signature_place.strip():
        errors["signature_place"] = [_("Give the place of signature.")]
    if originals_count is not None and originals_count < 1:
        errors["originals_count"] = [_("At least one original is signed.")]
    if not errors:
        awaiting = bodies_awaiting_vote(
            convention.approval_steps.select_related("organisation"), on=signature_date
        )
        if awaiting:
            errors[NON_FIELD_ERRORS] = [
                _(
                    "%(body)s has not voted on its report by this date: record the vote of its assembly, "
                    "Commission permanente or board (approval tab) before the signature."
                )
                % {"body": organisation}
                for organisation in awaiting
            ]
    if errors:
        raise ValidationError(errors)
    convention.signature_date = signature_date
    convention.signature_place = signature_place.strip()
    convention.originals_count = originals_count
    convention.save(update_fields=["signature_date", "signature_place", "originals_count", "updated_at"])
    _set_status(
        by=by,
        convention=convention,
        name="sign",
        extra={"signature_date": signature_date.isoformat(), "signature_place": signature_place},
    )
    if convention.kind == ConventionKind.AMENDMENT:
        # The parent first: the amendment's own status follows the parent's.
        _apply_amendment(by=by, amendment=convention, today=today)
    _refresh(convention, today)
    # _refresh works on its own copy: give the caller the status it may have set (active).
    convention.refresh_from_db()
    return convention


@transaction.atomic
def convention_supersede(*, by, convention: Convention, successor: Convention | None = None) -> Convention:
    """Mark a convention replaced by a newer one of the same partnership (CV5)."""
    extra = {}
    if successor is not None:
        if successor.partnership_id != convention.partnership_id or successor.pk == convention.pk:
            raise ValidationError(
                {"successor": _("The successor must be another convention of the same partnership.")}
            )
        extra["successor"] = str(successor)
    return _set_status(by=by, convention=convention, name="supersede", extra=extra)


# --- Denunciation --------------------------------------------------------------------------------


@transaction.atomic
def convention_denounce(
    *,
    by,
    convention: Convention,
    party: Organisation,
    form: str,
    sent_on: datetime.date,
    received_on: datetime.date,
    reason: str = "",
    accept_next_term: bool = False,
) -> Denunciation:
    """Record a party's notice ending the convention (CV3, CV8).

    With tacit renewal the notice must be *received* by the last day before the end of the current
    term minus the notice period. Received later, it is refused for this term and the message says
    when it can take effect instead; ``accept_next_term`` records it for that later date.
    """
    _transition(convention, "denounce")
    errors: dict[str, list[str]] = {}
    if not convention.parties.filter(organisation=party).exists():
        errors["party"] = [_("Only a party to the convention can denounce it.")]
    if received_on < sent_on:
        errors["received_on"] = [_("A letter is received after it is sent: check the dates.")]
    if received_on > timezone.localdate():
        errors["received_on"] = [_("The date of receipt cannot be in the future.")]
    if convention.notice_form not in ("", "none") and form != convention.notice_form:
        errors["form"] = [
            _("The convention requires this form: %(form)s.") % {"form": convention.get_notice_form_display()}
        ]
    rules = convention.term_rules()
    if rules is None:
        errors["received_on"] = [_("The convention has no start date yet.")]
    if errors:
        raise ValidationError(errors)
    takes_effect_on, too_late_for = terms.denunciation_effect(rules, received_on)
    last = terms.last_period_index(rules)
    if too_late_for is not None and last is not None and terms.period(rules, last).end == too_late_for:
        # No renewal follows this term (maximum reached): a late notice only confirms its end.
        takes_effect_on, too_late_for = too_late_for, None
    if too_late_for is not None and not accept_next_term:
        raise ValidationError(
            {
                "received_on": [
                    _(
                        "Received after %(deadline)s, the last day to denounce for the term ending on %(end)s: "
                        "this notice cannot stop the convention on that date. It can take effect at the end of "
                        "the next term, on %(next)s."
                    )
                    % {
                        "deadline": _date(terms.notice_deadline(too_late_for, rules.notice_months)),
                        "end": _date(too_late_for),
                        "next": _date(takes_effect_on),
                    }
                ]
            }
        )
    denunciation = Denunciation.objects.create(
        convention=convention,
        party=party,
        form=form,
        sent_on=sent_on,
        received_on=received_on,
        takes_effect_on=takes_effect_on,
        reason=reason,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    _set_status(
        by=by,
        convention=convention,
        name="denounce",
        extra={
            "party": party.name,
            "received_on": received_on.isoformat(),
            "takes_effect_on": takes_effect_on.isoformat(),
        },
    )
    return denunciation


# --- Amendments ----------------------------------------------------------------------------------


@transaction.atomic
def amendment_create(
    *, by, parent: Convention, changes: list[Mapping[str, Any]], **fields: Any
) -> Convention:
    """Draft an amendment of ``parent`` stating what it changes (CV4). Parties are the parent's."""
    if parent.kind == ConventionKind.AMENDMENT:
        raise ValidationError({"parent": _("An amendment amends a convention, not another amendment.")})
    if parent.status in (Status.DRAFT, Status.SUPERSEDED):
        raise ValidationError(
            {"parent": _("Only a signed convention is amended; edit the draft itself instead.")}
        )
    if not changes:
        raise ValidationError({"changes": _("Say what the amendment changes.")})
    fields.setdefault("start_mode", StartMode.SIGNATURE)
    parties = [
        {
            "organisation": p.organisation,
            "designation": p.designation,
            "representative_name": p.representative_name,
            "capacity": p.capacity,
            "delegation": p.delegation,
        }
        for p in parent.parties.select_related("organisation")
    ]
    amendment = convention_create(
        by=by,
        partnership=parent.partnership,
        parties=parties,
        kind=ConventionKind.AMENDMENT,
        parent=parent,
        **fields,
    )
    for change in changes:
        item = AmendmentChange(amendment=amendment, **change)
        if item.article_id and item.article.convention_id != parent.pk:
            raise ValidationError({"changes": _("The modified article belongs to another convention.")})
        if item.kind == ChangeKind.TERM_EXTENSION and not item.months:
            raise ValidationError({"changes": _("Give the number of months the term is extended by.")})
        item.full_clean()
        item.save()
    return amendment


def _apply_amendment(*, by, amendment: Convention, today: datetime.date) -> None:
    """Once signed, an amendment's changes take effect on its parent (CV4)."""
    parent = Convention.objects.select_for_update().get(pk=amendment.parent_id)
    log_action(
        actor=by,
        action="convention.amended",
        target=parent,
        changes={"amendment": amendment.title, "changes": [str(c) for c in amendment.changes.all()]},
    )
    _refresh(parent, today)


# --- Time-driven status changes -----------------------------------------------------------------


def _refresh(convention: Convention, today: datetime.date) -> str | None:
    """Apply the transitions that the calendar makes due (activate, renew, expire)."""
    if convention.status not in (
        Status.SIGNED,
        Status.ACTIVE,
        Status.RENEWED,
        Status.DENOUNCED,
        Status.EXPIRED,
    ):
        return None
    if convention.kind == ConventionKind.AMENDMENT:
        return _refresh_amendment(convention)
    convention = Convention.objects.with_extensions().get(pk=convention.pk)
    schedule = convention.schedule(today)
    if schedule is None:
        return None
    target = None
    if schedule.has_ended:
        target = "expire" if convention.status != Status.EXPIRED else None
    elif schedule.has_started:
        if convention.status in (Status.SIGNED, Status.EXPIRED):
            target = "activate"
        elif (
            convention.status in (Status.ACTIVE, Status.RENEWED)
            and schedule.renewals_so_far > 0
            and (
                convention.status == Status.ACTIVE
                or _renewals_recorded(convention) < schedule.renewals_so_far
            )
        ):
            target = "renew"
    if target is None:
        return None
    if target == "renew":
        # Catch up in one run: one event per renewal that fell due since the last one recorded.
        rules = convention.term_rules()
        for index in range(_renewals_recorded(convention) + 1, schedule.renewals_so_far + 1):
            extra = {"renewal": index, "end_of_term": terms.period(rules, index).end.isoformat()}
            _set_status(by=None, convention=convention, name="renew", extra=extra)
        return target
    _set_status(
        by=None, convention=convention, name=target, extra={"end_of_term": schedule.current.end.isoformat()}
    )
    return target


def _refresh_amendment(amendment: Convention) -> str | None:
    """An amendment is part of its parent: in force while the parent is, ended when it ends (CV4)."""
    parent_status = Convention.objects.values_list("status", flat=True).get(pk=amendment.parent_id)
    target = None
    if parent_status in (Status.EXPIRED, Status.SUPERSEDED) and amendment.status != Status.EXPIRED:
        target = "expire"
    elif parent_status in (Status.ACTIVE, Status.RENEWED, Status.DENOUNCED) and amendment.status in (
        Status.SIGNED,
        Status.EXPIRED,
    ):
        target = "activate"
    if target is None:
        return None
    _set_status(by=None, convention=amendment, name=target, extra={"parent_status": parent_status})
    return target


def _renewals_recorded(convention: Convention) -> int:
    from partenaria.core.audit import history_for

    return history_for(convention).filter(action="convention.renew").count()


def conventions_refresh_statuses(*, today: datetime.date | None = None) -> dict[str, int]:
    """Daily: bring every convention's status in line with its dates. Safe to run twice."""
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    candidates = Convention.objects.filter(
        status__in=[Status.SIGNED, Status.ACTIVE, Status.RENEWED, Status.DENOUNCED, Status.EXPIRED]
    )
    # Parents first: an amendment's status follows its parent's.
    ordered = list(candidates.exclude(kind=ConventionKind.AMENDMENT).values_list("pk", flat=True)) + list(
        candidates.filter(kind=ConventionKind.AMENDMENT).values_list("pk", flat=True)
    )
    for pk in ordered:
        with transaction.atomic():
            convention = Convention.objects.select_for_update().get(pk=pk)
            done = _refresh(convention, today)
        if done:
            counts[done] = counts.get(done, 0) + 1
    return counts
