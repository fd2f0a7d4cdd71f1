"""Business acts on the money of a convention (FN1, FN2, FN4).

Each act is one transaction with its audit event on the convention, so that its history tab tells
who committed or paid what. Amounts are ``Decimal`` euros; a refusal is a ``ValidationError`` keyed
by field, in French, before anything is written, or a ``PermissionDenied`` (403).
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from partenaria.conventions.models import Convention
from partenaria.core.audit import log_action
from partenaria.core.services import assign_fields
from partenaria.core.templatetags.partenaria import longdate, money
from partenaria.research.models import DeliverableStatus

from .models import ConditionalContribution, FundingCommitment, InKindContribution, Payment, Subsidy
from .permissions import can_confirm_excess, can_record_money

SUBSIDY_FIELDS = ["payer", "beneficiary", "year", "forecast", "purpose", "is_illustrative"]
COMMITMENT_FIELDS = ["subsidy", "reference", "voted_on", "amount"]
PAYMENT_FIELDS = ["commitment", "paid_on", "reference", "amount"]
CONDITIONAL_FIELDS = [
    "payer",
    "beneficiary",
    "purpose",
    "amount",
    "deliverable",
    "due_by",
    "cost_share",
    "decision_reference",
    "decided_on",
]
IN_KIND_FIELDS = [
    "provider",
    "beneficiary",
    "kind",
    "description",
    "since",
    "year",
    "value",
    "is_illustrative",
]


def _require_record(by, convention: Convention) -> None:
    if not can_record_money(by, convention):
        raise PermissionDenied(
            _("Only a manager of the partnership may record the money of this convention.")
        )


def _parties_errors(convention: Convention, obj, names: tuple[str, str]) -> dict[str, list[str]]:
    party_ids = {p.organisation_id for p in convention.parties.all()}
    errors: dict[str, list[str]] = {}
    for name in names:
        value = getattr(obj, f"{name}_id")
        if value is not None and value not in party_ids:
            errors[name] = [_("Choose one of the parties of the convention.")]
    first, second = names
    if getattr(obj, f"{first}_id") and getattr(obj, f"{first}_id") == getattr(obj, f"{second}_id"):
        errors[second] = [_("The beneficiary is another party than the one that pays.")]
    return errors


def _clean(obj, errors: dict[str, list[str]], exclude=None) -> None:
    # The model's own checks first (amount > 0, required fields), then the act's rules, all at once.
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# --- Subsidies, commitments, payments (FN1) ----------------------------------------------------


@transaction.atomic
def subsidy_plan(*, by, convention: Convention, data: Mapping[str, Any]) -> Subsidy:
    """Record the subsidy a party plans to pay for one year of the convention (FN1).

    One line per payer, beneficiary and year; the year falls within the convention's term.
    """
    _require_record(by, convention)
    subsidy = Subsidy(convention=convention)
    assign_fields(subsidy, data, SUBSIDY_FIELDS)
    errors = _parties_errors(convention, subsidy, ("payer", "beneficiary"))
    start, end = convention.effective_start, convention.end_date
    if subsidy.year and start and end and not start.year <= subsidy.year <= end.year:
        errors["year"] = [
            _("The convention runs from %(start)s to %(end)s: choose a year in between.")
            % {"start": start.year, "end": end.year}
        ]
    duplicate = Subsidy.objects.filter(
        convention=convention,
        payer_id=subsidy.payer_id,
        beneficiary_id=subsidy.beneficiary_id,
        year=subsidy.year,
    )
    if subsidy.year and duplicate.exists():
        errors["year"] = [_("The subsidy of this year is already recorded: change its commitments instead.")]
    _clean(subsidy, errors)
    subsidy.save()
    log_action(
        actor=by,
        action="finance.subsidy_planned",
        target=convention,
        changes={"year": subsidy.year, "forecast": subsidy.forecast, "beneficiary": subsidy.beneficiary},
    )
    return subsidy


@transaction.atomic
def commitment_add(*, by, convention: Convention, data: Mapping[str, Any]) -> FundingCommitment:
    """Record the vote that commits an amount of a year's subsidy, with its reference and date (FN1)."""
    _require_record(by, convention)
    commitment = FundingCommitment()
    assign_fields(commitment, data, COMMITMENT_FIELDS)
    errors: dict[str, list[str]] = {}
    if commitment.subsidy_id is not None and commitment.subsidy.convention_id != convention.pk:
        errors["subsidy"] = [_("Choose a subsidy of this convention.")]
    _clean(commitment, errors)
    commitment.save()
    log_action(
        actor=by,
        action="finance.committed",
        target=convention,
        changes={
            "year": commitment.subsidy.year,
            "reference": commitment.reference,
            "voted_on": commitment.voted_on,
            "amount": commitment.amount,
        },
    )
    return commitment


