"""Reads of the money pages and exports (FN1, FN2, FN4): a fixed number of grouped queries, whatever the
number of conventions, summed through ``totals.year_totals``."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from .models import ConditionalContribution, FundingCommitment, InKindContribution, Payment, Subsidy
from .totals import YearTotals, year_totals

# Above this amount a year, a beneficiary's subsidies must be published as open data (décret 2017-779).
PUBLICATION_THRESHOLD = Decimal("23000.00")


def _grouped(queryset, convention_path: str, year_path: str, amount_path: str):
    rows = defaultdict(list)
    for row in queryset.values(convention_path, year_path).annotate(total=Sum(amount_path)).order_by():
        rows[row[convention_path]].append((row[year_path], row["total"]))
    return rows


def money_by_convention(convention_ids) -> dict[int, list[YearTotals]]:
    """Per convention, one ``YearTotals`` per year: forecast, committed, paid, conditional, in kind (5 queries)."""
    forecasts = _grouped(
        Subsidy.objects.filter(convention__in=convention_ids), "convention", "year", "forecast"
    )
    commitments = _grouped(
        FundingCommitment.objects.filter(subsidy__convention__in=convention_ids),
        "subsidy__convention",
        "subsidy__year",
        "amount",
    )
    payments = _grouped(
        Payment.objects.filter(commitment__subsidy__convention__in=convention_ids),
        "commitment__subsidy__convention",
        "commitment__subsidy__year",
        "amount",
    )
    conditional = _grouped(
        ConditionalContribution.objects.filter(convention__in=convention_ids, paid_on__isnull=False).annotate(
            paid_year=ExtractYear("paid_on")
        ),
        "convention",
        "paid_year",
        "amount",
    )
    in_kind = _grouped(
        InKindContribution.objects.filter(convention__in=convention_ids), "convention", "year", "value"
    )
    keys = set(forecasts) | set(commitments) | set(payments) | set(conditional) | set(in_kind)
    return {
        key: year_totals(
            forecasts=forecasts[key],
            commitments=commitments[key],
            payments=payments[key],
            conditional_payments=conditional[key],
            in_kind=in_kind[key],
        )
        for key in keys
    }


def above_threshold(commitments) -> set[tuple[int, int]]:
    """(beneficiary id, year) whose subsidies committed in the year add up to more than 23 000 €."""
    totals: dict[tuple[int, int], Decimal] = defaultdict(Decimal)
    for commitment in commitments:
        totals[(commitment.subsidy.beneficiary_id, commitment.subsidy.year)] += commitment.amount
    return {key for key, total in totals.items() if total > PUBLICATION_THRESHOLD}


def money_to_settle(organisation, partnerships) -> dict:
    """What the organisation has committed and not yet paid, and what it is owed (AP4 dashboard, FN1, FN2).

    Committed-not-paid subsidies and unpaid conditional contributions, from either side: three
    queries whatever the number of conventions (commitments and payments are summed apart, a join
    would count a commitment once per payment).
    """
    from django.db.models import Q

    ids = partnerships.values("pk")
    committed = FundingCommitment.objects.filter(subsidy__convention__partnership__in=ids).aggregate(
        to_pay=Sum("amount", filter=Q(subsidy__payer=organisation)),
        to_receive=Sum("amount", filter=Q(subsidy__beneficiary=organisation)),
    )
    paid = Payment.objects.filter(commitment__subsidy__convention__partnership__in=ids).aggregate(
        out=Sum("amount", filter=Q(commitment__subsidy__payer=organisation)),
        into=Sum("amount", filter=Q(commitment__subsidy__beneficiary=organisation)),
    )
    conditional = ConditionalContribution.objects.filter(
        convention__partnership__in=partnerships.values("pk"), paid_on__isnull=True
    ).aggregate(
        to_pay=Sum("amount", filter=Q(payer=organisation)),
        to_receive=Sum("amount", filter=Q(beneficiary=organisation)),
    )
    zero = Decimal("0.00")
    return {
        "to_pay": (committed["to_pay"] or zero) - (paid["out"] or zero),
        "to_receive": (committed["to_receive"] or zero) - (paid["into"] or zero),
        "conditional_to_pay": conditional["to_pay"] or zero,
        "conditional_to_receive": conditional["to_receive"] or zero,
    }
