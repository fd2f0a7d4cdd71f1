"""The money section of the annual progress report (AP3, from FN1, FN2, FN4)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.core.templatetags.partenaria import longdate, money
from partenaria.documents.blocks import Paragraph, Table
from partenaria.reports.sections import ReportContext, register_section

from .models import ConditionalContribution
from .selectors import money_by_convention
from .totals import YearTotals


@register_section("money", title=gettext_lazy("Money"), order=50)
def money_section(context: ReportContext) -> list:
    """The year's forecast, committed, paid and balance, in kind beside, for the convention and its
    amendments; the conditional contributions of the year with their condition."""
    convention = context.convention
    ids = [convention.pk, *convention.amendments.values_list("pk", flat=True)]
    line = YearTotals(context.year)
    for lines in money_by_convention(ids).values():
        for other in lines:
            if other.year == context.year:
                for name in ("forecast", "committed", "paid", "conditional_paid", "in_kind"):
                    setattr(line, name, getattr(line, name) + getattr(other, name))
    conditionals = list(
        ConditionalContribution.objects.filter(convention__in=ids, due_by__year=context.year).select_related(
            "deliverable"
        )
    )
    if (
        not any((line.forecast, line.committed, line.paid, line.conditional_paid, line.in_kind))
        and not conditionals
    ):
        return [Paragraph(_("No money is recorded for this year."), emphasis=True)]
    blocks: list = [
        Table(
            headers=(_("Forecast"), _("Committed"), _("Paid"), _("Committed, not paid"), _("In kind")),
            rows=(
                (
                    money(line.forecast),
                    money(line.committed),
                    money(line.paid),
                    money(line.to_pay),
                    money(line.in_kind),
                ),
            ),
            numeric_columns=(0, 1, 2, 3, 4),
        )
    ]
    if conditionals:
        blocks.append(
            Table(
                headers=(_("Conditional contribution"), _("Amount"), _("Condition"), _("Paid on")),
                rows=tuple(
                    (
                        c.purpose,
                        money(c.amount),
                        _("« %(title)s » accepted by %(date)s")
                        % {"title": c.deliverable.title, "date": longdate(c.due_by)},
                        longdate(c.paid_on) if c.paid_on else _("not paid"),
                    )
                    for c in conditionals
                ),
                numeric_columns=(1,),
            )
        )
    return blocks
