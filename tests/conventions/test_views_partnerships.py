"""Partnership pages (CV1, CV5): list, detail with its lineage, creation."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from partenaria.conventions.models import ConventionKind, MemberStatus, Partnership, PartnershipMember
from partenaria.conventions.statuses import Status
from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Role
from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def browse(client):
    def login(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def test_the_list_shows_only_my_partnerships_with_a_count_and_search(browse, two_partnerships):
    a = two_partnerships["a"]
    other = PartnershipFactory(members=[a["orgs"][0], OrganisationFactory(name="Askoria")], title="Recherche")
    client = browse(a["officer"])
    body = client.get(reverse("conventions:partnership_list")).content.decode()
    assert "Partenariat A" in body and "Recherche" in body
    assert "CANARY-B" not in body
    assert "2 partnerships" in body
    body = client.get(reverse("conventions:partnership_list"), {"q": "askoria"}).content.decode()
    assert other.title in body and "Partenariat A" not in body
    assert "1 partnership" in body


def test_empty_list_says_what_to_do_first(browse):
    officer = officer_of(OrganisationFactory())
    body = browse(officer).get(reverse("conventions:partnership_list")).content.decode()
    assert "0 partnerships" in body
    assert "create the first partnership" in body


def test_detail_shows_members_lead_and_the_lineage_with_amendments_nested(browse):
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    italy = OrganisationFactory(name="Vallée d'Aoste")
    partnership = PartnershipFactory(members=[dept, school], title="Askoria", lead=dept)
    PartnershipMember.objects.create(
        partnership=partnership, organisation=italy, status=MemberStatus.TO_CONFIRM
    )
    c2022 = ConventionFactory(
        partnership=partnership,
        title="Convention 2022-2024",
        start_date=datetime.date(2022, 1, 1),
        status=Status.EXPIRED,
        synthesis="Recherche sur les jeunes majeurs",
    )
    ConventionFactory(
        partnership=partnership,
        title="Convention 2015-2017",
        start_date=datetime.date(2015, 1, 1),
        status=Status.SUPERSEDED,
    )
    ConventionFactory(
        partnership=partnership,
        title="Avenant 2025",
        kind=ConventionKind.AMENDMENT,
        parent=c2022,
        start_date=datetime.date(2025, 1, 1),
        term_months=12,
    )
    ConventionFactory(
        partnership=partnership,
        title="Convention 2026-2028",
        draft=True,
        start_date=datetime.date(2026, 1, 1),
    )
    body = browse(officer_of(dept)).get(partnership.get_absolute_url()).content.decode()
    assert "To be confirmed" in body and "Confirmed" in body
    assert "lead" in body
    order = [
        body.index(t)
        for t in ["Convention 2015-2017", "Convention 2022-2024", "Avenant 2025", "Convention 2026-2028"]
    ]
    assert order == sorted(order)
    amendment_li = body.rfind("<li", 0, body.index("Avenant 2025"))
    assert 'class="amendment"' in body[amendment_li : amendment_li + 30]
    assert "Recherche sur les jeunes majeurs" in body
    assert "from 1 January 2022 to 31 December 2024" in body
    assert "New convention" in body


def test_a_viewer_sees_the_partnership_without_the_new_convention_button(browse, two_partnerships):
    a = two_partnerships["a"]
    viewer = officer_of(a["orgs"][1], role=Role.VIEWER)
    client = browse(viewer)
    response = client.get(a["partnership"].get_absolute_url())
    assert response.status_code == 200
    assert "New convention" not in response.content.decode()
    assert client.get(reverse("conventions:convention_create", args=[a["partnership"].pk])).status_code == 403


def test_an_officer_creates_a_partnership_with_own_organisation(browse):
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    officer = officer_of(dept)
    client = browse(officer)
    form = client.get(reverse("conventions:partnership_create")).content.decode()
    assert f'value="{dept.pk}" selected' in form
    response = client.post(
        reverse("conventions:partnership_create"),
        {
            "title": "ISSM",
            "kind": "training",
            "organisations": [dept.pk, school.pk],
            "lead": dept.pk,
            "description": "",
        },
    )
    partnership = Partnership.objects.get(title="ISSM")
    assert response.status_code == 302 and response.url == partnership.get_absolute_url()
    assert set(partnership.organisations.all()) == {dept, school}
    assert AuditEvent.objects.filter(action="partnership.created", actor=officer).count() == 1


def test_creating_a_partnership_without_own_organisation_is_refused_next_to_the_field(browse):
    officer = officer_of(OrganisationFactory())
    a, b = OrganisationFactory(), OrganisationFactory()
    response = browse(officer).post(
        reverse("conventions:partnership_create"),
        {"title": "Strangers", "kind": "training", "organisations": [a.pk, b.pk]},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your own organisation must be one of the partners" in body
    assert 'value="Strangers"' in body
    assert not Partnership.objects.exists()


def test_a_viewer_cannot_create_a_partnership(browse):
    viewer = officer_of(OrganisationFactory(), role=Role.VIEWER)
    client = browse(viewer)
    assert client.get(reverse("conventions:partnership_create")).status_code == 403
    assert "New partnership" not in client.get(reverse("conventions:partnership_list")).content.decode()


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_and_detail_queries_stay_flat_when_data_grows(browse):
    dept = OrganisationFactory(departement=True)
    client = browse(officer_of(dept))
    partnership = PartnershipFactory(members=[dept, OrganisationFactory()])
    for _ in range(3):
        PartnershipFactory(members=[dept, OrganisationFactory()])
        ConventionFactory(partnership=partnership)
    list_url, detail_url = reverse("conventions:partnership_list"), partnership.get_absolute_url()
    few = _count_queries(client, list_url), _count_queries(client, detail_url)
    for _ in range(27):
        PartnershipFactory(members=[dept, OrganisationFactory()])
        ConventionFactory(partnership=partnership)
    assert (_count_queries(client, list_url), _count_queries(client, detail_url)) == few
