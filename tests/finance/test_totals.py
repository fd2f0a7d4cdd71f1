"""Sums of money per year are exact whatever the amounts and their order (FN1)."""

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partenaria.finance.totals import grand_total, year_totals

years = st.integers(min_value=2020, max_value=2030)
euros = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2)
rows = st.lists(st.tuples(years, euros), max_size=12)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(forecasts=rows, commitments=rows, payments=rows, in_kind=rows)
def test_each_year_sums_exactly_what_belongs_to_it(forecasts, commitments, payments, in_kind):
    lines = year_totals(forecasts=forecasts, commitments=commitments, payments=payments, in_kind=in_kind)
    for line in lines:
        assert line.forecast == sum((a for y, a in forecasts if y == line.year), Decimal("0"))
        assert line.committed == sum((a for y, a in commitments if y == line.year), Decimal("0"))
        assert line.paid == sum((a for y, a in payments if y == line.year), Decimal("0"))
        assert line.in_kind == sum((a for y, a in in_kind if y == line.year), Decimal("0"))
        assert line.to_pay == line.committed - line.paid
        assert line.uncommitted == line.forecast - line.committed
    assert [line.year for line in lines] == sorted(
        {y for y, _a in forecasts + commitments + payments + in_kind}
    )


@settings(deadline=None)
@given(payments=rows)
def test_the_grand_total_is_the_sum_of_the_years_and_does_not_depend_on_order(payments):
    lines = year_totals(payments=payments)
    reversed_lines = year_totals(payments=list(reversed(payments)))
    total = grand_total(lines)
    assert total.paid == sum((a for _y, a in payments), Decimal("0"))
    assert grand_total(reversed_lines).paid == total.paid
    assert all(isinstance(line.paid, Decimal) for line in lines)


def test_three_years_of_55000_make_165000():
    lines = year_totals(
        forecasts=[(2022, Decimal("55000")), (2023, Decimal("55000")), (2024, Decimal("55000"))]
    )
    assert grand_total(lines).forecast == Decimal("165000")
