"""Pages of the annual progress report (AP3). Thin: fetch through what the user may see, call one
service, render. The convention comes from ``Convention.objects.visible_to``: another tenant's is a 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partenaria.conventions.models import Convention
from partenaria.conventions.permissions import can_manage_partnership
from partenaria.core.forms import act_and_redirect, add_service_errors
from partenaria.documents.views import panel_context

from . import services
from .builder import PROGRESS_REPORT, report_blocks
from .forms import ForewordForm, ReportRuleForm, SendForm
from .models import ProgressReport, ReportRule
from .selectors import due_reports


def _convention(request, pk: int) -> Convention:
    return get_object_or_404(Convention.objects.visible_to(request.user).select_related("partnership"), pk=pk)


def _due(convention: Convention, year: int):
    """The due report of ``year`` for ``convention``, or 404 when the convention has no rule or year."""
    today = timezone.localdate()
    items = due_reports(
        Convention.objects.filter(pk=convention.pk), from_year=year, until_year=max(year, today.year)
    )
    for item in items:
        if item.year == year:
            return item
    raise Http404


def _require_manager(request, convention: Convention) -> None:
    if not can_manage_partnership(request.user, convention.partnership):
        raise PermissionDenied(_("Only the partners' officers act on the progress reports."))


@require_GET
def convention_reports(request, pk: int):
    convention = _convention(request, pk)
    today = timezone.localdate()
    rule = ReportRule.objects.filter(convention=convention).select_related("article").first()
    items = due_reports(Convention.objects.filter(pk=convention.pk), from_year=0, until_year=today.year)
    return render(
        request,
        "reports/convention_reports.html",
        {
            "convention": convention,
            "rule": rule,
            "items": sorted(items, key=lambda item: -item.year),
            "today": today,
            "can_manage": can_manage_partnership(request.user, convention.partnership),
        },
    )


@require_http_methods(["GET", "POST"])
def rule_edit(request, pk: int):
    convention = _convention(request, pk)
    _require_manager(request, convention)
    rule = ReportRule.objects.filter(convention=convention).first()
    form = ReportRuleForm(request.POST or None, instance=rule, convention=convention)
    if response := act_and_redirect(
        request,
        form,
        lambda: services.report_rule_set(by=request.user, convention=convention, **form.cleaned_data),
        success=_("The rule of the progress report was saved."),
        to=lambda _rule: reverse("reports:convention", args=[convention.pk]),
    ):
        return response
    return render(request, "reports/rule_form.html", {"convention": convention, "form": form})


def _detail(request, convention: Convention, year: int, **forms):
    """The report page; after a refused act, with that form as the person filled it (status 200)."""
    today = timezone.localdate()
    item = _due(convention, year)
    report = item.report
    context = {
        "convention": convention,
        "item": item,
        "report": report,
        "today": today,
        "is_late": item.is_late(today),
        "can_manage": can_manage_partnership(request.user, convention.partnership),
        "blocks": report_blocks(report or ProgressReport(convention=convention, year=year)),
    }
    if report is not None:
        context.update(panel_context(request.user, report, PROGRESS_REPORT))
        context["foreword_form"] = ForewordForm(instance=report)
        context["send_form"] = SendForm(initial={"sent_on": today})
    context.update(forms)
    return render(request, "reports/report_detail.html", context)


@require_GET
def report_detail(request, pk: int, year: int):
    return _detail(request, _convention(request, pk), year)


@require_POST
def report_open(request, pk: int, year: int):
    convention = _convention(request, pk)
    _due(convention, year)
    _require_manager(request, convention)
    try:
        report = services.progress_report_open(by=request.user, convention=convention, year=year)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:convention", pk=convention.pk)
    return redirect(report)


def _report(request, pk: int, year: int) -> ProgressReport:
    convention = _convention(request, pk)
    return get_object_or_404(
        ProgressReport.objects.select_related("convention__partnership"), convention=convention, year=year
    )


@require_POST
def report_foreword(request, pk: int, year: int):
    report = _report(request, pk, year)
    _require_manager(request, report.convention)
    form = ForewordForm(request.POST, instance=ProgressReport.objects.get(pk=report.pk))
    if form.is_valid():
        try:
            services.progress_report_change(
                by=request.user, report=report, foreword=form.cleaned_data["foreword"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The foreword was saved."))
            return redirect(report)
    return _detail(request, report.convention, report.year, foreword_form=form)


@require_POST
def report_send(request, pk: int, year: int):
    report = _report(request, pk, year)
    _require_manager(request, report.convention)
    form = SendForm(request.POST)
    if form.is_valid():
        try:
            services.progress_report_send(
                by=request.user, report=report, sent_on=form.cleaned_data["sent_on"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The report is recorded as sent to the partners."))
            return redirect(report)
    return _detail(request, report.convention, report.year, send_form=form)
