"""Reading conventions, partnerships and organisations: only the user's partnerships (item 9, trust 2-3)."""

import datetime

import pytest

from partenaria.conventions.models import Article, NoticeForm, PartnershipMember
from partenaria.conventions.statuses import Status
from partenaria.organisations.models import Role
from tests.factories import (
    ArticleFactory,
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    UnitFactory,
    UserFactory,
    officer_of,
)
from tests.internships.factories import world_b_internships

from .conftest import bearer, fr

pytestmark = pytest.mark.django_db


def test_a_convention_carries_its_computed_dates(client, db):
    """The Haut-Rhin kind: 3 years from 1 January 2022, tacit renewal, 4 months' notice by registered letter."""
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    partnership = PartnershipFactory(members=[dept, school])
    convention = ConventionFactory(
        partnership=partnership,
        tacit_renewal_4_months=True,
        start_date=datetime.date(2022, 1, 1),
        reference="CP-2021-12-3",
    )
    article = ArticleFactory(convention=convention, title="Objet")
    response = client.get(f"/api/v1/conventions/{convention.pk}", headers=bearer(officer_of(school)))
    assert response.status_code == 200
    data = response.json()
    schedule = convention.schedule()
    assert data["start_date"] == "2022-01-01"
    assert data["end_date"] == schedule.current.end.isoformat()
    assert data["notice_deadline"] == schedule.notice_deadline.isoformat()
    # Renewed for the same period each time: the current term ends on a 31 December, notice by 31 August.
    assert data["end_date"].endswith("-12-31") and data["notice_deadline"].endswith("-08-31")
    assert data | {"articles": None} == data | {
        "id": convention.pk,
        "title": convention.title,
        "kind": "framework",
        "status": "active",
        "partnership": partnership.pk,
        "parent": None,
        "parties": [dept.name, school.name],
        "party_ids": [dept.pk, school.pk],
        "term_months": 36,
        "tacit_renewal": True,
        "notice_months": 4,
        "notice_form": NoticeForm.REGISTERED_LETTER,
        "reference": "CP-2021-12-3",
        "articles": None,
    }
    assert [a["id"] for a in data["articles"]] == [article.pk]


def test_an_amendment_names_its_parent(client, db):
    parent = ConventionFactory()
    amendment = ConventionFactory(
        partnership=parent.partnership, kind="amendment", parent=parent, status=Status.DRAFT
    )
    officer = officer_of(parent.partnership.members.first().organisation)
    listed = client.get("/api/v1/conventions/", headers=bearer(officer)).json()
    assert {c["id"]: c["parent"] for c in listed["items"]} == {parent.pk: None, amendment.pk: parent.pk}


def test_list_filters_by_status_and_partnership(client, db):
    dept = OrganisationFactory()
    first = PartnershipFactory(members=[dept, OrganisationFactory()])
    second = PartnershipFactory(members=[dept, OrganisationFactory()])
    active = ConventionFactory(partnership=first)
    draft = ConventionFactory(partnership=first, draft=True)
    other = ConventionFactory(partnership=second)
    headers = bearer(officer_of(dept))

    def ids(**params):
        return {c["id"] for c in client.get("/api/v1/conventions/", params, headers=headers).json()["items"]}

    assert ids() == {active.pk, draft.pk, other.pk}
    assert ids(status="draft") == {draft.pk}
    assert ids(partnership=first.pk) == {active.pk, draft.pk}
    assert ids(partnership=second.pk, status="active") == {other.pk}


def test_list_is_paginated(client, db):
    partnership = PartnershipFactory()
    conventions = ConventionFactory.create_batch(5, partnership=partnership)
    headers = bearer(officer_of(partnership.members.first().organisation))
    page = client.get("/api/v1/conventions/", {"limit": 2, "offset": 2}, headers=headers).json()
    assert page["count"] == 5
    assert [c["id"] for c in page["items"]] == [c.pk for c in conventions[2:4]]
    too_big = client.get("/api/v1/conventions/", {"limit": 10_000}, headers=headers)
    assert too_big.status_code == 400
    assert too_big.json()["errors"]["limit"] == [
        fr("Ensure this value is less than or equal to %(limit_value)s.", limit_value=100)
    ]


@pytest.mark.parametrize("rows", [3, 30])
def test_listing_costs_the_same_number_of_queries_whatever_the_rows(
    client, db, rows, django_assert_max_num_queries
):
    partnership = PartnershipFactory()
    ConventionFactory.create_batch(rows, partnership=partnership, tacit_renewal_4_months=True)
    headers = bearer(officer_of(partnership.members.first().organisation))
    client.get("/api/v1/organisations/", headers=headers)  # the token's last use is now written
    # Token, count, page, parties, denunciations.
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/conventions/?limit=100", headers=headers)
    assert len(response.json()["items"]) == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_partnership_list_queries_are_flat(client, db, rows, django_assert_max_num_queries):
    dept = OrganisationFactory()
    for _ in range(rows):
        ConventionFactory(partnership=PartnershipFactory(members=[dept, OrganisationFactory()]))
    headers = bearer(officer_of(dept))
    client.get("/api/v1/organisations/", headers=headers)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/partnerships/", headers=headers)
    assert response.json()["count"] == rows


