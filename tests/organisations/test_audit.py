"""Every write is one audited transaction (DP3, trust 20)."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from partenaria.core.audit import describe
from partenaria.core.models import AuditEvent
from partenaria.organisations import services
from partenaria.organisations.models import Membership, Organisation, Person, Role, Unit

from .conftest import png_upload

pytestmark = pytest.mark.django_db

VERBS = [
    "organisation.created",
    "organisation.updated",
    "unit.created",
    "unit.updated",
    "unit.deleted",
    "person.created",
    "person.updated",
    "membership.created",
    "membership.changed",
    "membership.deactivated",
]


@pytest.mark.parametrize("action", VERBS)
def test_every_action_has_words_for_the_history(action):
    assert describe(action) != action


def test_each_act_writes_its_event_with_the_actor(world):
    by = world.admin_a
    org = services.organisation_create(by=by, data={"name": "École C", "kind": "school"}, logo=png_upload())
    services.organisation_update(by=by, organisation=org, data={"city": "Brest"})
    unit = services.unit_create(by=by, organisation=org, data={"name": "Direction", "kind": "direction"})
    services.unit_update(by=by, unit=unit, data={"name": "Direction générale"})
    person = services.person_create(by=by, organisation=org, data={"first_name": "A", "last_name": "B"})
    services.person_update(by=by, person=person, data={"job_title": "Directrice"})
    membership, _ = services.membership_invite(
        by=by, organisation=org, email="c@example.test", role=Role.ADMIN
    )
    other, _ = services.membership_invite(by=by, organisation=org, email="d@example.test", role=Role.AGENT)
    services.membership_change_role(by=by, membership=other, role=Role.VIEWER)
    services.membership_deactivate(by=by, membership=other)
    services.unit_delete(by=by, unit=unit)
    events = list(AuditEvent.objects.order_by("id").values_list("action", "actor"))
    assert [a for a, _ in events] == [
        "organisation.created",
        "organisation.updated",
        "unit.created",
        "unit.updated",
        "person.created",
        "person.updated",
        "membership.created",
        "membership.created",
        "membership.changed",
        "membership.deactivated",
        "unit.deleted",
    ]
    assert {actor for _, actor in events} == {by.pk}
    assert membership.is_active


def test_a_failure_in_the_audit_write_leaves_nothing_half_done(world):
    with (
        mock.patch("partenaria.organisations.services.log_action", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.membership_invite(
            by=world.admin_a, organisation=world.dept_a, email="half@example.test", role=Role.AGENT
        )
    from partenaria.accounts.models import User

    assert not User.objects.filter(email="half@example.test").exists()
    assert not Membership.objects.filter(user__email="half@example.test").exists()
    with (
        mock.patch("partenaria.organisations.services.log_action", side_effect=RuntimeError("disk full")),
        pytest.raises(RuntimeError),
    ):
        services.organisation_create(by=world.admin_a, data={"name": "Half", "kind": "school"})
    assert not Organisation.objects.filter(name="Half").exists()


def test_refused_acts_write_no_event(world):
    with pytest.raises(ValidationError):
        services.organisation_create(by=world.admin_a, data={"name": "X", "kind": "school", "siret": "123"})
    with pytest.raises(ValidationError):
        services.person_create(by=world.admin_a, organisation=world.dept_a, data={"first_name": "A"})
    with pytest.raises(ValidationError):
        services.membership_invite(
            by=world.admin_a, organisation=world.dept_a, email="x@example.test", role="king"
        )
    assert not AuditEvent.objects.exists()
    assert not Person.objects.exists() and not Unit.objects.filter(organisation=world.dept_a).exists()
