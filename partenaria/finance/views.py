"""Pages and exports of the money (FN1, FN2, FN4). Thin: parse, call one service or selector, render.

Every view fetches the convention through ``Convention.objects.visible_to`` (404 for another tenant),
its children through the convention; lists and exports cover the current organisation's partnerships.
"""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partenaria.conventions.models import Convention
from partenaria.core.forms import act_and_redirect
from partenaria.core.ratelimit import rate_limited
from partenaria.core.spreadsheets import workbook
from partenaria.core.views import render_form_page
from partenaria.deadlines import engine

from . import services
from .deadlines import condition_state
from .exports import scdl_csv
from .forms import (
    CommitmentForm,
    ConditionalForm,
    ConditionalPayForm,
    InKindForm,
    PaymentForm,
    SubsidyForm,
    YearFilterForm,
)
from .models import ConditionalContribution, FundingCommitment, Payment
from .permissions import can_record_money
from .selectors import above_threshold, money_by_convention
from .totals import grand_total

GET_POST = require_http_methods(["GET", "POST"])


def _convention(request, pk) -> Convention:
    return get_object_or_404(Convention.objects.visible_to(request.user).select_related("partnership"), pk=pk)


def _own_conventions(request):
    """The conventions of the current organisation's partnerships (what the lists and exports cover)."""
    membership = request.current_membership
    organisation = membership.organisation if membership else None
    partnerships = engine.partnerships_of(request.user, organisation)
    return organisation, Convention.objects.filter(partnership__in=partnerships.values("pk"))


def _commitments(conventions):
    return (
        FundingCommitment.objects.filter(subsidy__convention__in=conventions.values("pk"))
        .select_related("subsidy__payer", "subsidy__beneficiary", "subsidy__convention")
        .prefetch_related(Prefetch("payments", queryset=Payment.objects.order_by("paid_on", "pk")))
        .order_by("subsidy__year", "voted_on", "pk")
    )


@require_GET
def overview(request):
    """« Finances »: forecast, committed, paid and in kind, per convention and year (FN1, FN4)."""
    organisation, conventions = _own_conventions(request)
    form = YearFilterForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    listed = list(conventions.select_related("partnership").order_by("partnership__title", "-start_date"))
    money = money_by_convention([c.pk for c in listed])
    rows = []
    for convention in listed:
        lines = [line for line in money.get(convention.pk, []) if year is None or line.year == year]
        if lines:
            rows.append({"convention": convention, "lines": lines, "total": grand_total(lines)})
    flagged = above_threshold(
        FundingCommitment.objects.filter(subsidy__convention__in=conventions.values("pk")).select_related(
            "subsidy"
        )
    )
    return render(
        request,
        "finance/overview.html",
        {
            "form": form,
            "rows": rows,
            "count": len(rows),
            "total": grand_total([line for row in rows for line in row["lines"]]),
            "organisation": organisation,
            "flagged_count": len(flagged),
            "without_money": [c for c in listed if c.pk not in money][:20],
        },
    )


@require_GET
def convention_money(request, pk):
    convention = _convention(request, pk)
    today = timezone.localdate()
    commitments = list(_commitments(Convention.objects.filter(pk=convention.pk)))
    lines = money_by_convention([convention.pk]).get(convention.pk, [])
    flagged = above_threshold(commitments)
    conditionals = list(
        convention.conditional_contributions.select_related("payer", "beneficiary", "deliverable__project")
    )
    for contribution in conditionals:
        contribution.state = condition_state(contribution, today)
    return render(
        request,
        "finance/convention_money.html",
        {
            "convention": convention,
            "lines": lines,
            "total": grand_total(lines),
            "subsidies": convention.subsidies.select_related("payer", "beneficiary"),
            "commitments": commitments,
            "flagged": {(b, y) for b, y in flagged},
            "conditionals": conditionals,
            "in_kind": convention.in_kind_contributions.select_related("provider", "beneficiary"),
            "can_record": can_record_money(request.user, convention),
        },
    )


def _act(request, convention, form, act, *, success, title, submit, anchor):
    back = reverse("finance:convention", args=[convention.pk]) + f"#{anchor}"
    if response := act_and_redirect(
        request, form, lambda: act(form.cleaned_data), success=success, to=lambda _result: back
    ):
        return response
    return render_form_page(
        request,
        form,
        title=title,
        back=back,
        submit=submit,
        context={
            "subject_url": reverse("finance:convention", args=[convention.pk]),
            "subject_label": convention.title,
        },
    )


@GET_POST
def subsidy_add(request, pk):
    convention = _convention(request, pk)
    form = SubsidyForm(request.POST or None, convention=convention)
    return _act(
        request,
        convention,
        form,
        lambda data: services.subsidy_plan(by=request.user, convention=convention, data=data),
        success=_("Subsidy of the year recorded."),
        title=_("Plan the subsidy of a year"),
        submit=_("Record"),
        anchor="subsidies",
    )


@GET_POST
def commitment_add(request, pk):
    convention = _convention(request, pk)
    form = CommitmentForm(request.POST or None, convention=convention)
    return _act(
        request,
        convention,
        form,
        lambda data: services.commitment_add(by=request.user, convention=convention, data=data),
        success=_("Commitment recorded."),
        title=_("Record a commitment"),
        submit=_("Record"),
        anchor="commitments",
    )


@GET_POST
def payment_add(request, pk):
    convention = _convention(request, pk)
    form = PaymentForm(request.POST or None, convention=convention)
    return _act(
        request,
        convention,
        form,
        lambda data: services.payment_record(
            by=request.user,
            convention=convention,
            data=data,
            confirm_excess=data.get("confirm_excess", False),
        ),
        success=_("Payment recorded."),
        title=_("Record a payment"),
        submit=_("Record"),
        anchor="commitments",
    )


