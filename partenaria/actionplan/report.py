"""The action plan and indicators sections of the annual progress report (AP3, from AP1 and AP2)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.core.templatetags.partenaria import longdate
from partenaria.documents.blocks import BulletList, Heading, Paragraph, Table
from partenaria.reports.sections import ReportContext, register_section

from .charts import format_number
from .selectors import plan_summary


def _percent(value: int | None) -> str:
    return "–" if value is None else f"{value} %"


def _plan(context: ReportContext):
    """The plan of the report's year, read once for both sections (five queries, not ten)."""
    return context.shared("actionplan.plan_summary", lambda: plan_summary(context.convention, context.year))


@register_section("action_plan", title=gettext_lazy("Action plan"), order=10)
def action_plan_section(context: ReportContext) -> list:
    """Each axis with its progress, its actions and the progress notes written during the year."""
    plan = _plan(context)
    if not plan.axes:
        return [Paragraph(_("No action plan is recorded for this convention."), emphasis=True)]
    blocks: list = [
        Paragraph(_("Overall progress: %(progress)s.") % {"progress": _percent(plan.progress)}, strong=True)
    ]
    for axis in plan.axes:
        blocks.append(Heading(f"{axis.title} – {_percent(axis.progress)}", level=2))
        if axis.description:
            blocks.append(Paragraph(axis.description))
        if not axis.actions:
            blocks.append(Paragraph(_("No action under this axis yet."), emphasis=True))
            continue
        blocks.append(
            Table(
                headers=(_("Action"), _("Carried by"), _("State"), _("Progress"), _("Due on")),
                rows=tuple(
                    (
                        action.title,
                        action.owner,
                        action.status_label + (f" ({_('late')})" if action.is_late else ""),
                        _percent(action.progress),
                        longdate(action.due_date) if action.due_date else "",
                    )
                    for action in axis.actions
                ),
                numeric_columns=(3,),
            )
        )
        notes = [
            f"{longdate(note.noted_on)} – {action.title} : {note.text}"
            for action in axis.actions
            for note in action.notes
        ]
        if notes:
            blocks.append(BulletList(tuple(notes), title=_("Progress notes of the year")))
    return blocks


@register_section("indicators", title=gettext_lazy("Indicators"), order=20)
def indicators_section(context: ReportContext) -> list:
    """Target and measured value of each indicator, every year up to the report's."""
    plan = _plan(context)
    rows = tuple(
        (
            f"{indicator.name} ({indicator.unit})" if indicator.unit else indicator.name,
            str(value.year),
            format_number(value.target),
            format_number(value.measured),
            value.comment,
        )
        for indicator in plan.indicators
        for value in indicator.values
        if value.year <= context.year
    )
    if not rows:
        return [Paragraph(_("No indicator is recorded for this convention."), emphasis=True)]
    return [
        Table(
            headers=(_("Indicator"), _("Year"), _("Target"), _("Measured"), _("Comment")),
            rows=rows,
            numeric_columns=(2, 3),
        )
    ]
