"""Reads of the progress reports (AP3): which years are due, when, and whether they were sent."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from partenaria.conventions.models import Convention, Denunciation, Party
from partenaria.governance.models import BodyKind, Meeting, MeetingStatus

from .models import ProgressReport, ReportRule
from .rules import ReportDue, report_due


def report_years(convention: Convention, *, until_year: int) -> list[int]:
    """The years in which ``convention`` runs, up to ``until_year`` for one renewed until denounced."""
    schedule = convention.current_schedule
    if schedule is None:
        return []
    last = schedule.final_end.year if schedule.final_end is not None else until_year
    return list(range(convention.effective_start.year, min(last, until_year) + 1))


def committee_dates(partnership_ids: Iterable[int]) -> dict[int, list[datetime.date]]:
    """Dates of the steering committees' meetings, planned or held, per partnership (one query)."""
    dates: dict[int, list[datetime.date]] = {}
    rows = (
        Meeting.objects.filter(
            body__partnership_id__in=list(partnership_ids), body__kind=BodyKind.STEERING_COMMITTEE
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .values_list("body__partnership_id", "starts_at")
    )
    for partnership_id, starts_at in rows:
        dates.setdefault(partnership_id, []).append(timezone.localdate(starts_at))
    return dates


@dataclass(frozen=True)
class DueReport:
    convention: Convention
    due: ReportDue
    report: ProgressReport | None

    @property
    def year(self) -> int:
        return self.due.year

    @property
    def sent_on(self) -> datetime.date | None:
        return self.report.sent_on if self.report else None

    def is_late(self, today: datetime.date) -> bool:
        return self.sent_on is None and self.due.due_on < today


def due_reports(conventions: QuerySet, *, from_year: int, until_year: int) -> list[DueReport]:
    """Every report due from ``from_year`` to ``until_year`` for the conventions that have a rule.

    Six queries whatever the number of conventions: the conventions with a rule (and the extension
    of their terms), their rules, their parties and accepted denunciations, the committees' meetings and the
    reports already opened.
    """
    ruled = list(
        conventions.filter(report_rule__isnull=False)
        .with_extensions()
        .select_related("partnership")
        .order_by("pk")
    )
    if not ruled:
        return []
    ids = [convention.pk for convention in ruled]
    rules = {rule.convention_id: rule for rule in ReportRule.objects.filter(convention_id__in=ids)}
    denunciations: dict[int, list[Denunciation]] = {}
    for denunciation in Denunciation.objects.filter(convention_id__in=ids, is_accepted=True):
        denunciations.setdefault(denunciation.convention_id, []).append(denunciation)
    parties: dict[int, list[Party]] = {}
    for party in Party.objects.filter(convention_id__in=ids).order_by("position", "pk"):
        parties.setdefault(party.convention_id, []).append(party)
    meetings = committee_dates({convention.partnership_id for convention in ruled})
    opened = {
        (report.convention_id, report.year): report
        for report in ProgressReport.objects.filter(convention_id__in=ids)
    }
    result = []
    for convention in ruled:
        convention._prefetched_objects_cache = {
            "denunciations": denunciations.get(convention.pk, []),
            "parties": parties.get(convention.pk, []),
        }
        rule = rules[convention.pk]
        for year in report_years(convention, until_year=until_year):
            if year < from_year:
                continue
            due = report_due(
                year,
                committee_dates=meetings.get(convention.partnership_id, []),
                lead_months=rule.lead_months,
                quarter=rule.quarter,
            )
            result.append(DueReport(convention=convention, due=due, report=opened.get((convention.pk, year))))
    return result
