"""« Exporter (pseudonymisé) »: a partnership's research leaves the product pseudonymised (trust 17)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partenaria.core.models import AccessRecord, AuditEvent
from partenaria.organisations.models import Role
from partenaria.research.models import TeamMember
from tests.factories import PersonFactory, officer_of

from .factories import DeliverableFactory, FunderFactory, ProjectFactory, TargetFactory

pytestmark = pytest.mark.django_db

FIRST, LAST, EMAIL = "Zéphyrine", "Canarivolta", "zephyrine.canarivolta@ecole.example"
OTHER = "CANARY-AUTRE-PARTENARIAT"


@pytest.fixture
def world():
    """Two research projects of one partnership; Zéphyrine Canarivolta, of its school, is on both
    teams and named, with her address, in the free texts; another partnership's research."""
    first = ProjectFactory(
        question=f"Que disent les jeunes suivis par {FIRST} {LAST} ?",
        methodology=f"Entretiens menés par {LAST.upper()} ({EMAIL}); contact : autre@ailleurs.example",
    )
    partnership = first.partnership
    school = [m.organisation for m in partnership.members.order_by("pk")][-1]
    second = ProjectFactory(convention=first.convention, synthesis=f"Rapport relu par {LAST} {FIRST}.")
    canary = PersonFactory(organisation=school, first_name=FIRST, last_name=LAST, email=EMAIL)
    colleague = PersonFactory(organisation=school, first_name="Yves", last_name="Témoinsky")
    for project in (first, second):
        TeamMember.objects.create(project=project, person=canary, role=f"Enquêtrice, écrire à {EMAIL}")
    TeamMember.objects.create(project=first, person=colleague, role="Directeur")
    TargetFactory(project=first, category=f"Entretiens conduits par {LAST}")
    DeliverableFactory(project=first, review_comment=f"Merci {FIRST} {LAST}", responsible=school)
    FunderFactory(project=second, note=f"Dossier suivi par {EMAIL}")
    elsewhere = ProjectFactory(title=f"Recherche {OTHER}", question=OTHER)
    return partnership, school, canary, colleague, elsewhere


def _download(client, partnership):
    response = client.get(reverse("research:research_export_xlsx", args=[partnership.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="recherche-pseudonymisee-')
    return load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def _cells(book) -> list[str]:
    return [
        str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c
    ]


def test_the_export_names_no_one_and_keeps_one_pseudonym_per_person(client, world):
    partnership, school, *_ = world
    client.force_login(officer_of(school))

    book = _download(client, partnership)

    assert [s.title for s in book.worksheets] == [
        "Projets",
        "Équipe",
        "Cibles méthodologiques",
        "Livrables",
        "Financeurs",
    ]
    cells = _cells(book)
    text = "\n".join(cells).lower()
    for trace in (LAST, EMAIL, f"{FIRST} {LAST}", "autre@ailleurs.example", "Témoinsky"):
        assert trace.lower() not in text, trace
    team = list(book["Équipe"].iter_rows(min_row=2, values_only=True))
    pseudonyms = {row[1] for row in team if row[3].startswith("Enquêtrice")}
    assert len(pseudonyms) == 1  # the same person on both teams: one pseudonym
    alias = pseudonyms.pop()
    assert alias.startswith("Personne ") and len(alias) == len("Personne 3F9A2C")
    # The same pseudonym stands for her in the free texts of the other sheets.
    assert alias in str(book["Projets"]["G2"].value) + str(book["Projets"]["G3"].value)
    assert any(alias in str(row) for row in book["Livrables"].iter_rows(values_only=True))
    assert {row[1] for row in team if row[3] == "Directeur"} != {alias}


def test_the_same_person_keeps_her_pseudonym_from_one_export_to_the_next(client, world):
    partnership, school, *_ = world
    client.force_login(officer_of(school))
    first = [r[1] for r in _download(client, partnership)["Équipe"].iter_rows(min_row=2, values_only=True)]
    again = [r[1] for r in _download(client, partnership)["Équipe"].iter_rows(min_row=2, values_only=True)]
    assert first == again


def test_another_partnerships_research_never_appears_and_its_export_is_refused(client, world):
    partnership, school, _canary, _colleague, elsewhere = world
    client.force_login(officer_of(school))

    assert OTHER not in "\n".join(_cells(_download(client, partnership)))
    url = reverse("research:research_export_xlsx", args=[elsewhere.partnership.pk])
    assert client.get(url).status_code == 404


def test_the_export_is_audited_and_journaled(client, world):
    partnership, school, *_ = world
    reader = officer_of(school, role=Role.VIEWER)
    client.force_login(reader)

    _download(client, partnership)

    event = AuditEvent.objects.get(action="research.exported")
    assert event.actor == reader and event.changes == {"projects": 2, "pseudonymised": True}
    entries = AccessRecord.objects.filter(action="export", reader_id=reader.pk)
    assert entries.count() == 2


def test_a_student_cannot_export_the_research(client, world):
    partnership, school, *_ = world
    client.force_login(officer_of(school, role=Role.STUDENT))
    assert client.get(reverse("research:research_export_xlsx", args=[partnership.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="research.exported").exists()
