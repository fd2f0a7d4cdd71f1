"""The organisation directory (issue 2 item 2, DP1): one's own organisations and their partners."""

import pytest
from django.urls import reverse

from partenaria.organisations.models import Organisation, OrganisationKind
from tests.factories import OrganisationFactory, PartnershipFactory, UserFactory, officer_of

pytestmark = pytest.mark.django_db
URL = reverse("organisations:list")


def names(response):
    return [o.name for o in response.context["page"].object_list]


def test_a_member_sees_their_organisation_and_its_partners_but_nothing_unlinked(client, world):
    client.force_login(world.officer_a)
    response = client.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Département A", "École A"]
    assert "CANARY-B" not in response.content.decode()
    assert set(Organisation.objects.visible_to(world.officer_a)) == {world.dept_a, world.school_a}


def test_a_partner_of_a_partner_stays_invisible(client, world):
    # École A also works with Département C: A's people do not see C through the school.
    dept_c = OrganisationFactory(departement=True, name="Département C")
    PartnershipFactory(members=[world.school_a, dept_c])
    client.force_login(world.officer_a)
    assert "Département C" not in names(client.get(URL))
    # ...but the school's own people do.
    client.force_login(officer_of(world.school_a))
    assert "Département C" in names(client.get(URL))


def test_a_superuser_sees_every_organisation(client, world):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(URL)
    assert response.context["page"].paginator.count == Organisation.objects.count() == 4


def test_a_user_without_membership_sees_an_empty_directory_that_says_why(client, world):
    client.force_login(UserFactory())
    response = client.get(URL)
    assert response.context["page"].paginator.count == 0
    assert (
        "Aucune organisation" in response.content.decode() or "No organisation" in response.content.decode()
    )


def test_search_kind_filter_and_count_stay_in_the_url(client, world):
    client.force_login(world.officer_a)
    response = client.get(URL, {"q": "École", "kind": OrganisationKind.SCHOOL})
    assert names(response) == ["École A"]
    page = response.content.decode()
    assert 'value="École"' in page
    assert f'<option value="{OrganisationKind.SCHOOL}" selected>' in page
    assert response.context["page"].paginator.count == 1
    response = client.get(URL, {"kind": OrganisationKind.CITY})
    assert names(response) == []
    assert response.context["filtered"] is True


def test_search_by_siret_with_spaces(client, world):
    client.force_login(world.officer_a)
    assert names(client.get(URL, {"q": "410 475 081"})) == ["Département A"]


def test_an_unknown_kind_or_sort_is_ignored(client, world):
    client.force_login(world.officer_a)
    response = client.get(URL, {"kind": "nonsense", "sort": "password"})
    assert response.status_code == 200
    assert names(response) == ["Département A", "École A"]


def test_pagination_keeps_the_filters(client, world):
    for n in range(30):
        school = OrganisationFactory(school=True, name=f"École partenaire {n:02d}")
        PartnershipFactory(members=[world.dept_a, school])
    client.force_login(world.officer_a)
    response = client.get(URL, {"kind": OrganisationKind.SCHOOL})
    assert response.context["page"].paginator.count == 31
    assert len(names(response)) == 25
    assert "kind=school&amp;page=2" in response.content.decode()
    assert len(names(client.get(URL, {"kind": OrganisationKind.SCHOOL, "page": 2}))) == 6


def test_the_directory_query_count_does_not_grow_with_the_data(client, world, django_assert_max_num_queries):
    client.force_login(world.officer_a)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    for n in range(40):
        school = OrganisationFactory(school=True, name=f"École {n:02d} bis")
        PartnershipFactory(members=[world.dept_a, school])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.context["page"].paginator.count == 42
