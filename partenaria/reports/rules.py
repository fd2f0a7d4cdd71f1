"""When the annual progress report of a convention is due (AP3). Pure: no database, no clock.

The 2025 Askoria amendment [000 art. 3] says: "in the 4th quarter of the year, a detailed progress
report is drawn up ... at least one month before the date of the steering committee". So the report
of year Y is examined by the first steering committee meeting held from the start of that quarter
(or from 1 January when the convention names no quarter), and is due ``lead_months`` before it, and
at the latest on the last day of the quarter. With no such meeting planned yet, it is due on the last
day of the quarter (31 December), and the partners are told that the meeting is still to be fixed.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from partenaria.conventions.terms import add_months_clamped


@dataclass(frozen=True)
class ReportDue:
    year: int
    due_on: datetime.date
    # The steering committee meeting that examines the report, when one is planned or held.
    committee_on: datetime.date | None


def window_start(year: int, quarter: int | None) -> datetime.date:
    """First day of the period in which the report of ``year`` is drawn up."""
    return datetime.date(year, 3 * (quarter - 1) + 1, 1) if quarter else datetime.date(year, 1, 1)


def window_end(year: int, quarter: int | None) -> datetime.date:
    """Last day on which the report of ``year`` may be delivered, whatever the meetings."""
    if quarter:
        return add_months_clamped(window_start(year, quarter), 3) - datetime.timedelta(days=1)
    return datetime.date(year, 12, 31)


def report_due(
    year: int, *, committee_dates: Iterable[datetime.date], lead_months: int, quarter: int | None
) -> ReportDue:
    """The due date of the report of ``year``, given the dates of the steering committee's meetings."""
    start = window_start(year, quarter)
    horizon = add_months_clamped(start, 12)
    examining = min((day for day in committee_dates if start <= day < horizon), default=None)
    latest = window_end(year, quarter)
    if examining is None:
        return ReportDue(year=year, due_on=latest, committee_on=None)
    return ReportDue(
        year=year, due_on=min(add_months_clamped(examining, -lead_months), latest), committee_on=examining
    )
