"""When the annual progress report is due (AP3, seed 000 art. 3): examples, then properties."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from partenaria.conventions.terms import add_months_clamped
from partenaria.reports.rules import report_due, window_end, window_start

D = datetime.date
ASKORIA = {"lead_months": 1, "quarter": 4}


def test_askoria_report_is_due_a_month_before_the_december_steering_committee():
    due = report_due(2025, committee_dates=[D(2025, 5, 12), D(2025, 12, 15)], **ASKORIA)
    assert due.committee_on == D(2025, 12, 15)
    assert due.due_on == D(2025, 11, 15)


def test_a_committee_in_january_still_wants_the_report_within_the_fourth_quarter():
    due = report_due(2025, committee_dates=[D(2026, 1, 20)], **ASKORIA)
    assert due.committee_on == D(2026, 1, 20)
    assert due.due_on == D(2025, 12, 20)
    late_committee = report_due(2025, committee_dates=[D(2026, 3, 10)], **ASKORIA)
    assert late_committee.due_on == D(2025, 12, 31)


def test_without_a_planned_committee_the_report_is_due_at_the_end_of_the_quarter():
    due = report_due(2025, committee_dates=[], **ASKORIA)
    assert due == due.__class__(year=2025, due_on=D(2025, 12, 31), committee_on=None)
    # A meeting of the spring does not examine the report of the fourth quarter.
    assert report_due(2025, committee_dates=[D(2025, 6, 3)], **ASKORIA).committee_on is None


def test_a_convention_without_a_quarter_takes_the_first_committee_of_the_year():
    due = report_due(2027, committee_dates=[D(2027, 3, 31), D(2027, 10, 2)], lead_months=1, quarter=None)
    assert due.committee_on == D(2027, 3, 31)
    assert due.due_on == D(2027, 2, 28)  # one month before the 31st: the last day of February


def test_quarters():
    assert [window_start(2026, q) for q in (1, 2, 3, 4)] == [
        D(2026, 1, 1),
        D(2026, 4, 1),
        D(2026, 7, 1),
        D(2026, 10, 1),
    ]
    assert [window_end(2026, q) for q in (1, 2, 3, 4)] == [
        D(2026, 3, 31),
        D(2026, 6, 30),
        D(2026, 9, 30),
        D(2026, 12, 31),
    ]


days = st.dates(min_value=D(1990, 1, 1), max_value=D(2150, 12, 31))


@given(
    year=st.integers(min_value=1990, max_value=2150),
    committees=st.lists(days, max_size=6),
    lead=st.integers(min_value=0, max_value=12),
    quarter=st.one_of(st.none(), st.integers(min_value=1, max_value=4)),
)
def test_the_report_is_never_due_after_the_quarter_nor_later_than_lead_months_before_its_committee(
    year, committees, lead, quarter
):
    due = report_due(year, committee_dates=committees, lead_months=lead, quarter=quarter)
    assert due.due_on <= window_end(year, quarter)
    if due.committee_on is None:
        assert due.due_on == window_end(year, quarter)
        assert not [
            c
            for c in committees
            if window_start(year, quarter) <= c < add_months_clamped(window_start(year, quarter), 12)
        ]
    else:
        assert due.committee_on in committees
        assert due.due_on <= add_months_clamped(due.committee_on, -lead) <= due.committee_on
        # The examining meeting is the first one of the window.
        assert all(c >= due.committee_on for c in committees if c >= window_start(year, quarter))