def paid_on_commitment(commitment: FundingCommitment) -> Decimal:
    return commitment.payments.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")


@transaction.atomic
def payment_record(
    *, by, convention: Convention, data: Mapping[str, Any], confirm_excess: bool = False
) -> Payment:
    """Record a payment against a commitment (FN1).

    A payment is never dated before the vote that commits it. Paying more than what remains of the
    commitment needs ``confirm_excess`` from an administrator or partnership officer of the paying
    party; the payment then keeps who confirmed, and the audit event says by how much it exceeds.
    """
    _require_record(by, convention)
    payment = Payment()
    assign_fields(payment, data, PAYMENT_FIELDS)
    errors: dict[str, list[str]] = {}
    commitment = None
    if payment.commitment_id is not None:
        # Locked: two payments recorded at once must not both fit in the same remainder.
        commitment = (
            FundingCommitment.objects.select_for_update()
            .select_related("subsidy")
            .get(pk=payment.commitment_id)
        )
        if commitment.subsidy.convention_id != convention.pk:
            errors["commitment"] = [_("Choose a commitment of this convention.")]
            commitment = None
    if commitment is not None and payment.paid_on is not None and payment.paid_on < commitment.voted_on:
        errors["paid_on"] = [
            _("A payment cannot be dated before the vote that commits it (%(date)s).")
            % {"date": longdate(commitment.voted_on)}
        ]
    excess = Decimal("0.00")
    if commitment is not None and isinstance(payment.amount, Decimal) and payment.amount > 0:
        remaining = commitment.amount - paid_on_commitment(commitment)
        excess = payment.amount - remaining
        if excess > 0:
            if not confirm_excess:
                errors["amount"] = [
                    _(
                        "This payment exceeds what remains of the commitment (%(remaining)s) by %(excess)s. "
                        "An administrator or partnership officer of the paying party may confirm the excess."
                    )
                    % {"remaining": money(remaining), "excess": money(excess)}
                ]
            elif not can_confirm_excess(by, commitment.subsidy.payer_id):
                errors["confirm_excess"] = [
                    _("Only an administrator or partnership officer of %(payer)s may confirm an excess.")
                    % {"payer": commitment.subsidy.payer}
                ]
            else:
                payment.excess_confirmed_by = by
    _clean(payment, errors)
    payment.save()
    changes = {
        "year": commitment.subsidy.year,
        "commitment": commitment.reference,
        "reference": payment.reference,
        "paid_on": payment.paid_on,
        "amount": payment.amount,
    }
    if payment.excess_confirmed_by_id:
        changes["excess_confirmed"] = str(excess)
    log_action(
        actor=by,
        action="finance.paid_beyond_commitment" if payment.excess_confirmed_by_id else "finance.paid",
        target=convention,
        changes=changes,
    )
    return payment


# --- Conditional contributions (FN2) -----------------------------------------------------------


