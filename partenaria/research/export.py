"""The pseudonymised export of a partnership's research (trust 17, RS1-RS4, DP2).

Research on children and families leaves the product only pseudonymised: every person is replaced by
a stable pseudonym, « Personne 3F9A2C », the keyed HMAC of the person's id with a key derived from
``SECRET_KEY`` and the partnership, so that the same person carries the same pseudonym in every sheet
and every export of that partnership, and no pseudonym can be linked across partnerships or computed
without the key. In the free texts (question, methodology, synthesis, review comments...) the names
and e-mail addresses of the partnership's people are replaced by their pseudonyms, and any other
e-mail address is removed.
"""

import hashlib
import hmac
import re

from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from partenaria.core import audit
from partenaria.core.journal import record_access
from partenaria.organisations.models import Person

from .models import Deliverable, FunderApplication, MethodTarget, ResearchProject, TeamMember

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", re.UNICODE)
# Shorter strings (« Le », « Roy ») would also match ordinary words.
SHORTEST_NAME = 4


class Pseudonyms:
    """The pseudonyms of one partnership's export, and the scrubbing of its free texts."""

    def __init__(self, partnership, people):
        self.key = salted_hmac("partenaria.research.export", str(partnership.pk), algorithm="sha256").digest()
        self.people = list(people)
        needles: dict[str, str] = {}
        for person in self.people:
            alias = self.of(person)
            first, last = person.first_name.strip(), person.last_name.strip()
            for needle in (f"{first} {last}", f"{last} {first}", person.email.strip(), last):
                if len(needle.strip()) >= SHORTEST_NAME:
                    needles.setdefault(needle.lower(), alias)
        self.needles = needles
        ordered = sorted(needles, key=len, reverse=True)
        self.pattern = (
            re.compile("|".join(re.escape(n) for n in ordered), re.IGNORECASE | re.UNICODE)
            if ordered
            else None
        )

    def of(self, person) -> str:
        digest = hmac.new(self.key, str(person.pk).encode(), hashlib.sha256).hexdigest()
        return _("Person %(code)s") % {"code": digest[:6].upper()}

    def scrub(self, text: str) -> str:
        if not text:
            return text
        if self.pattern is not None:
            text = self.pattern.sub(lambda m: self.needles[m.group(0).lower()], text)
        return EMAIL.sub(_("[address removed]"), text)


def sheets(partnership) -> list[tuple[str, list[str], list[list]]]:
    """The sheets of the export: projects, team, methodology targets, deliverables, funders."""
    projects = list(
        ResearchProject.objects.filter(partnership=partnership)
        .select_related("convention")
        .order_by("title", "pk")
    )
    team = list(
        TeamMember.objects.filter(project__in=projects)
        .select_related("project", "person__organisation")
        .order_by("project__title", "pk")
    )
    organisations = partnership.organisations.values("pk")
    people = Person.objects.filter(organisation__in=organisations) | Person.objects.filter(
        pk__in=[m.person_id for m in team]
    )
    alias = Pseudonyms(partnership, people.distinct().order_by("pk"))
    s = alias.scrub
    rows_projects = [
        [
            p.pk,
            s(p.title),
            p.get_status_display(),
            p.started_on,
            p.ended_on,
            s(p.convention.title) if p.convention else "",
            s(p.question),
            s(p.description),
            s(p.methodology),
            s(p.stakeholders),
            s(p.synthesis),
            _("yes") if p.concerns_children else _("no"),
            p.dpia_reference,
        ]
        for p in projects
    ]
    rows_team = [[m.project_id, alias.of(m.person), m.person.organisation.name, s(m.role)] for m in team]
    rows_targets = [
        [t.project_id, s(t.category), t.planned_min, t.planned_max, t.done]
        for t in MethodTarget.objects.filter(project__in=projects).order_by("project_id", "position", "pk")
    ]
    rows_deliverables = [
        [
            d.project_id,
            d.get_kind_display(),
            s(d.title),
            d.due_date,
            d.responsible.name,
            d.get_status_display(),
            d.submitted_on,
            d.reviewed_on,
            s(d.review_comment),
        ]
        for d in Deliverable.objects.filter(project__in=projects)
        .select_related("responsible")
        .order_by("project_id", "due_date", "pk")
    ]
    rows_funders = [
        [
            f.project_id,
            s(f.funder),
            f.get_status_display(),
            f.amount_asked,
            f.amount_granted,
            f.applied_on,
            f.decided_on,
            s(f.note),
        ]
        for f in FunderApplication.objects.filter(project__in=projects).order_by("project_id", "pk")
    ]
    project = _("Project no.")
    return [
        (
            _("Projects"),
            [
                project,
                _("Title"),
                _("Stage"),
                _("Start"),
                _("End"),
                _("Convention"),
                _("Research question"),
                _("Description"),
                _("Methodology"),
                _("Stakeholders"),
                _("Synthesis"),
                _("Concerns children or families"),
                _("DPIA reference"),
            ],
            rows_projects,
        ),
        (
            _("Team"),
            [project, _("Person (pseudonym)"), _("Organisation"), _("Role in the project")],
            rows_team,
        ),
        (
            _("Methodology targets"),
            [project, _("Category"), _("Planned (minimum)"), _("Planned (maximum)"), _("Done so far")],
            rows_targets,
        ),
        (
            _("Deliverables"),
            [
                project,
                _("Kind"),
                _("Title"),
                _("Due date"),
                _("Responsible party"),
                _("Status"),
                _("Submitted on"),
                _("Reviewed on"),
                _("Review comment"),
            ],
            rows_deliverables,
        ),
        (
            _("Funders"),
            [
                project,
                _("Funder"),
                _("Status"),
                _("Amount asked"),
                _("Amount granted"),
                _("Applied on"),
                _("Decided on"),
                _("Note"),
            ],
            rows_funders,
        ),
    ]


def research_export(*, by, partnership) -> bytes:
    """The partnership's research as a pseudonymised XLSX (trust 17): audited, and each project's
    download written to the access journal (DP3)."""
    from partenaria.core.spreadsheets import workbook

    content = workbook(sheets(partnership))
    projects = list(ResearchProject.objects.filter(partnership=partnership).order_by("pk"))
    with transaction.atomic(durable=True):
        audit.log_action(
            actor=by,
            action="research.exported",
            target=partnership,
            changes={"projects": len(projects), "pseudonymised": True},
        )
        for project in projects:
            record_access(by, project, "export")
    return content
