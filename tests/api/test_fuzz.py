"""Fuzzing the API from its own OpenAPI schema with schemathesis (trust 29).

Every operation gets generated input, with A's token: never a 5xx, never an answer that does not
match the schema, and never one of B's rows (the CANARY-B strings of the two_partnerships fixture).
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from .conftest import bearer

pytestmark = pytest.mark.django_db

EXAMPLES = 15


@pytest.fixture
def wsgi_app():
    """The Django application, called in-process. Like Django's test client, it must not close the
    test's database connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_no_operation_fails_on_generated_input(two_partnerships, settings, wsgi_app):
    settings.PARTENARIA_API_TOKEN_RATE = "100000/min"
    settings.PARTENARIA_API_RATE = "100000/min"
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    headers = bearer(two_partnerships["a"]["officer"])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(
                response, checks=[not_a_server_error, response_schema_conformance], headers=headers
            )
            assert "CANARY-B" not in response.text

        run()
