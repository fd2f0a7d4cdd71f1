"""Tenant isolation on every organisation URL (issue 2 item 9, trust 2): the wrong tenant gets 404."""

import re

import pytest
from django.urls import get_resolver, reverse

from partenaria.core.models import AuditEvent
from partenaria.organisations import urls as organisation_urls
from partenaria.organisations.models import Membership, Organisation, Person, Unit
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
CANARY = "CANARY-B"
# Routes that aim at no organisation: checked by the directory and creation tests.
WITHOUT_OBJECT = {"list", "create"}


def organisation_routes():
    for pattern in organisation_urls.urlpatterns:
        if pattern.name not in WITHOUT_OBJECT:
            yield pattern.name, re.findall(r"<int:(\w+)>", str(pattern.pattern))


def kwargs_for(params, organisation, unit, person, membership):
    values = {
        "pk": organisation.pk,
        "unit_pk": unit.pk,
        "person_pk": person.pk,
        "membership_pk": membership.pk,
    }
    unknown = set(params) - set(values)
    assert not unknown, f"tests/organisations/test_isolation.py does not know how to aim at {unknown}"
    return {name: values[name] for name in params}


def fingerprint():
    state = {
        m.__name__: sorted(map(repr, m.objects.values_list()))
        for m in (Organisation, Unit, Person, Membership)
    }
    state["audit"] = AuditEvent.objects.count()
    return state


@pytest.fixture
def b_objects(world):
    person = PersonFactory(organisation=world.dept_b, unit=world.unit_b, last_name=CANARY)
    world.dept_b.logo = "logos/canary.png"
    world.dept_b.save()
    return world.unit_b, person, Membership.objects.get(user=world.admin_b)


def test_every_organisation_route_is_walked():
    names = {p.name for p in organisation_urls.urlpatterns}
    assert names == WITHOUT_OBJECT | {name for name, _ in organisation_routes()}
    assert get_resolver().namespace_dict["organisations"]


@pytest.mark.parametrize("who", ["admin_a", "officer_a", "viewer_a"])
def test_a_user_of_a_gets_404_on_every_url_of_an_unlinked_organisation(client, world, b_objects, who):
    unit, person, membership = b_objects
    client.force_login(getattr(world, who))
    before = fingerprint()
    for name, params in organisation_routes():
        for organisation in (world.dept_b, world.school_b):
            url = reverse(
                f"organisations:{name}", kwargs=kwargs_for(params, organisation, unit, person, membership)
            )
            for method in ("get", "post"):
                data = {"name": "Hijacked", "email": "x@example.test", "role": "admin"}
                response = getattr(client, method)(url, data if method == "post" else None)
                assert response.status_code in (404, 405), f"{method.upper()} {url}: {response.status_code}"
                assert CANARY not in response.content.decode(errors="replace"), url
    assert fingerprint() == before


def test_b_objects_reached_through_a_own_organisation_give_404(client, world, b_objects):
    unit, person, membership = b_objects
    client.force_login(world.admin_a)
    before = fingerprint()
    for name, params in organisation_routes():
        if params == ["pk"]:
            continue
        url = reverse(
            f"organisations:{name}", kwargs=kwargs_for(params, world.dept_a, unit, person, membership)
        )
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"name": "Hijacked"} if method == "post" else None)
            assert response.status_code in (404, 405), f"{method.upper()} {url}: {response.status_code}"
    assert fingerprint() == before


def test_a_partner_organisation_is_visible_but_not_writable(client, world):
    unit = UnitFactory(organisation=world.school_a)
    person = PersonFactory(organisation=world.school_a)
    client.force_login(world.admin_a)
    pk = world.school_a.pk
    assert client.get(reverse("organisations:detail", args=[pk])).status_code == 200
    for url in [
        reverse("organisations:edit", args=[pk]),
        reverse("organisations:unit_create", args=[pk]),
        reverse("organisations:unit_edit", args=[pk, unit.pk]),
        reverse("organisations:unit_delete", args=[pk, unit.pk]),
        reverse("organisations:person_create", args=[pk]),
        reverse("organisations:person_edit", args=[pk, person.pk]),
        reverse("organisations:members", args=[pk]),
        reverse("organisations:member_invite", args=[pk]),
    ]:
        assert client.post(url, {"name": "Hijacked"}).status_code == 403, url


def test_anonymous_visitors_are_sent_to_the_login_page_everywhere(client, world, b_objects):
    unit, person, membership = b_objects
    for name, params in organisation_routes():
        url = reverse(
            f"organisations:{name}", kwargs=kwargs_for(params, world.dept_b, unit, person, membership)
        )
        response = client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login")), url
