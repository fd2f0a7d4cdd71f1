"""Units (directions, services) as a tree, and the people of an organisation (issue 2 item 2)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from partenaria.core.models import AuditEvent
from partenaria.organisations import services
from partenaria.organisations.models import Person, Unit, UnitKind
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_an_officer_adds_a_direction_then_a_service_under_it(client, world):
    client.force_login(world.officer_a)
    url = reverse("organisations:unit_create", args=[world.dept_a.pk])
    response = client.post(
        url, {"name": "Direction enfance famille", "kind": UnitKind.DIRECTION, "parent": ""}
    )
    assert response.status_code == 302
    direction = Unit.objects.get(name="Direction enfance famille")
    client.post(url, {"name": "Service ASE", "kind": UnitKind.SERVICE, "parent": direction.pk})
    service = Unit.objects.get(name="Service ASE")
    assert service.parent == direction and service.organisation == world.dept_a
    assert AuditEvent.objects.filter(action="unit.created").count() == 2


def test_a_unit_moves_in_the_tree(client, world):
    first = UnitFactory(organisation=world.dept_a, name="Direction 1")
    second = UnitFactory(organisation=world.dept_a, name="Direction 2")
    service = UnitFactory(organisation=world.dept_a, parent=first, name="Service")
    client.force_login(world.officer_a)
    url = reverse("organisations:unit_edit", args=[world.dept_a.pk, service.pk])
    assert (
        client.post(url, {"name": "Service", "kind": UnitKind.SERVICE, "parent": second.pk}).status_code
        == 302
    )
    service.refresh_from_db()
    assert service.parent == second
    assert AuditEvent.objects.get(action="unit.updated").changes["parent_id"] == [first.pk, second.pk]


def test_a_unit_cannot_go_under_its_own_descendant(client, world):
    direction = UnitFactory(organisation=world.dept_a, name="Direction")
    service = UnitFactory(organisation=world.dept_a, parent=direction, name="Service")
    office = UnitFactory(organisation=world.dept_a, parent=service, name="Bureau")
    client.force_login(world.officer_a)
    url = reverse("organisations:unit_edit", args=[world.dept_a.pk, direction.pk])
    response = client.post(
        url, {"name": "Direction renommée", "kind": UnitKind.DIRECTION, "parent": office.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert 'value="Direction renommée"' in response.content.decode()
    direction.refresh_from_db()
    assert (direction.name, direction.parent) == ("Direction", None)
    # Under itself: not even offered, and refused by the service too.
    assert direction not in response.context["form"].fields["parent"].queryset
    with pytest.raises(ValidationError) as refusal:
        services.unit_update(by=world.officer_a, unit=direction, data={"parent": direction})
    assert "parent" in refusal.value.message_dict
    assert not AuditEvent.objects.exists()


def test_a_parent_from_another_organisation_is_refused(client, world):
    unit = UnitFactory(organisation=world.dept_a)
    client.force_login(world.officer_a)
    url = reverse("organisations:unit_edit", args=[world.dept_a.pk, unit.pk])
    response = client.post(url, {"name": unit.name, "kind": UnitKind.SERVICE, "parent": world.unit_b.pk})
    assert response.status_code == 200 and response.context["form"].errors["parent"]
    with pytest.raises(ValidationError):
        services.unit_create(
            by=world.officer_a, organisation=world.dept_a, data={"name": "X", "parent": world.unit_b}
        )
    unit.refresh_from_db()
    assert unit.parent is None


def test_an_empty_unit_is_deleted_after_confirmation(client, world):
    unit = UnitFactory(organisation=world.dept_a)
    client.force_login(world.officer_a)
    url = reverse("organisations:unit_delete", args=[world.dept_a.pk, unit.pk])
    assert client.get(url).status_code == 200
    assert Unit.objects.filter(pk=unit.pk).exists()  # GET changes nothing
    assert client.post(url).status_code == 302
    assert not Unit.objects.filter(pk=unit.pk).exists()
    assert AuditEvent.objects.get(action="unit.deleted").target_id == unit.pk


@pytest.mark.parametrize("content", ["child", "person"])
def test_a_unit_that_holds_something_is_not_deleted(client, world, content):
    unit = UnitFactory(organisation=world.dept_a)
    if content == "child":
        UnitFactory(organisation=world.dept_a, parent=unit)
    else:
        PersonFactory(organisation=world.dept_a, unit=unit)
    client.force_login(world.officer_a)
    response = client.post(reverse("organisations:unit_delete", args=[world.dept_a.pk, unit.pk]))
    assert response.status_code == 400
    assert response.context["error"]
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert not AuditEvent.objects.filter(action="unit.deleted").exists()


def test_a_viewer_cannot_change_units_or_people(client, world):
    unit = UnitFactory(organisation=world.dept_a)
    person = PersonFactory(organisation=world.dept_a)
    client.force_login(world.viewer_a)
    pk = world.dept_a.pk
    for url in [
        reverse("organisations:unit_create", args=[pk]),
        reverse("organisations:unit_edit", args=[pk, unit.pk]),
        reverse("organisations:unit_delete", args=[pk, unit.pk]),
        reverse("organisations:person_create", args=[pk]),
        reverse("organisations:person_edit", args=[pk, person.pk]),
    ]:
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "X", "first_name": "X", "last_name": "Y"}).status_code == 403, url
    assert Unit.objects.filter(pk=unit.pk).exists()
    assert not AuditEvent.objects.exists()


def test_an_officer_adds_and_edits_a_person(client, world):
    unit = UnitFactory(organisation=world.dept_a, name="Direction des solidarités")
    client.force_login(world.officer_a)
    data = {
        "first_name": "Alex",
        "last_name": "Exemple",
        "job_title": "Chargée de mission",
        "unit": unit.pk,
        "email": "alex@example.test",
        "phone": "02 99 00 00 00",
    }
    assert (
        client.post(reverse("organisations:person_create", args=[world.dept_a.pk]), data).status_code == 302
    )
    person = Person.objects.get(last_name="Exemple")
    assert (person.organisation, person.unit, person.phone) == (world.dept_a, unit, "02 99 00 00 00")
    url = reverse("organisations:person_edit", args=[world.dept_a.pk, person.pk])
    assert client.post(url, {**data, "job_title": "Directrice adjointe", "unit": ""}).status_code == 302
    person.refresh_from_db()
    assert (person.job_title, person.unit) == ("Directrice adjointe", None)
    assert AuditEvent.objects.get(action="person.updated").changes["job_title"] == [
        "Chargée de mission",
        "Directrice adjointe",
    ]
    assert AuditEvent.objects.filter(action="person.created", target_id=person.pk).exists()


def test_a_person_keeps_what_was_typed_when_refused(client, world):
    client.force_login(world.officer_a)
    url = reverse("organisations:person_create", args=[world.dept_a.pk])
    response = client.post(
        url, {"first_name": "Alex", "last_name": "", "email": "not-an-email", "unit": world.unit_b.pk}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"last_name", "email", "unit"}
    assert 'value="Alex"' in response.content.decode()
    assert not Person.objects.exists()
