"""The research section of the annual progress report (AP3, from RS1-RS3)."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.core.templatetags.partenaria import longdate
from partenaria.documents.blocks import BulletList, Heading, Paragraph, Table
from partenaria.reports.sections import ReportContext, register_section

from .models import ResearchProject


def projects_of_the_year(context: ReportContext):
    """The partnership's research running at some point of the year, with targets and deliverables."""
    return (
        ResearchProject.objects.filter(partnership=context.partnership)
        .filter(Q(started_on__isnull=True) | Q(started_on__lte=context.last_day))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=context.first_day))
        .prefetch_related("targets", "deliverables__responsible", "valorisations")
        .order_by("title")
    )


@register_section("research", title=gettext_lazy("Research-actions"), order=40)
def research_section(context: ReportContext) -> list:
    """Each research of the year: its stage, its methodology progress, its deliverables due in the year."""
    projects = list(projects_of_the_year(context))
    if not projects:
        return [Paragraph(_("No research-action ran this year."), emphasis=True)]
    blocks: list = []
    for project in projects:
        blocks.append(Heading(f"{project.title} – {project.get_status_display()}", level=2))
        if project.question:
            blocks.append(Paragraph(project.question))
        targets = list(project.targets.all())
        if targets:
            blocks.append(
                Table(
                    headers=(_("Methodology"), _("Planned"), _("Done"), _("Progress")),
                    rows=tuple(
                        (t.category, f"{t.planned_min}–{t.planned_max}", str(t.done), f"{t.percent} %")
                        for t in targets
                    ),
                    numeric_columns=(2, 3),
                )
            )
        deliverables = [d for d in project.deliverables.all() if d.due_date.year == context.year]
        if deliverables:
            blocks.append(
                Table(
                    headers=(_("Deliverable"), _("Due on"), _("Responsible party"), _("State")),
                    rows=tuple(
                        (
                            d.title,
                            longdate(d.due_date),
                            str(d.responsible),
                            d.get_status_display()
                            + (f" ({_('late')})" if d.is_late(context.last_day) else ""),
                        )
                        for d in deliverables
                    ),
                )
            )
        actions = [v for v in project.valorisations.all() if v.held_on.year == context.year]
        if actions:
            blocks.append(
                BulletList(
                    tuple(f"{longdate(v.held_on)} – {v.title}" for v in actions),
                    title=_("Valorisation of the year"),
                )
            )
    return blocks
