"""The annual progress report as a generated document (AP3, CV10): the registered sections, in order."""

from django.utils.translation import gettext as _

from partenaria.conventions.models import Convention
from partenaria.core.templatetags.partenaria import longdate
from partenaria.documents.blocks import DocumentSpec, Heading, Paragraph
from partenaria.documents.builders import DocumentBuilder, register

from .models import ProgressReport
from .sections import ReportContext, sections


def report_blocks(report: ProgressReport) -> list:
    """Everything the report says, as blocks: the page shows them, the DOCX and the PDF print them."""
    convention = report.convention
    context = ReportContext(convention=convention, partnership=convention.partnership, year=report.year)
    blocks: list = []
    if report.foreword:
        blocks.append(Paragraph(report.foreword))
    for section in sections():
        blocks.append(Heading(str(section.title)))
        blocks.extend(
            section.build(context) or [Paragraph(_("Nothing to report for this year."), emphasis=True)]
        )
    return blocks


class ProgressReportBuilder(DocumentBuilder):
    kind = "progress_report"

    @property
    def label(self) -> str:
        return _("Progress report")

    def targets(self, user):
        return ProgressReport.objects.filter(
            convention__in=Convention.objects.visible_to(user).values("pk")
        ).select_related("convention__partnership")

    def partnership(self, target):
        return target.convention.partnership

    def organisations(self, target):
        return [party.organisation for party in target.convention.parties.select_related("organisation")]

    def title(self, target) -> str:
        return _("Progress report %(year)s") % {"year": target.year}

    def can_generate(self, user, target) -> bool:
        # A report sent to the partners is kept with the versions that were sent.
        return target.sent_on is None and super().can_generate(user, target)

    def build(self, target, logos) -> DocumentSpec:
        convention = target.convention
        spec = DocumentSpec(
            title=self.title(target),
            subtitle=convention.title,
            reference=" – ".join(
                part
                for part in (convention.reference, _("Progress report %(year)s") % {"year": target.year})
                if part
            ),
            logos=logos,
        )
        spec.add(
            Paragraph(
                _("Drawn up on %(date)s.") % {"date": longdate(target.updated_at.date())}, emphasis=True
            )
        )
        spec.add(*report_blocks(target))
        return spec


PROGRESS_REPORT = register(ProgressReportBuilder())
