"""The OpenAPI schema and its documentation page (item 11)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/auth/token": {"post"},
    "/api/v1/conventions/": {"get", "post"},
    "/api/v1/conventions/{convention_id}": {"get"},
    "/api/v1/partnerships/": {"get"},
    "/api/v1/partnerships/{partnership_id}": {"get"},
    "/api/v1/organisations/": {"get"},
    "/api/v1/organisations/{organisation_id}": {"get"},
    "/api/v1/internships/sites": {"get"},
    "/api/v1/internships/sites/{site_id}": {"get"},
    "/api/v1/internships/offers": {"get"},
    "/api/v1/internships/offers/{offer_id}": {"get"},
    "/api/v1/internships/placements": {"get"},
    "/api/v1/internships/placements/{placement_id}": {"get"},
    "/api/v1/internships/agreements": {"get"},
    "/api/v1/internships/agreements/{placement_id}": {"get"},
}


def test_the_schema_is_public_json_with_every_path(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {path: set(ops) for path, ops in schema["paths"].items()} == PATHS
    # Everything but the token endpoint asks for the bearer token.
    assert schema["paths"]["/api/v1/auth/token"]["post"].get("security") in (None, [])
    assert schema["paths"]["/api/v1/conventions/"]["get"]["security"] == [{"BearerAuth": []}]
    listed = schema["components"]["schemas"]["ConventionOut"]["properties"]
    for field in [
        "id", "title", "kind", "parties", "start_date", "end_date", "tacit_renewal",
        "notice_months", "notice_deadline", "status", "parent",
    ]:  # fmt: skip
        assert field in listed
    agreement = schema["components"]["schemas"]["AgreementOut"]["properties"]
    for field in ["effective_hours", "gratification_due", "monthly_amounts", "gratification_total"]:
        assert field in agreement
    assert agreement["gratification_total"]["type"] == "string"  # Decimal as a string


def test_the_documentation_page_is_served_without_a_cdn(client):
    url = reverse("api-1:openapi-view")
    assert url == "/api/v1/docs"
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "<script>" not in page  # the CSP forbids inline scripts
