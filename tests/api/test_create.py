"""Creating a draft convention through the API, and what it refuses (item 11, trust 5 and 31)."""

import pytest

from partenaria.conventions.models import Convention, Partnership
from partenaria.conventions.statuses import Status
from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Role
from tests.factories import OrganisationFactory, PartnershipFactory, UserFactory, officer_of

from .conftest import bearer, fr

pytestmark = pytest.mark.django_db

URL = "/api/v1/conventions/"


def post(client, user, data):
    return client.post(URL, data, content_type="application/json", headers=bearer(user))


@pytest.fixture
def partners(db):
    """A Département and a school bound by a partnership; the Département's partnership officer."""
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    partnership = PartnershipFactory(members=[dept, school])
    return {"dept": dept, "school": school, "partnership": partnership, "officer": officer_of(dept)}


def payload(partners, **overrides):
    data = {
        "title": "Convention cadre 2026-2028",
        "partnership": partners["partnership"].pk,
        "parties": [partners["dept"].pk, partners["school"].pk],
        "start_date": "2026-01-01",
        "term_months": 36,
        "tacit_renewal": True,
        "notice_months": 4,
        "notice_form": "registered_letter",
    }
    return data | overrides


def test_an_officer_creates_a_draft_with_its_dates(client, partners):
    response = post(client, partners["officer"], payload(partners))
    assert response.status_code == 201, response.content
    data = response.json()
    convention = Convention.objects.get(pk=data["id"])
    assert convention.status == Status.DRAFT
    assert convention.partnership == partners["partnership"]
    assert [p.organisation for p in convention.parties.all()] == [partners["dept"], partners["school"]]
    assert data["status"] == "draft"
    assert data["end_date"] == "2028-12-31"
    assert data["notice_deadline"] == "2028-08-31"
    assert data["parties"] == [partners["dept"].name, partners["school"].name]
    assert AuditEvent.objects.filter(action="convention.created").count() == 1


def test_an_end_date_gives_the_term(client, partners):
    data = payload(partners, end_date="2028-12-31")
    del data["term_months"]
    response = post(client, partners["officer"], data)
    assert response.status_code == 201, response.content
    assert Convention.objects.get(pk=response.json()["id"]).term_months == 36


def test_without_a_partnership_the_one_binding_exactly_the_parties_is_used(client, partners):
    # Another partnership holding the Département, the school and a third partner does not match.
    PartnershipFactory(members=[partners["dept"], partners["school"], OrganisationFactory()])
    data = payload(partners)
    del data["partnership"]
    response = post(client, partners["officer"], data)
    assert response.status_code == 201, response.content
    assert response.json()["partnership"] == partners["partnership"].pk


def test_without_a_partnership_a_new_one_is_created(client, partners):
    # The school is visible to the officer through their partnership; a second school is not
    # bound to the Département yet but is a partner of it in a wider partnership.
    other_school = OrganisationFactory(school=True)
    PartnershipFactory(members=[partners["dept"], partners["school"], other_school])
    data = payload(partners, parties=[partners["dept"].pk, other_school.pk])
    del data["partnership"]
    response = post(client, partners["officer"], data)
    assert response.status_code == 201, response.content
    created = Partnership.objects.get(pk=response.json()["partnership"])
    assert set(created.organisations.all()) == {partners["dept"], other_school}
    assert AuditEvent.objects.filter(action="partnership.created").count() == 1


def test_extra_fields_change_nothing(client, partners):
    """Mass assignment: status, version, is_staff... are ignored."""
    response = post(
        client, partners["officer"], payload(partners, status="active", version=99, is_staff=True, id=12345)
    )
    assert response.status_code == 201, response.content
    convention = Convention.objects.get(pk=response.json()["id"])
    assert convention.status == Status.DRAFT and convention.version == 1 and convention.pk != 12345


# --- Refusals ------------------------------------------------------------------------------------


