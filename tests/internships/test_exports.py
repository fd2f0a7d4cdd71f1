"""XLSX exports of the internships: placements, monthly gratifications, statistics (IN7, IN8, trust 3)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partenaria.internships import selectors
from partenaria.internships.models import Placement
from partenaria.organisations.models import Role
from tests.factories import MembershipFactory, UserFactory

from .factories import START, StudentFactory, TutorFactory, internship_world, place

pytestmark = pytest.mark.django_db

CANARY = "CANARY-B"
EXPORTS = [
    "internships:export_placements",
    "internships:export_gratifications",
    "internships:export_statistics",
]


def cells(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def two_hosts():
    """Tenant A: a school placing four ASS students, three of them long and gratified. Tenant B: another
    school and host, whose student and site carry the canary."""
    a = internship_world(headcount=100)
    for _ in range(3):
        place(a, weeks=12)  # 420 h: long, gratified
    place(a, weeks=4, tutor=TutorFactory(site=a.site))  # 140 h
    b = internship_world(headcount=100)
    b.site.unit.name = f"Site {CANARY}"
    b.site.unit.save()
    place(b, weeks=12, student=StudentFactory(school=b.campaign.school, last_name=CANARY))
    return a, b


def test_no_export_shows_another_tenants_placements(client, two_hosts):
    a, _b = two_hosts
    client.force_login(a.school_officer)
    for name in EXPORTS:
        rows = cells(client.get(reverse(name)))
        assert len(rows) > 1, name
        assert not any(CANARY in str(value) for row in rows for value in row), name


def test_the_placements_export_gives_hours_and_gratification(client, two_hosts):
    a, _b = two_hosts
    client.force_login(a.host_hr)
    header, *rows = cells(client.get(reverse("internships:export_placements")))
    assert header[:3] == ["Année de formation", "Établissement", "Organisme d'accueil"]
    assert len(rows) == 4
    assert sorted((row[10], row[11], row[12]) for row in rows) == [
        (140, "non", 0),
        (420, "oui", 1890),
        (420, "oui", 1890),
        (420, "oui", 1890),
    ]


def test_the_monthly_gratifications_add_up_to_each_placements_total(client, two_hosts):
    a, _b = two_hosts
    client.force_login(a.school_officer)
    _header, *rows = cells(client.get(reverse("internships:export_gratifications")))
    by_student: dict[str, Decimal] = {}
    for row in rows:
        by_student[row[3]] = by_student.get(row[3], Decimal(0)) + Decimal(str(row[7]))
    assert sorted(by_student.values()) == [Decimal("1890.00")] * 3
    assert {row[4] for row in rows} == {"2026-10", "2026-11", "2026-12"}
    for placement in Placement.objects.filter(campaign=a.campaign):
        assert selectors.placement_gratification(placement).total == by_student.get(str(placement.student), 0)


def test_the_statistics_count_long_and_gratified_internships_per_year_host_and_diploma(client, two_hosts):
    a, _b = two_hosts
    client.force_login(a.school_officer)
    header, *rows = cells(client.get(reverse("internships:export_statistics")))
    assert header == [
        "Année de formation",
        "Organisme d'accueil",
        "Diplôme",
        "Stages",
        "Stages longs",
        "Gratifiés",
        "Heures de présence",
    ]
    assert rows == [["2026-2027", a.campaign.host.name, "ASS", 4, 3, 3, 1400]]


def test_a_student_exports_only_their_own_placement(client, two_hosts):
    a, _b = two_hosts
    own = Placement.objects.filter(campaign=a.campaign).first()
    user = UserFactory()
    MembershipFactory(user=user, organisation=a.campaign.school, role=Role.STUDENT)
    own.student.user = user
    own.student.save()
    client.force_login(user)
    _header, *rows = cells(client.get(reverse("internships:export_placements")))
    assert [row[4] for row in rows] == [str(own.student)]


def test_the_school_year_filter_of_the_list_applies_to_the_export(client, two_hosts):
    a, _b = two_hosts
    client.force_login(a.school_officer)
    _header, *rows = cells(client.get(reverse("internships:export_placements") + "?annee=2025"))
    assert rows == []


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_cost_the_same_number_of_queries_whatever_the_placements(client, name):
    world = internship_world(headcount=1000)
    client.force_login(world.school_officer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    place(world, weeks=12)
    small = count()
    for week in range(12):
        tutor = TutorFactory(site=world.site)
        place(world, weeks=10, start=START + datetime.timedelta(weeks=week % 3), tutor=tutor)
    assert count() == small
