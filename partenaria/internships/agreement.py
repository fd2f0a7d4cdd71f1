"""The tripartite internship agreement as a generated document (IN7, Code de l'éducation D124-4).

Every mandatory item of D124-4 has its article, filled from the placement: the training and its
hours, the school referent and the host tutor, the competences (with the blocks that cannot be
worked on site), the activities, the dates and the total in hours of effective presence, the
weekly hours, the supervision, the gratification, social protection, absences, suspension and
termination, validation, benefits, internal rules and the certificate. No figure is computed here:
hours come from ``hours.py`` through the placement, gratification from ``selectors``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.core.templatetags.partenaria import longdate, money
from partenaria.documents.blocks import (
    BulletList,
    DocumentSpec,
    Heading,
    Logo,
    Paragraph,
    Signatory,
    SignatureBlock,
    Table,
)
from partenaria.documents.builders import DocumentBuilder, register

from . import hours, selectors
from .models import Placement
from .permissions import can_place

BLANK = "……"


def _hours(value) -> str:
    """140.00 -> « 140 », 786.80 -> « 786,8 »."""
    if value is None:
        return BLANK
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


class PlacementDocumentBuilder(DocumentBuilder):
    """What the documents of one placement share: the placements the user sees, the partnership of
    their campaign, and who may generate them (the school's placement office and the host's HR)."""

    def targets(self, user):
        return Placement.objects.visible_to(user).select_related(
            "student__diploma",
            "campaign__school",
            "campaign__host",
            "campaign__partnership",
            "site__unit",
            "host",
            "tutor__person",
            "tutor__qualification",
            "school_referent",
            "offer__diploma",
        )

    def partnership(self, target):
        return target.campaign.partnership

    def can_generate(self, user, target):
        return can_place(user, target.campaign)


class InternshipAgreementBuilder(PlacementDocumentBuilder):
    kind = "internship_agreement"
    label = gettext_lazy("Internship agreement")

    def organisations(self, target):
        return [target.campaign.school, target.campaign.host]

    def title(self, target):
        return _("Internship agreement – %(student)s") % {"student": target.student}

    def build(self, target: Placement, logos: list[Logo]) -> DocumentSpec:
        p = target
        school, host = p.campaign.school, p.campaign.host
        days, months = hours.as_days_and_months(p.total_hours)
        gratification = selectors.placement_gratification(p)
        accepted = p.site.diplomas.filter(diploma=p.student.diploma).first()
        uncovered = accepted.uncovered_blocks() if accepted else []
        covered = [b for b in p.student.diploma.blocks.all() if b not in uncovered]
        spec = DocumentSpec(
            title=_("Internship agreement"),
            subtitle=f"{p.student} · {p.student.diploma.code} · {p.campaign.school_year_label}",
            reference=_("Internship agreement no. %(pk)s – %(school)s / %(host)s")
            % {"pk": p.pk, "school": school.display_name, "host": host.display_name},
            logos=logos,
        )
        spec.add(
            Heading(_("Between the undersigned")),
            Paragraph(
                _("The school: %(name)s, represented by its director.") % {"name": school.name}, strong=True
            ),
            Paragraph(_("The host: %(name)s, %(site)s.") % {"name": host.name, "site": p.site}, strong=True),
            Paragraph(
                _("The intern: %(student)s, %(email)s, student in year %(year)s of the %(diploma)s.")
                % {
                    "student": p.student,
                    "email": p.student.email,
                    "year": p.student.training_year,
                    "diploma": p.student.diploma.name,
                },
                strong=True,
            ),
            Heading(_("Article 1 – Training and practical-training hours")),
            Paragraph(
                _(
                    "The internship is part of the %(diploma)s, whose practical training lasts %(hours)s hours."
                )
                % {"diploma": p.student.diploma.name, "hours": p.student.diploma.practical_hours or BLANK}
            ),
            Heading(_("Article 2 – School referent and host tutor")),
            Paragraph(_("School referent: %(name)s.") % {"name": p.school_referent or BLANK}),
            Paragraph(
                _("Host tutor: %(name)s, %(job)s, holding the %(diploma)s.")
                % {
                    "name": p.tutor.person,
                    "job": p.tutor.person.job_title or BLANK,
                    "diploma": p.tutor.qualification.code,
                }
            ),
            Heading(_("Article 3 – Competences to acquire or develop")),
            BulletList(tuple(str(b) for b in covered) or (BLANK,)),
        )
        if uncovered:
            spec.add(
                BulletList(
                    tuple(str(b) for b in uncovered),
                    title=_("Blocks that cannot be worked on this site (the school provides for them):"),
                )
            )
        spec.add(
            Heading(_("Article 4 – Activities")),
            Paragraph(p.activities or p.offer.post),
            Heading(_("Article 5 – Dates and duration")),
            Paragraph(
                _(
                    "From %(start)s to %(end)s: %(hours)s hours of effective presence, that is %(days)s days or %(months)s months (7 hours a day, 22 days a month)."
                )
                % {
                    "start": longdate(p.start_date),
                    "end": longdate(p.end_date),
                    "hours": _hours(p.total_hours),
                    "days": _hours(days),
                    "months": _hours(months),
                }
            ),
            Table(
                headers=(_("From"), _("To"), _("Weekly hours")),
                rows=tuple(
                    (longdate(x.start), longdate(x.end), _hours(x.weekly_hours)) for x in p.periods.all()
                ),
                numeric_columns=(2,),
            ),
            Heading(_("Article 6 – Working time, nights, Sundays and public holidays")),
            Paragraph(
                _(
                    "The intern follows the working hours of the service, at most 48 hours a week. No presence at night, on Sundays or on public holidays unless stated here: %(blank)s."
                )
                % {"blank": BLANK}
            ),
            Heading(_("Article 7 – Supervision")),
            Paragraph(
                _(
                    "The tutor welcomes and supervises the intern; the school referent follows the internship, visits the site and takes part in the evaluation. A tutor supervises at most three interns at once."
                )
            ),
            Heading(_("Article 8 – Gratification and payment")),
        )
        if gratification.due:
            spec.add(
                Paragraph(
                    _(
                        "The internships of the intern in the host this school year exceed two months (%(hours)s hours): a gratification of %(rate)s per hour of presence is paid monthly, from the first day."
                    )
                    % {"hours": _hours(gratification.student_hours), "rate": money(gratification.rate)}
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
                        "The internships of the intern in the host this school year do not exceed two months (%(hours)s hours): no gratification is due."
                    )
                    % {"hours": _hours(gratification.student_hours)}
                )
            )
        spec.add(
            Heading(_("Article 9 – Social protection and work accidents")),
            Paragraph(
                _(
                    "The intern keeps their student social protection; a work accident is declared by the host to the school, which declares it to the health insurance."
                )
            ),
            Heading(_("Article 10 – Authorised absences")),
            Paragraph(
                _(
                    "Absences for examinations, the school's sessions and the leave set by law are authorised; the host tells the school of any other absence."
                )
            ),
            Heading(_("Article 11 – Suspension and termination")),
            Paragraph(
                _(
                    "The internship may be suspended or ended early by amendment signed by the three parties; the hours and the gratification follow."
                )
            ),
            Heading(_("Article 12 – Validation if interrupted")),
            Paragraph(
                _(
                    "If the internship is interrupted, the school decides on its validation or on an alternative way to validate the training."
                )
            ),
            Heading(_("Article 13 – Benefits")),
            Paragraph(
                _(
                    "The intern has access to the staff restaurant and to the reimbursement of public transport under the same conditions as the host's agents."
                )
            ),
            Heading(_("Article 14 – Internal rules")),
            Paragraph(
                _(
                    "The intern follows the host's internal rules, of which they receive a copy, and is bound by professional secrecy."
                )
            ),
            Heading(_("Article 15 – Internship certificate")),
            Paragraph(
                _(
                    "At the end of the internship the host issues a certificate stating its actual duration and, where due, the total gratification paid."
                )
            ),
            SignatureBlock(
                statement=_("Made in three originals."),
                signatories=(
                    Signatory(on_behalf_of=_("For %(name)s,") % {"name": school.name}, lines=(), name=""),
                    Signatory(on_behalf_of=_("For %(name)s,") % {"name": host.name}, lines=(), name=""),
                    Signatory(on_behalf_of=_("The intern,"), lines=(), name=str(p.student)),
                ),
            ),
        )
        return spec


register(InternshipAgreementBuilder())
