"""Business acts on disputes under the amicable settlement clause (CV9, seed 003 art. 7).

« En cas de difficultés liées à l'exécution de la présente convention, les parties s'engagent à
résoudre le différend par voie de règlement amiable. » A manager of a party opens a dispute, records
the dated steps of the search for a settlement, and closes it with its outcome; a closed dispute is
read-only. Each act is one transaction with its audit event on the convention.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.core.audit import diff, log_action, register_verbs, snapshot
from partenaria.core.templatetags.partenaria import longdate
from partenaria.organisations.models import Organisation

from .models import Convention, Dispute, DisputeOutcome, DisputeStep
from .permissions import can_manage_disputes
from .statuses import Status

register_verbs(
    {
        "convention.dispute_opened": gettext_lazy("opened a dispute"),
        "convention.dispute_changed": gettext_lazy("changed a dispute"),
        "convention.dispute_step_added": gettext_lazy("recorded a step of a dispute"),
        "convention.dispute_closed": gettext_lazy("closed a dispute"),
    }
)

# A dispute is about carrying out a convention: there is none before the signature.
NOT_YET_SIGNED = {Status.DRAFT, Status.IN_APPROVAL}


def _require_manager(by, convention: Convention) -> None:
    if not can_manage_disputes(by, convention):
        raise PermissionDenied(_("Only the officers of a party follow the disputes of this convention."))


def _require_open(dispute: Dispute) -> None:
    if dispute.is_closed:
        raise PermissionDenied(_("This dispute is closed: it can no longer be changed."))


def _not_in_future(field: str, day: datetime.date | None, errors: dict) -> None:
    if day is not None and day > timezone.localdate():
        errors.setdefault(field, []).append(_("This date is in the future."))


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _check_opening(convention: Convention, opened_on, raised_by, *, first_step=None) -> None:
    errors: dict[str, list[str]] = {}
    if raised_by is not None and not convention.parties.filter(organisation=raised_by).exists():
        errors.setdefault("raised_by", []).append(
            _("The organisation that raises a dispute must be a party.")
        )
    _not_in_future("opened_on", opened_on, errors)
    if opened_on and convention.signature_date and opened_on < convention.signature_date:
        errors.setdefault("opened_on", []).append(
            _("The convention was signed on %(date)s: a dispute cannot be opened before.")
            % {"date": longdate(convention.signature_date)}
        )
    if opened_on and first_step and first_step < opened_on and "opened_on" not in errors:
        errors.setdefault("opened_on", []).append(
            _("The first step is dated %(date)s: the dispute cannot be opened after it.")
            % {"date": longdate(first_step)}
        )
    _raise(errors)


@transaction.atomic
def dispute_open(
    *,
    by,
    convention: Convention,
    opened_on: datetime.date,
    raised_by: Organisation,
    subject: str,
    description: str = "",
    dates_are_illustrative: bool = False,
) -> Dispute:
    """Log a dispute raised by one party about carrying out a signed convention (CV9)."""
    _require_manager(by, convention)
    if convention.status in NOT_YET_SIGNED:
        raise ValidationError(_("A dispute concerns the carrying out of a signed convention."))
    _check_opening(convention, opened_on, raised_by)
    dispute = Dispute(
        convention=convention,
        opened_on=opened_on,
        raised_by=raised_by,
        subject=(subject or "").strip(),
        description=description,
        dates_are_illustrative=dates_are_illustrative,
        recorded_by=by,
    )
    dispute.full_clean(exclude=["recorded_by"])
    dispute.save()
    log_action(
        actor=by,
        action="convention.dispute_opened",
        target=convention,
        changes={"dispute": dispute.subject, "raised_by": raised_by.name, "opened_on": opened_on},
    )
    return dispute


DISPUTE_FIELDS = ["opened_on", "raised_by", "subject", "description"]


@transaction.atomic
def dispute_change(*, by, dispute: Dispute, data) -> Dispute:
    """Correct an open dispute's date, raising party, subject or description (CV9).

    The same rules as when it was opened; the opening stays before its first step.
    """
    dispute = _locked(dispute)
    _require_manager(by, dispute.convention)
    _require_open(dispute)
    first_step = dispute.steps.order_by("date").values_list("date", flat=True).first()
    _check_opening(dispute.convention, data.get("opened_on"), data.get("raised_by"), first_step=first_step)
    before = snapshot(dispute, DISPUTE_FIELDS)
    for name in DISPUTE_FIELDS:
        if name in data:
            setattr(dispute, name, data[name].strip() if name == "subject" else data[name])
    dispute.full_clean(exclude=["recorded_by"])
    dispute.save()
    changes = diff(before, snapshot(dispute, DISPUTE_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="convention.dispute_changed",
            target=dispute.convention,
            changes={"dispute": dispute.subject, **changes},
        )
    return dispute


def _locked(dispute: Dispute) -> Dispute:
    # Serialises a step and a closing arriving together: nothing is added to a closed dispute.
    return Dispute.objects.select_for_update().select_related("convention").get(pk=dispute.pk)


@transaction.atomic
def dispute_step_add(*, by, dispute: Dispute, date: datetime.date, kind: str, notes: str = "") -> DisputeStep:
    """Record a dated step (meeting, letter, proposal, mediation) of an open dispute (CV9)."""
    dispute = _locked(dispute)
    _require_manager(by, dispute.convention)
    _require_open(dispute)
    errors: dict[str, list[str]] = {}
    _not_in_future("date", date, errors)
    if date and date < dispute.opened_on:
        errors.setdefault("date", []).append(
            _("The dispute was opened on %(date)s: a step cannot come before.")
            % {"date": longdate(dispute.opened_on)}
        )
    _raise(errors)
    step = DisputeStep(dispute=dispute, date=date, kind=kind, notes=notes, recorded_by=by)
    step.full_clean(exclude=["recorded_by"])
    step.save()
    log_action(
        actor=by,
        action="convention.dispute_step_added",
        target=dispute.convention,
        changes={"dispute": dispute.subject, "step": step.get_kind_display(), "date": date},
    )
    return step


@transaction.atomic
def dispute_close(
    *, by, dispute: Dispute, outcome: str, closed_on: datetime.date, resolution: str = ""
) -> Dispute:
    """Close a dispute with its outcome: settled amicably, withdrawn or escalated to the court (CV9).

    The closing date is neither before the opening nor before the last step. Closed, it is read-only.
    """
    dispute = _locked(dispute)
    _require_manager(by, dispute.convention)
    _require_open(dispute)
    errors: dict[str, list[str]] = {}
    if outcome not in DisputeOutcome.values:
        errors.setdefault("outcome", []).append(_("Choose how the dispute ended."))
    _not_in_future("closed_on", closed_on, errors)
    if closed_on and closed_on < dispute.opened_on:
        errors.setdefault("closed_on", []).append(
            _("The dispute was opened on %(date)s: it cannot be closed before.")
            % {"date": longdate(dispute.opened_on)}
        )
    last_step = dispute.steps.order_by("-date").values_list("date", flat=True).first()
    if closed_on and last_step and closed_on < last_step and "closed_on" not in errors:
        errors.setdefault("closed_on", []).append(
            _("The last step is dated %(date)s: the dispute cannot be closed before.")
            % {"date": longdate(last_step)}
        )
    _raise(errors)
    dispute.outcome, dispute.closed_on, dispute.resolution = outcome, closed_on, resolution
    dispute.full_clean(exclude=["recorded_by"])
    dispute.save(update_fields=["outcome", "closed_on", "resolution", "updated_at"])
    log_action(
        actor=by,
        action="convention.dispute_closed",
        target=dispute.convention,
        changes={
            "dispute": dispute.subject,
            "outcome": dispute.get_outcome_display(),
            "closed_on": closed_on,
        },
    )
    return dispute
