"""Acts on progress reports (AP3): the convention's rule, the report of a year, its versions, sending it."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partenaria.conventions.models import Article, Convention
from partenaria.conventions.permissions import can_manage_partnership
from partenaria.core.audit import diff, log_action, snapshot
from partenaria.documents.models import GeneratedDocument
from partenaria.documents.services import document_generate

from .builder import PROGRESS_REPORT
from .models import ProgressReport, ReportRule
from .selectors import report_years

RULE_FIELDS = ["lead_months", "quarter", "article_id"]


def _require_manager(by, convention: Convention) -> None:
    if not can_manage_partnership(by, convention.partnership):
        raise PermissionDenied(_("Only the partners' officers act on the progress reports."))


@transaction.atomic
def report_rule_set(
    *, by, convention: Convention, lead_months: int, quarter: int | None, article: Article | None = None
) -> ReportRule:
    """Record when the convention wants its annual progress report (AP3, seed 000 art. 3).

    The rule is what the convention says: ``lead_months`` before the steering committee, drawn up in
    ``quarter``. It can be recorded on a signed convention: it states the text, it does not change it.
    """
    _require_manager(by, convention)
    rule = ReportRule.objects.select_for_update().filter(convention=convention).first()
    created = rule is None
    rule = rule or ReportRule(convention=convention)
    before = snapshot(rule, RULE_FIELDS)
    rule.lead_months, rule.quarter, rule.article = lead_months, quarter, article
    errors = {}
    if article is not None and article.convention_id != convention.pk:
        errors["article"] = [_("Choose an article of this convention.")]
    if lead_months is None or not 0 <= lead_months <= 12:
        errors["lead_months"] = [_("Give a number of months between 0 and 12.")]
    if errors:
        raise ValidationError(errors)
    rule.full_clean()
    rule.save()
    changes = diff(before, snapshot(rule, RULE_FIELDS))
    if created or changes:
        log_action(actor=by, action="report.rule_set", target=convention, changes=changes)
    return rule


def _check_year(convention: Convention, year: int) -> None:
    if year not in report_years(convention, until_year=max(year, timezone.localdate().year)):
        raise ValidationError(
            {
                "year": [
                    _("The convention does not run in %(year)s: no progress report is due.") % {"year": year}
                ]
            }
        )


def progress_report_open(*, by, convention: Convention, year: int) -> ProgressReport:
    """The report of ``year``, created the first time someone works on it (idempotent, AP3)."""
    _require_manager(by, convention)
    _check_year(convention, year)
    existing = ProgressReport.objects.filter(convention=convention, year=year).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            report = ProgressReport.objects.create(convention=convention, year=year)
            log_action(actor=by, action="report.opened", target=report, changes={"year": year})
            return report
    except IntegrityError:
        # Two people opened it at the same instant: the other one's report is the report.
        return ProgressReport.objects.get(convention=convention, year=year)


@transaction.atomic
def progress_report_change(*, by, report: ProgressReport, foreword: str) -> ProgressReport:
    """Write the partners' foreword; a report already sent is kept as it was sent."""
    _require_manager(by, report.convention)
    report = ProgressReport.objects.select_for_update().select_related("convention").get(pk=report.pk)
    if report.sent_on:
        raise ValidationError({"foreword": [_("This report was sent to the partners: it is kept as sent.")]})
    before = snapshot(report, ["foreword"])
    report.foreword = foreword.strip()
    report.full_clean()
    report.save(update_fields=["foreword", "updated_at"])
    if changes := diff(before, snapshot(report, ["foreword"])):
        log_action(actor=by, action="report.changed", target=report, changes=changes)
    return report


def progress_report_generate(*, by, report: ProgressReport, fmt: str) -> GeneratedDocument:
    """A new DOCX or PDF version of the report, assembled from today's data and stored with its hash."""
    report = ProgressReport.objects.select_related("convention__partnership").get(pk=report.pk)
    if report.sent_on:
        raise ValidationError(_("This report was sent to the partners: its versions are kept as they are."))
    return document_generate(by=by, target=report, builder=PROGRESS_REPORT, fmt=fmt)


@transaction.atomic
def progress_report_send(*, by, report: ProgressReport, sent_on: datetime.date) -> ProgressReport:
    """Record that the report was sent to the partners: it is then no longer due (AP3).

    The day cannot be in the future. Its versions are then frozen: no new one is generated.
    """
    _require_manager(by, report.convention)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    errors = {}
    if report.sent_on:
        errors["sent_on"] = [_("This report was already sent, on %(date)s.") % {"date": report.sent_on}]
    elif sent_on > timezone.localdate():
        errors["sent_on"] = [_("The day of sending cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    report.sent_on, report.sent_by = sent_on, by
    report.save(update_fields=["sent_on", "sent_by", "updated_at"])
    log_action(actor=by, action="report.sent", target=report, changes={"sent_on": [None, sent_on]})
    return report