@GET_POST
def conditional_add(request, pk):
    convention = _convention(request, pk)
    form = ConditionalForm(request.POST or None, convention=convention)
    return _act(
        request,
        convention,
        form,
        lambda data: services.conditional_add(by=request.user, convention=convention, data=data),
        success=_("Conditional contribution recorded."),
        title=_("Record a conditional contribution"),
        submit=_("Record"),
        anchor="conditional",
    )


@GET_POST
def conditional_pay(request, pk, contribution_pk):
    convention = _convention(request, pk)
    contribution = get_object_or_404(
        ConditionalContribution.objects.select_related("convention", "deliverable"),
        pk=contribution_pk,
        convention=convention,
    )
    form = ConditionalPayForm(request.POST or None)
    return _act(
        request,
        convention,
        form,
        lambda data: services.conditional_pay(by=request.user, contribution=contribution, data=data),
        success=_("Payment of the contribution recorded."),
        title=_("Pay « %(purpose)s »") % {"purpose": contribution.purpose},
        submit=_("Record the payment"),
        anchor=f"conditional-{contribution.pk}",
    )


@GET_POST
def in_kind_add(request, pk):
    convention = _convention(request, pk)
    form = InKindForm(request.POST or None, convention=convention)
    return _act(
        request,
        convention,
        form,
        lambda data: services.in_kind_add(by=request.user, convention=convention, data=data),
        success=_("Contribution in kind recorded."),
        title=_("Value a contribution in kind"),
        submit=_("Record"),
        anchor="in-kind",
    )


# --- Exports ------------------------------------------------------------------------------------


def _download(content, filename, content_type) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@rate_limited("export")
@require_GET
def scdl_export(request):
    """The subsidies granted by the current organisation, in the SCDL « subventions » format (open data).

    With ``?obligatoires=1``, only the beneficiaries above 23 000 € in a year, whose publication the law
    requires."""
    organisation, conventions = _own_conventions(request)
    commitments = _commitments(conventions)
    if organisation is not None:
        commitments = commitments.filter(subsidy__payer=organisation)
    commitments = list(commitments)
    if request.GET.get("obligatoires"):
        flagged = above_threshold(commitments)
        commitments = [c for c in commitments if (c.subsidy.beneficiary_id, c.subsidy.year) in flagged]
    stamp = timezone.localdate().isoformat()
    return _download(scdl_csv(commitments), f"subventions-scdl-{stamp}.csv", "text/csv; charset=utf-8")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@rate_limited("export")
@require_GET
def budget_export(request):
    """The budget of each convention per year: forecast, committed, paid, balance, in kind (FN1, FN4)."""
    _organisation, conventions = _own_conventions(request)
    listed = list(conventions.select_related("partnership").order_by("partnership__title", "-start_date"))
    money = money_by_convention([c.pk for c in listed])
    headers = [
        _("Partnership"),
        _("Convention"),
        _("Year"),
        _("Forecast"),
        _("Committed"),
        _("Paid"),
        _("Committed, not paid"),
        _("Conditional contributions paid"),
        _("In kind"),
    ]
    rows = [
        [
            c.partnership.title,
            c.title,
            line.year,
            line.forecast,
            line.committed,
            line.paid,
            line.to_pay,
            line.conditional_paid,
            line.in_kind,
        ]
        for c in listed
        for line in money.get(c.pk, [])
    ]
    stamp = timezone.localdate().isoformat()
    return _download(
        workbook([(str(_("Budget")), [str(h) for h in headers], rows)]), f"budget-{stamp}.xlsx", XLSX
    )


@rate_limited("export")
@require_GET
def payments_export(request):
    """Every commitment and payment of the current organisation's conventions (FN1, FN2)."""
    _organisation, conventions = _own_conventions(request)
    headers = [
        _("Convention"),
        _("Year"),
        _("Paying party"),
        _("Beneficiary"),
        _("Decision"),
        _("Date of the vote"),
        _("Committed"),
        _("Payment reference"),
        _("Date of payment"),
        _("Paid"),
        _("Excess confirmed by"),
    ]
    rows = []
    for commitment in _commitments(conventions).prefetch_related("payments__excess_confirmed_by"):
        s = commitment.subsidy
        base = [
            s.convention.title,
            s.year,
            s.payer.name,
            s.beneficiary.name,
            commitment.reference,
            commitment.voted_on,
            commitment.amount,
        ]
        payments = list(commitment.payments.all())
        for payment in payments or [None]:
            rows.append(
                base
                + (
                    [
                        payment.reference,
                        payment.paid_on,
                        payment.amount,
                        str(payment.excess_confirmed_by or ""),
                    ]
                    if payment
                    else ["", None, None, ""]
                )
            )
    conditionals = ConditionalContribution.objects.filter(
        convention__in=conventions.values("pk")
    ).select_related("convention", "payer", "beneficiary", "deliverable")
    cond_headers = [
        _("Convention"),
        _("Purpose"),
        _("Paying party"),
        _("Beneficiary"),
        _("Amount"),
        _("Condition"),
        _("No later than"),
        _("Date of payment"),
        _("Payment reference"),
    ]
    cond_rows = [
        [
            c.convention.title,
            c.purpose,
            c.payer.name,
            c.beneficiary.name,
            c.amount,
            c.deliverable.title,
            c.due_by,
            c.paid_on,
            c.payment_reference,
        ]
        for c in conditionals
    ]
    stamp = timezone.localdate().isoformat()
    content = workbook(
        [
            (str(_("Payments")), [str(h) for h in headers], rows),
            (str(_("Conditional contributions")), [str(h) for h in cond_headers], cond_rows),
        ]
    )
    return _download(content, f"versements-{stamp}.xlsx", XLSX)
