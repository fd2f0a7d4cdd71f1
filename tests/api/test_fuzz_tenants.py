"""Fuzzing the API as two tenants (trust 2, 29): A's token, B's ids.

Schemathesis generates every operation's input from /api/v1/openapi.json; each path id is then
replaced by the id of one of B's objects of that kind, and each body id (partnership, parties) too.
A's officer must never get a 2xx on B's objects, never a 5xx, and never read B's canary.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from partenaria.organisations.models import Role
from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of
from tests.test_access import CANARY, build_world_b

from .conftest import bearer
from .test_fuzz import wsgi_app  # noqa: F401 - the in-process application fixture

pytestmark = pytest.mark.django_db

EXAMPLES = 10


def b_ids(world):
    """The id of one of B's objects for each path parameter of the API."""
    return {
        "convention_id": world.convention.pk,
        "partnership_id": world.partnership.pk,
        "organisation_id": world.organisation.pk,
        "site_id": world.stages.site.pk,
        "offer_id": world.stages.offer.pk,
        "placement_id": world.stages.placement.pk,
    }


def test_a_token_of_a_never_reaches_b_through_generated_calls(settings, tmp_path, wsgi_app):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARTENARIA_API_TOKEN_RATE = "100000/min"
    settings.PARTENARIA_API_RATE = "100000/min"
    dept_a, school_a = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    ConventionFactory(partnership=PartnershipFactory(members=[dept_a, school_a]), title="Convention A")
    headers = bearer(officer_of(dept_a, role=Role.ADMIN))
    world = build_world_b()
    ids = b_ids(world)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    aimed = [op for op in operations if op.path_parameters or op.method.upper() == "POST"]
    assert len(aimed) >= 8, [op.label for op in aimed]
    calls = []

    for operation in aimed:
        if operation.path == "/api/v1/auth/token":
            continue

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def run(case):
            for name in list(case.path_parameters or {}):
                case.path_parameters[name] = ids[name]
            if isinstance(case.body, dict):
                case.body["partnership"] = world.partnership.pk
                case.body["parties"] = [world.organisation.pk, world.school.pk]
            response = case.call(headers=headers)
            calls.append(case.operation.label)
            label = f"{case.method} {case.formatted_path} {case.body!r:.200}"
            assert response.status_code < 500, f"{label}: {response.status_code}"
            assert not 200 <= response.status_code < 300, (
                f"{label}: {response.status_code} {response.text:.300}"
            )
            assert CANARY not in response.text, label

        run()

    assert len(set(calls)) == len([op for op in aimed if op.path != "/api/v1/auth/token"])
