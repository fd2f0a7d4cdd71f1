"""Sums of money per year (FN1, FN4): pure functions over plain rows, exact in ``Decimal``.

The pages, the exports and the progress report all add up through here, so that a figure is the same
wherever it is read; ``tests/finance/test_totals.py`` property-tests them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0.00")


@dataclass
class YearTotals:
    year: int
    forecast: Decimal = ZERO
    committed: Decimal = ZERO
    paid: Decimal = ZERO
    conditional_paid: Decimal = ZERO
    in_kind: Decimal = ZERO
    references: list = field(default_factory=list)

    @property
    def uncommitted(self) -> Decimal:
        """Forecast not yet voted: what the partner still waits for a decision on."""
        return self.forecast - self.committed

    @property
    def to_pay(self) -> Decimal:
        """Committed but not yet paid: the balance of the year."""
        return self.committed - self.paid

    @property
    def money_total(self) -> Decimal:
        return self.paid + self.conditional_paid


def year_totals(
    *,
    forecasts: Iterable[tuple[int, Decimal]] = (),
    commitments: Iterable[tuple[int, Decimal]] = (),
    payments: Iterable[tuple[int, Decimal]] = (),
    conditional_payments: Iterable[tuple[int, Decimal]] = (),
    in_kind: Iterable[tuple[int, Decimal]] = (),
) -> list[YearTotals]:
    """One line per year that has any figure, in year order. Each input is ``(year, amount)``.

    A commitment and its payments count in the year of their subsidy, not of the vote or the
    transfer: a 2024 subsidy paid in January 2025 is still 2024's money.
    """
    years: dict[int, YearTotals] = {}

    def add(rows, attribute):
        for year, amount in rows:
            line = years.setdefault(year, YearTotals(year))
            setattr(line, attribute, getattr(line, attribute) + amount)

    add(forecasts, "forecast")
    add(commitments, "committed")
    add(payments, "paid")
    add(conditional_payments, "conditional_paid")
    add(in_kind, "in_kind")
    return [years[year] for year in sorted(years)]


def grand_total(lines: list[YearTotals]) -> YearTotals:
    total = YearTotals(0)
    for line in lines:
        for name in ("forecast", "committed", "paid", "conditional_paid", "in_kind"):
            setattr(total, name, getattr(total, name) + getattr(line, name))
    return total