@transaction.atomic
def conditional_add(*, by, convention: Convention, data: Mapping[str, Any]) -> ConditionalContribution:
    """Record an amount to pay once a deliverable is accepted, no later than a date (FN2 [000])."""
    _require_record(by, convention)
    contribution = ConditionalContribution(convention=convention)
    assign_fields(contribution, data, CONDITIONAL_FIELDS)
    errors = _parties_errors(convention, contribution, ("payer", "beneficiary"))
    if (
        contribution.deliverable_id is not None
        and contribution.deliverable.project.partnership_id != convention.partnership_id
    ):
        errors["deliverable"] = [_("Choose a deliverable of a research of this partnership.")]
    _clean(contribution, errors)
    contribution.save()
    log_action(
        actor=by,
        action="finance.conditional_added",
        target=convention,
        changes={
            "purpose": contribution.purpose,
            "amount": contribution.amount,
            "due_by": contribution.due_by,
        },
    )
    return contribution


@transaction.atomic
def conditional_pay(
    *, by, contribution: ConditionalContribution, data: Mapping[str, Any]
) -> ConditionalContribution:
    """Record the single payment of a conditional contribution, possible only once its condition is met (FN2)."""
    convention = contribution.convention
    _require_record(by, convention)
    contribution = (
        ConditionalContribution.objects.select_for_update()
        .select_related("deliverable")
        .get(pk=contribution.pk)
    )
    deliverable = contribution.deliverable
    if contribution.is_paid:
        raise ValidationError(
            _("This contribution was already paid on %(date)s: it is paid once.")
            % {"date": longdate(contribution.paid_on)}
        )
    if deliverable.status != DeliverableStatus.ACCEPTED:
        raise ValidationError(
            _(
                "The payment is possible only once the condition is met: the deliverable « %(title)s » "
                "is not accepted yet."
            )
            % {"title": deliverable.title}
        )
    errors: dict[str, list[str]] = {}
    paid_on = data.get("paid_on")
    reference = (data.get("payment_reference") or "").strip()
    if paid_on is None:
        errors["paid_on"] = [_("Give the date of the payment.")]
    elif deliverable.reviewed_on and paid_on < deliverable.reviewed_on:
        errors["paid_on"] = [
            _("The payment cannot be dated before the deliverable was accepted (%(date)s).")
            % {"date": longdate(deliverable.reviewed_on)}
        ]
    if not reference:
        errors["payment_reference"] = [_("Give the reference of the payment.")]
    if errors:
        raise ValidationError(errors)
    contribution.paid_on = paid_on
    contribution.payment_reference = reference
    contribution.save()
    log_action(
        actor=by,
        action="finance.conditional_paid",
        target=convention,
        changes={"purpose": contribution.purpose, "amount": contribution.amount, "paid_on": paid_on},
    )
    return contribution


# --- Contributions in kind (FN4) ---------------------------------------------------------------


@transaction.atomic
def in_kind_add(*, by, convention: Convention, data: Mapping[str, Any]) -> InKindContribution:
    """Value in euros, for one year, premises or agents' time a party provides (FN4 [004])."""
    _require_record(by, convention)
    contribution = InKindContribution(convention=convention)
    assign_fields(contribution, data, IN_KIND_FIELDS)
    errors = _parties_errors(convention, contribution, ("provider", "beneficiary"))
    duplicate = InKindContribution.objects.filter(
        convention=convention,
        kind=contribution.kind,
        description=contribution.description,
        year=contribution.year,
    )
    if contribution.year and duplicate.exists():
        errors["year"] = [_("This contribution is already valued for this year.")]
    if contribution.since and contribution.year and contribution.since.year > contribution.year:
        errors["year"] = [_("This year is before the contribution was made available.")]
    _clean(contribution, errors)
    contribution.save()
    log_action(
        actor=by,
        action="finance.in_kind_added",
        target=convention,
        changes={
            "description": contribution.description,
            "year": contribution.year,
            "value": contribution.value,
        },
    )
    return contribution
