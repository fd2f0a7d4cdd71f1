"""Internships in the API, read as two tenants (IN2-IN8, DP1, trust 2-3)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partenaria.organisations.models import Role
from tests.factories import MembershipFactory, UnitFactory, UserFactory
from tests.internships.factories import (
    START,
    HostSiteFactory,
    OfferFactory,
    StudentFactory,
    TutorFactory,
    internship_world,
    place,
)

from .conftest import bearer

pytestmark = pytest.mark.django_db

CANARY = "CANARY-B"
LISTS = ["/internships/sites", "/internships/offers", "/internships/placements", "/internships/agreements"]


@pytest.fixture
def tenants():
    """A: a school placing two ASS students at a Département (one long and gratified, one short).
    B: another pair whose post, site and student carry the canary."""
    a = internship_world(headcount=100)
    a.long = place(a, weeks=12)
    a.short = place(a, weeks=4, tutor=TutorFactory(site=a.site))
    b = internship_world(headcount=100)
    b.site.unit.name = f"Site {CANARY}"
    b.site.unit.save()
    b.offer.post = f"Poste {CANARY}"
    b.offer.save()
    b.placement = place(b, weeks=12, student=StudentFactory(school=b.campaign.school, last_name=CANARY))
    return a, b


def get(client, user, path, **params):
    return client.get(f"/api/v1{path}", params, headers=bearer(user))


def test_an_agreement_gives_its_hours_and_monthly_gratification_as_decimal_strings(client, tenants):
    a, _b = tenants
    response = get(client, a.school_officer, f"/internships/agreements/{a.long.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["effective_hours"] == "420.00"
    assert (data["effective_days"], data["effective_months"]) == ("60.00", "2.73")
    assert data["gratification_due"] is True
    assert data["hourly_rate"] == "4.50"
    assert data["monthly_amounts"] == [
        {"month": "2026-10", "hours": "140.00", "amount": "630.00"},
        {"month": "2026-11", "hours": "147.00", "amount": "661.50"},
        {"month": "2026-12", "hours": "133.00", "amount": "598.50"},
    ]
    assert data["gratification_total"] == "1890.00"
    assert sum(Decimal(m["amount"]) for m in data["monthly_amounts"]) == Decimal(data["gratification_total"])
    assert data["periods"] == [{"start": "2026-10-05", "end": "2026-12-25", "weekly_hours": "35.00"}]
    short = get(client, a.school_officer, f"/internships/agreements/{a.short.pk}").json()
    assert (short["gratification_due"], short["monthly_amounts"], short["gratification_total"]) == (
        False,
        [],
        "0.00",
    )


def test_each_list_shows_only_the_token_users_data(client, tenants):
    a, _b = tenants
    for path in LISTS:
        response = get(client, a.host_hr, path)
        assert response.status_code == 200, path
        assert CANARY not in response.content.decode(), path
        assert response.json()["count"] >= 1, path
    placements = get(client, a.host_hr, "/internships/placements").json()["items"]
    assert {p["id"] for p in placements} == {a.long.pk, a.short.pk}
    sites = get(client, a.host_hr, "/internships/sites").json()["items"]
    assert [(s["id"], s["diplomas"]) for s in sites] == [(a.site.pk, ["ASS"])]


def test_another_tenants_ids_answer_404(client, tenants):
    a, b = tenants
    for path in [
        f"/internships/sites/{b.site.pk}",
        f"/internships/offers/{b.offer.pk}",
        f"/internships/placements/{b.placement.pk}",
        f"/internships/agreements/{b.placement.pk}",
    ]:
        response = get(client, a.school_officer, path)
        assert response.status_code == 404, path
        assert CANARY not in response.content.decode()


def test_a_student_reads_only_their_own_placement_and_agreement(client, tenants):
    a, _b = tenants
    student = UserFactory()
    MembershipFactory(user=student, organisation=a.campaign.school, role=Role.STUDENT)
    a.long.student.user = student
    a.long.student.save()
    placements = get(client, student, "/internships/placements").json()["items"]
    assert [p["id"] for p in placements] == [a.long.pk]
    agreements = get(client, student, "/internships/agreements").json()["items"]
    assert [p["id"] for p in agreements] == [a.long.pk]
    assert get(client, student, f"/internships/agreements/{a.short.pk}").status_code == 404
    assert get(client, student, "/internships/offers").json()["count"] == 0


def test_lists_filter_by_school_year(client, tenants):
    a, _b = tenants
    assert get(client, a.school_officer, "/internships/agreements", school_year=2025).json()["count"] == 0
    assert get(client, a.school_officer, "/internships/agreements", school_year=2026).json()["count"] == 2
    assert get(client, a.school_officer, "/internships/offers", school_year=1999).status_code == 400


def test_anonymous_calls_are_refused(client):
    for path in LISTS:
        assert client.get(f"/api/v1{path}").status_code == 401


@pytest.mark.parametrize("path", LISTS)
def test_lists_cost_the_same_number_of_queries_whatever_the_rows(client, path):
    world = internship_world(headcount=1000)
    place(world, weeks=12)
    headers = bearer(world.school_officer)
    client.get("/api/v1/organisations/", headers=headers)  # the token's last use is now written

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1{path}", headers=headers)
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    small, rows = count()
    for week in range(10):
        place(
            world,
            weeks=10,
            start=START + datetime.timedelta(weeks=week % 3),
            tutor=TutorFactory(site=world.site),
        )

    for _ in range(3):
        site = HostSiteFactory(unit=UnitFactory(organisation=world.campaign.host))
        OfferFactory(campaign=world.campaign, site=site)
    large, more = count()
    assert more > rows
    # Token, count, page; the diplomas of the sites; the periods, changes and students' hours of the
    # agreements.
    assert large == small <= 6
