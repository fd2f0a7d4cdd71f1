"""The internship certificate (« attestation de stage ») as a generated document (IN7).

Code de l'éducation L124-1 and D124-9: at the end of the internship the host gives the intern a
certificate stating the effective total duration of the internship and, where due, the total amount
of gratification paid. It names the host and the intern and gives the dates. Hours come from
``hours.py`` through the placement (interruptions and an early end already taken off), the amounts
from ``selectors.placement_gratification``: nothing is computed here.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.core.templatetags.partenaria import longdate, money
from partenaria.documents.blocks import (
    DocumentSpec,
    Heading,
    Logo,
    Paragraph,
    Signatory,
    SignatureBlock,
    Table,
)
from partenaria.documents.builders import register

from . import hours, selectors
from .agreement import PlacementDocumentBuilder, _hours
from .models import Placement


class InternshipCertificateBuilder(PlacementDocumentBuilder):
    kind = "internship_certificate"
    label = gettext_lazy("Internship certificate")

    def organisations(self, target):
        # Issued by the host; the school's logo too, as on every document of the partnership.
        return [target.campaign.host, target.campaign.school]

    def title(self, target):
        return _("Internship certificate – %(student)s") % {"student": target.student}

    def build(self, target: Placement, logos: list[Logo]) -> DocumentSpec:
        p = target
        host, school = p.campaign.host, p.campaign.school
        days, months = hours.as_days_and_months(p.total_hours)
        gratification = selectors.placement_gratification(p)
        spec = DocumentSpec(
            title=_("Internship certificate"),
            subtitle=_("Code de l'éducation, articles L124-1 and D124-9"),
            reference=_("Internship certificate no. %(pk)s – %(host)s")
            % {"pk": p.pk, "host": host.display_name},
            logos=logos,
        )
        spec.add(
            Paragraph(
                _("%(host)s, host of the internship, certifies that:") % {"host": host.name}, strong=True
            ),
            Paragraph(
                _("%(student)s, student of %(school)s preparing the %(diploma)s,")
                % {"student": p.student, "school": school.name, "diploma": p.student.diploma.name}
            ),
            Paragraph(
                _("did an internship at %(site)s from %(start)s to %(end)s.")
                % {"site": p.site, "start": longdate(p.start_date), "end": longdate(p.end_date)}
            ),
            Heading(_("Effective duration of the internship")),
            Paragraph(
                _(
                    "%(hours)s hours of effective presence, that is %(days)s days or %(months)s months "
                    "(7 hours a day, 22 days a month; absences and interruptions deducted)."
                )
                % {"hours": _hours(p.total_hours), "days": _hours(days), "months": _hours(months)}
            ),
            Heading(_("Gratification")),
        )
        if gratification.due and gratification.months:
            spec.add(
                Paragraph(
                    _(
                        "Total amount of gratification paid to the intern: %(total)s, at %(rate)s per hour of presence."
                    )
                    % {"total": money(gratification.total), "rate": money(gratification.rate)},
                    strong=True,
                ),
                Table(
                    headers=(_("Month"), _("Hours"), _("Amount")),
                    rows=tuple(
                        (f"{m.month:02d}/{m.year}", _hours(m.hours), money(m.amount))
                        for m in gratification.months
                    ),
                    numeric_columns=(1, 2),
                ),
            )
        else:
            spec.add(
                Paragraph(
                    _(
                        "No gratification was due: the internships of the intern in the host this school year did not exceed two months of presence."
                    )
                )
            )
        spec.add(
            Paragraph(
                _(
                    "This certificate is given to the intern to be used as of right; it allows the internship "
                    "to be taken into account in the rights to retirement pension (Code de la sécurité sociale, L351-17)."
                ),
                emphasis=True,
            ),
            SignatureBlock(
                statement=_("Made on %(date)s.") % {"date": BLANK_DATE},
                signatories=(
                    Signatory(on_behalf_of=_("For %(name)s,") % {"name": host.name}, lines=(), name=""),
                ),
            ),
        )
        return spec


BLANK_DATE = "……"

register(InternshipCertificateBuilder())