def refused(client, partners, field, message, params=None, **overrides):
    """Posting ``overrides`` is refused with ``message`` on ``field``, and nothing is saved."""
    before = (Convention.objects.count(), Partnership.objects.count())
    data = payload(partners, **{k: v for k, v in overrides.items() if v is not ...})
    for key in [k for k, v in overrides.items() if v is ...]:
        del data[key]
    response = post(client, partners["officer"], data)
    assert response.status_code == 400, response.content
    body = response.json()
    assert fr(message, **(params or {})) in body["errors"][field], body
    assert body["detail"] in [m for messages in body["errors"].values() for m in messages]
    assert (Convention.objects.count(), Partnership.objects.count()) == before
    return body


def test_an_end_before_the_start_is_refused(client, partners):
    refused(
        client,
        partners,
        "end_date",
        "The end date is before the start date.",
        term_months=...,
        end_date="2025-12-31",
    )


def test_an_end_that_does_not_close_whole_months_is_refused(client, partners):
    body = refused(
        client,
        partners,
        "end_date",
        "The end date must close a whole number of months from the start, e.g. %(example)s.",
        {"example": "2026-12-31"},
        term_months=...,
        end_date="2028-12-15",
    )
    assert "term_months" not in body["errors"]


def test_a_notice_longer_than_the_term_is_refused(client, partners):
    refused(
        client,
        partners,
        "notice_months",
        "The notice period must be shorter than the term of the convention.",
        term_months=6,
        notice_months=6,
    )


def test_a_party_twice_is_refused(client, partners):
    refused(
        client,
        partners,
        "parties",
        "An organisation appears twice among the parties.",
        parties=[partners["dept"].pk, partners["school"].pk, partners["dept"].pk],
    )


def test_a_party_twice_is_refused_when_creating_the_partnership_too(client, partners):
    refused(
        client,
        partners,
        "parties",
        "An organisation appears twice among the parties.",
        partnership=...,
        parties=[partners["dept"].pk, partners["dept"].pk],
    )


@pytest.mark.parametrize("term", [0, -3])
def test_a_term_under_one_month_is_refused(client, partners, term):
    body = refused(client, partners, "term_months", "The term lasts at least one month.", term_months=term)
    # The notice is not compared with a term that makes no sense.
    assert "notice_months" not in body["errors"]


def test_a_missing_term_is_refused(client, partners):
    refused(client, partners, "term_months", "Give the term in months, or the end date.", term_months=...)


def test_an_unknown_organisation_is_refused(client, partners):
    refused(
        client,
        partners,
        "parties",
        "Unknown organisation: %(ids)s.",
        {"ids": "999999"},
        parties=[partners["dept"].pk, 999999],
    )


def test_an_organisation_of_another_tenant_is_as_unknown(client, partners, two_partnerships):
    foreign = two_partnerships["b"]["orgs"][1]
    data = payload(partners, parties=[partners["dept"].pk, foreign.pk])
    del data["partnership"]
    response = post(client, partners["officer"], data)
    assert response.status_code == 400
    body = response.content.decode()
    assert str(foreign.pk) in response.json()["errors"]["parties"][0]
    assert foreign.name not in body
    assert (
        not Partnership.objects.filter(members__organisation=foreign)
        .exclude(pk=two_partnerships["b"]["partnership"].pk)
        .exists()
    )


def test_another_tenants_partnership_is_refused(client, partners, two_partnerships):
    response = post(
        client, partners["officer"], payload(partners, partnership=two_partnerships["b"]["partnership"].pk)
    )
    assert response.status_code == 400
    assert response.json()["errors"]["partnership"] == [fr("Unknown partnership.")]
    assert "CANARY-B" not in response.content.decode()


def test_a_party_outside_the_given_partnership_is_refused(client, partners):
    third = OrganisationFactory()
    PartnershipFactory(members=[partners["dept"], third])
    response = post(client, partners["officer"], payload(partners, parties=[partners["dept"].pk, third.pk]))
    assert response.status_code == 400
    assert third.name in response.json()["errors"]["parties"][0]
    assert Convention.objects.count() == 0


def test_a_blank_title_and_a_wrong_kind_are_refused_together(client, partners):
    response = post(client, partners["officer"], payload(partners, title="", notice_form="pigeon"))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"title", "notice_form"}


