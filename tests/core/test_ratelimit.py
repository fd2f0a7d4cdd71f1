"""Rate limits on exports (trust 11): every export route is limited, and beyond its rate answers 429."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partenaria.core import ratelimit
from tests.factories import OrganisationFactory, UserFactory, officer_of


def export_routes(resolver=None, prefix=""):
    """Every route whose name or address says it is an export (CSV, XLSX)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            if pattern.namespace and pattern.namespace.startswith(("api", "admin")):
                continue  # the API has its own throttles (tests/api); the admin exports nothing
            yield from export_routes(pattern, namespace)
        elif isinstance(pattern, URLPattern):
            route = str(pattern.pattern)
            name = f"{prefix}{pattern.name or ''}"
            if "export" in name or route.rstrip("/$").endswith((".csv", ".xlsx")):
                yield name, pattern.callback


def test_every_export_route_is_rate_limited():
    routes = dict(export_routes())
    assert len(routes) >= 9, routes  # conventions, deadlines, action plan, bodies, money
    unlimited = sorted(
        name for name, view in routes.items() if getattr(view, "rate_limit_scope", None) is None
    )
    assert not unlimited, f"Export routes without @rate_limited('export'): {unlimited}"


@pytest.mark.django_db
def test_exports_beyond_the_rate_answer_429_with_a_retry_delay(client, settings):
    settings.PARTENARIA_RATE_LIMITS = {**settings.PARTENARIA_RATE_LIMITS, "export": "2/hour"}
    officer = officer_of(OrganisationFactory())
    client.force_login(officer)
    url = reverse("conventions:convention_export_csv")
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    refused = client.get(reverse("deadlines:export"))  # the scope is shared by every export
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Try again in" in refused.content.decode() or "Réessayez dans" in refused.content.decode()
    # Pages keep working, and a colleague still exports.
    assert client.get(reverse("conventions:convention_list")).status_code == 200
    colleague = UserFactory()
    client.force_login(colleague)
    assert client.get(url).status_code == 200


def test_anonymous_requests_are_counted_per_address(settings):
    settings.PARTENARIA_RATE_LIMITS = {"export": "1/min", "login": "1/min"}
    view = ratelimit.rate_limited("login")(lambda request: HttpResponse("ok"))
    factory = RequestFactory()

    def call(address):
        request = factory.get("/", REMOTE_ADDR=address)
        request.user = type("Anonymous", (), {"is_authenticated": False})()
        return view(request).status_code

    from django.core.cache import cache

    cache.clear()
    assert [call("192.0.2.1"), call("192.0.2.1"), call("192.0.2.2")] == [200, 429, 200]


def test_behind_a_proxy_the_forwarded_address_counts_only_when_declared(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9"
    )
    settings.NINJA_NUM_PROXIES = None
    assert ratelimit.client_address(request) == "127.0.0.1"
    settings.NINJA_NUM_PROXIES = 1
    assert ratelimit.client_address(request) == "203.0.113.9"


def test_rates_are_read_as_count_per_period():
    assert ratelimit.parse_rate("60/hour") == (60, 3600)
    assert ratelimit.parse_rate("30/min") == (30, 60)
    with pytest.raises(ValueError):
        ratelimit.rate_limited("unknown-scope")


@pytest.mark.django_db
def test_generating_documents_is_rate_limited_too(client, settings):
    settings.PARTENARIA_RATE_LIMITS = {**settings.PARTENARIA_RATE_LIMITS, "document": "1/hour"}
    client.force_login(officer_of(OrganisationFactory()))
    url = reverse("documents:generate", args=["convention", 999999, "pdf"])
    assert client.post(url).status_code == 404  # counted, then refused as another tenant's
    assert client.post(url).status_code == 429
