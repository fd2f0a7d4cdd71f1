"""The organisation page: identity, logo, units, people, members, partnerships (issue 2 item 2)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from partenaria.organisations.models import Role
from tests.factories import MembershipFactory, PersonFactory, UnitFactory, UserFactory

from .conftest import png_bytes

pytestmark = pytest.mark.django_db


def test_the_page_shows_identity_with_the_siret_in_groups(client, world):
    world.dept_a.website = "https://www.example.fr"
    world.dept_a.street, world.dept_a.postcode = "1 avenue de la Préfecture", "35000"
    world.dept_a.save()
    client.force_login(world.viewer_a)
    page = client.get(reverse("organisations:detail", args=[world.dept_a.pk])).content.decode()
    assert "410 475 081 00015" in page
    assert "1 avenue de la Préfecture" in page
    assert 'href="https://www.example.fr"' in page


def test_units_are_shown_as_a_nested_tree(client, world):
    direction = UnitFactory(organisation=world.dept_a, name="Direction enfance famille")
    UnitFactory(organisation=world.dept_a, parent=direction, name="Service ASE")
    client.force_login(world.viewer_a)
    response = client.get(reverse("organisations:detail", args=[world.dept_a.pk]))
    tree = response.context["tree"]
    assert [n["unit"].name for n in tree] == ["Direction enfance famille"]
    assert [n["unit"].name for n in tree[0]["children"]] == ["Service ASE"]
    page = response.content.decode()
    assert page.index("Direction enfance famille") < page.index("Service ASE")
    assert page.count('<ul class="unit-tree">') == 2


def test_people_are_listed_with_job_unit_and_email(client, world):
    unit = UnitFactory(organisation=world.dept_a, name="Direction des solidarités")
    PersonFactory(
        organisation=world.dept_a,
        unit=unit,
        first_name="Alex",
        last_name="Exemple",
        job_title="Directeur adjoint",
        email="alex@example.test",
    )
    client.force_login(world.viewer_a)
    page = client.get(reverse("organisations:detail", args=[world.dept_a.pk])).content.decode()
    for text in ["Alex Exemple", "Directeur adjoint", "Direction des solidarités", "alex@example.test"]:
        assert text in page


@pytest.mark.parametrize(
    ("who", "sees_members"),
    [("admin_a", True), ("officer_a", True), ("viewer_a", False)],
)
def test_members_are_shown_to_administrators_and_partnership_officers_only(client, world, who, sees_members):
    client.force_login(getattr(world, who))
    response = client.get(reverse("organisations:detail", args=[world.dept_a.pk]))
    assert (response.context["members"] is not None) is sees_members
    assert (world.viewer_a.email in response.content.decode()) is sees_members


def test_a_partner_organisation_is_readable_but_its_members_are_not(client, world):
    MembershipFactory(
        organisation=world.school_a, role=Role.ADMIN, user=UserFactory(email="hidden@example.test")
    )
    client.force_login(world.admin_a)
    response = client.get(reverse("organisations:detail", args=[world.school_a.pk]))
    assert response.status_code == 200
    assert response.context["members"] is None
    assert "hidden@example.test" not in response.content.decode()


def test_partnerships_link_to_their_page_and_hide_those_of_others(client, world):
    from tests.factories import OrganisationFactory, PartnershipFactory

    other = PartnershipFactory(members=[world.school_a, OrganisationFactory()], title="Partenariat privé")
    client.force_login(world.viewer_a)
    response = client.get(reverse("organisations:detail", args=[world.school_a.pk]))
    page = response.content.decode()
    assert "Partenariat A" in page
    partnership_a = world.dept_a.partnerships.get()
    assert reverse("conventions:partnership_detail", args=[partnership_a.pk]) in page
    assert other.title not in page


def test_the_logo_is_streamed_as_an_image_to_those_who_see_the_organisation(client, world):
    world.dept_a.logo.save("logo.png", ContentFile(png_bytes()))
    client.force_login(world.viewer_a)
    page = client.get(reverse("organisations:detail", args=[world.dept_a.pk])).content.decode()
    logo_url = reverse("organisations:logo", args=[world.dept_a.pk])
    assert logo_url in page
    assert "/media/" not in page
    response = client.get(logo_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    client.force_login(world.admin_b)
    assert client.get(logo_url).status_code == 404


def test_no_logo_gives_404(client, world):
    client.force_login(world.viewer_a)
    assert client.get(reverse("organisations:logo", args=[world.dept_a.pk])).status_code == 404


def test_anonymous_visitors_go_to_the_login_page(client, world):
    response = client.get(reverse("organisations:detail", args=[world.dept_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_page_query_count_does_not_grow_with_units_and_people(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.admin_a)
    url = reverse("organisations:detail", args=[world.dept_a.pk])
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    parent = None
    for n in range(15):
        parent = UnitFactory(organisation=world.dept_a, parent=parent if n % 3 else None, name=f"Unité {n}")
        PersonFactory(organisation=world.dept_a, unit=parent)
        MembershipFactory(organisation=world.dept_a, role=Role.AGENT)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["people"]) == 15