def test_partnerships_show_members_and_conventions(api_a, two_partnerships):
    a = two_partnerships["a"]
    PartnershipMember.objects.filter(organisation=a["orgs"][1]).update(status="pending")
    data = api_a.get(f"/partnerships/{a['partnership'].pk}").json()
    assert data["title"] == "Partenariat A"
    assert data["conventions"] == [a["convention"].pk]
    assert sorted(data["members"], key=lambda m: m["organisation"]) == sorted(
        [
            {"organisation": a["orgs"][0].pk, "name": a["orgs"][0].name, "status": "confirmed"},
            {"organisation": a["orgs"][1].pk, "name": a["orgs"][1].name, "status": "pending"},
        ],
        key=lambda m: m["organisation"],
    )


def test_organisations_are_the_users_and_their_partners(client, two_partnerships):
    a = two_partnerships["a"]
    outsider_of_partnerships = OrganisationFactory()
    # The officer also belongs to an organisation without any partnership: it is listed too.
    officer = a["officer"]
    officer.memberships.create(organisation=outsider_of_partnerships, role=Role.VIEWER)
    data = client.get("/api/v1/organisations/", headers=bearer(officer)).json()
    assert {o["id"] for o in data["items"]} == {o.pk for o in a["orgs"]} | {outsider_of_partnerships.pk}
    one = client.get(f"/api/v1/organisations/{a['orgs'][1].pk}", headers=bearer(officer)).json()
    assert set(one) == {"id", "name", "short_name", "kind", "siret", "city", "country"}


def test_a_superuser_sees_every_organisation(client, two_partnerships):
    admin = UserFactory(is_superuser=True, is_staff=True)
    data = client.get("/api/v1/organisations/", headers=bearer(admin)).json()
    assert data["count"] == 4


def test_a_student_does_not_see_the_partnerships_of_their_school(client, two_partnerships):
    school = two_partnerships["a"]["orgs"][1]
    student = officer_of(school, role=Role.STUDENT)
    headers = bearer(student)
    assert client.get("/api/v1/conventions/", headers=headers).json()["count"] == 0
    assert client.get("/api/v1/partnerships/", headers=headers).json()["count"] == 0
    convention = two_partnerships["a"]["convention"]
    assert client.get(f"/api/v1/conventions/{convention.pk}", headers=headers).status_code == 404


# --- Cross-tenant: A's token on B's ids ----------------------------------------------------------


def test_a_gets_404_on_every_id_of_b(client, api_a, two_partnerships):
    """Every path of the schema that takes an id, with each of B's ids: 404, no canary.

    A new path with an id fails here until it says which of B's objects to aim at.
    """
    b = two_partnerships["b"]
    ArticleFactory(convention=b["convention"], title="Article CANARY-B")
    dept, school = b["orgs"]
    stages = world_b_internships(
        partnership=b["partnership"],
        host=dept,
        school=school,
        unit=UnitFactory(organisation=dept),
        canary="CANARY-B",
    )
    b_ids = {
        "convention_id": [b["convention"].pk],
        "partnership_id": [b["partnership"].pk],
        "organisation_id": [organisation.pk for organisation in b["orgs"]],
        "site_id": [stages.site.pk],
        "offer_id": [stages.offer.pk],
        "placement_id": [stages.placement.pk],
    }
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    tried = 0
    for template, operations in paths.items():
        params = [
            p["name"] for op in operations.values() for p in op.get("parameters", []) if p["in"] == "path"
        ]
        for name in set(params):
            assert name in b_ids, f"{template}: say which of B's objects {name} aims at"
            for pk in b_ids[name]:
                path = template.removeprefix("/api/v1").replace("{" + name + "}", str(pk))
                response = api_a.get(path)
                assert response.status_code == 404, path
                assert "CANARY-B" not in response.content.decode()
                tried += 1
    assert tried == 8


def test_b_never_appears_in_a_lists(api_a, two_partnerships):
    b = two_partnerships["b"]
    b["orgs"][0].name = "Département CANARY-B"
    b["orgs"][0].save()
    for path in ["/conventions/", "/partnerships/", "/organisations/"]:
        response = api_a.get(path)
        assert response.status_code == 200
        body = response.content.decode()
        assert "CANARY-B" not in body, path
        assert response.json()["count"] >= 1  # A's own rows are there: the check can fail
    # Filtering on B's partnership gives nothing rather than B's conventions.
    assert api_a.get("/conventions/", partnership=b["partnership"].pk).json()["count"] == 0


def test_unknown_ids_are_404_and_non_numeric_ids_400(api_a):
    assert api_a.get("/conventions/999999").status_code == 404
    response = api_a.get("/conventions/abc")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_articles_are_not_counted_twice(api_a, two_partnerships):
    convention = two_partnerships["a"]["convention"]
    ArticleFactory.create_batch(3, convention=convention)
    assert (
        len(api_a.get(f"/conventions/{convention.pk}").json()["articles"])
        == Article.objects.filter(convention=convention).count()
    )


def test_a_page_holds_25_conventions_unless_more_are_asked(client, db):
    partnership = PartnershipFactory()
    ConventionFactory.create_batch(27, partnership=partnership)
    headers = bearer(officer_of(partnership.members.first().organisation))
    body = client.get("/api/v1/conventions/", headers=headers).json()
    assert (body["count"], len(body["items"])) == (27, 25)
    assert len(client.get("/api/v1/conventions/?limit=100", headers=headers).json()["items"]) == 27
    assert client.get("/api/v1/conventions/?limit=101", headers=headers).status_code == 400