def test_an_amendment_is_not_created_here(client, partners):
    response = post(client, partners["officer"], payload(partners, kind="amendment"))
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_several_mistakes_are_reported_at_once(client, partners):
    response = post(
        client,
        partners["officer"],
        payload(partners, parties=[partners["dept"].pk, partners["dept"].pk], notice_months=40),
    )
    assert response.status_code == 400
    assert {"parties", "notice_months"} <= set(response.json()["errors"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("term_months", "three years", "Enter a whole number."),
        ("start_date", "31/12/2026", "Enter a valid date."),
        ("parties", "1,2", "Enter a list."),
        ("parties", ["a", "b"], "Enter a whole number."),
        ("tacit_renewal", "maybe", "Enter true or false."),
        ("title", ..., "This field is required."),
    ],
)
def test_wrong_types_give_400_with_a_readable_message(client, partners, field, value, message):
    data = payload(partners, **{field: value})
    if value is ...:
        del data[field]
    response = post(client, partners["officer"], data)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][field] == [fr(message)] or fr(message) in body["errors"][field]
    assert body["detail"] == body["errors"][field][0]


def test_a_body_that_is_not_json_gives_400(client, partners):
    response = client.post(
        URL, "{not json", content_type="application/json", headers=bearer(partners["officer"])
    )
    assert response.status_code == 400
    assert response.json()["detail"]


# --- Who may create ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.AGENT, Role.HR])
def test_only_a_manager_of_a_party_creates(client, partners, role):
    reader = officer_of(partners["dept"], role=role)
    response = post(client, reader, payload(partners))
    assert response.status_code == 403
    assert response.json()["detail"]
    data = payload(partners)
    del data["partnership"]
    assert post(client, reader, data).status_code == 403
    assert Convention.objects.count() == 0


def test_an_administrator_of_the_school_creates(client, partners):
    admin = officer_of(partners["school"], role=Role.ADMIN)
    assert post(client, admin, payload(partners)).status_code == 201


def test_a_superuser_creates(client, partners):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    assert post(client, superuser, payload(partners)).status_code == 201


def test_start_on_signature_when_no_start_date(client, partners):
    data = payload(partners)
    del data["start_date"]
    response = post(client, partners["officer"], data)
    assert response.status_code == 201, response.content
    assert response.json()["start_date"] is None and response.json()["end_date"] is None
    assert Convention.objects.get().start_mode == "signature"


def test_a_one_year_term_from_29_february_ends_on_28_february(client, partners):
    response = post(
        client,
        partners["officer"],
        payload(partners, start_date="2024-02-29", term_months=12, tacit_renewal=False, notice_months=0),
    )
    assert response.status_code == 201, response.content
    assert response.json()["end_date"] == "2025-02-28"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_date": "9999-12-01"}, "start_date"),
        ({"start_date": "0001-01-01"}, "start_date"),
        ({"term_months": 40_000}, "term_months"),
        ({"term_months": 10**12}, "term_months"),
        ({"notice_months": 10**12}, "notice_months"),
        ({"term_months": None, "end_date": "9999-12-31"}, "end_date"),
    ],
)
def test_dates_out_of_the_calendar_are_refused_not_a_500(client, partners, overrides, field):
    response = post(client, partners["officer"], payload(partners, **overrides))
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert Convention.objects.count() == 0


def test_null_characters_and_broken_text_are_refused(client, partners):
    response = post(client, partners["officer"], payload(partners, title="Convention\x00"))
    assert response.status_code == 400
    assert response.json()["errors"]["title"] == [fr("Null characters are not allowed.")]
    broken = '{"title": "\\ud800", "parties": [1, 2], "term_months": 12}'
    response = client.post(URL, broken, content_type="application/json", headers=bearer(partners["officer"]))
    assert response.status_code == 400
    assert "title" in response.json()["errors"]
    listed = client.get(URL, {"status": "draft\x00"}, headers=bearer(partners["officer"]))
    assert listed.status_code == 400
