"""Cross-tenant access to the partnership and convention pages (DP1, trust 2-3).

A user of partnership A aims at B's ids on every route, GET and POST: 404 everywhere, B unchanged.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partenaria.conventions import urls as convention_urls
from partenaria.conventions.content_urls import urlpatterns as content_urlpatterns
from partenaria.conventions.dispute_urls import urlpatterns as dispute_urlpatterns
from partenaria.conventions.models import Convention, Denunciation, Partnership
from partenaria.core.models import AuditEvent

pytestmark = pytest.mark.django_db

# Routes of these pages that take an id, and which of B's objects the id names.
PARTNERSHIP_ROUTES = ["partnership_detail", "convention_create"]
CONVENTION_ROUTES = [
    "convention_detail",
    "convention_edit",
    "convention_submit",
    "convention_return_to_draft",
    "convention_sign",
    "convention_supersede",
    "convention_denounce",
]
LIST_ROUTES = [
    "partnership_list",
    "partnership_create",
    "convention_list",
    "convention_export_csv",
    "convention_export_xlsx",
]


def test_every_page_route_is_covered_by_this_test():
    # Content and dispute routes are walked by tests/test_access.py.
    content_names = {p.name for p in content_urlpatterns + dispute_urlpatterns}
    names = {p.name for p in convention_urls.urlpatterns if p.name not in content_names}
    assert names == set(PARTNERSHIP_ROUTES + CONVENTION_ROUTES + LIST_ROUTES)


def _b_state(b):
    convention = Convention.objects.get(pk=b["convention"].pk)
    return (
        convention.status,
        convention.title,
        convention.version,
        Partnership.objects.get(pk=b["partnership"].pk).title,
        Convention.objects.filter(partnership=b["partnership"]).count(),
        Denunciation.objects.count(),
    )


POSTED = {
    "title": "Hijacked",
    "kind": "framework",
    "start_mode": "fixed",
    "start_date": "2024-01-01",
    "term_months": "12",
    "notice_months": "0",
    "notice_form": "none",
    "version": "1",
    "signature_date": "2024-01-01",
    "signature_place": "Ailleurs",
    "sent_on": "2024-01-01",
    "received_on": "2024-01-02",
    "form": "none",
    "accept_next_term": "on",
}


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_user_of_a_gets_404_on_every_route_with_b_ids(client, two_partnerships, method):
    a, b = two_partnerships["a"], two_partnerships["b"]
    client.force_login(a["officer"])
    before = _b_state(b)
    events_before = AuditEvent.objects.count()
    posted = {**POSTED, "party": b["orgs"][0].pk}
    urls = [reverse(f"conventions:{n}", args=[b["partnership"].pk]) for n in PARTNERSHIP_ROUTES]
    urls += [reverse(f"conventions:{n}", args=[b["convention"].pk]) for n in CONVENTION_ROUTES]
    for url in urls:
        response = getattr(client, method)(url, posted if method == "post" else None)
        assert response.status_code == 404, url
    assert _b_state(b) == before
    assert AuditEvent.objects.count() == events_before


def _text(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(" ".join(str(v) for v in row) for row in sheet.values)
    return response.content.decode("utf-8-sig")


def test_lists_search_and_exports_never_show_b(client, two_partnerships):
    a = two_partnerships["a"]
    client.force_login(a["officer"])
    for name in LIST_ROUTES[:1] + LIST_ROUTES[2:]:
        for params in ({}, {"q": "CANARY"}, {"q": "Convention"}):
            response = client.get(reverse(f"conventions:{name}"), params)
            assert response.status_code == 200
            assert "CANARY-B" not in _text(response)
    # B's partnership id as a filter is not a valid choice: the filter is ignored, nothing of B shows.
    b_id = two_partnerships["b"]["partnership"].pk
    response = client.get(reverse("conventions:convention_export_csv"), {"partnership": b_id})
    assert "Convention A" in _text(response)
    assert "CANARY-B" not in _text(response)


def test_anonymous_people_are_sent_to_the_login_page(client, two_partnerships):
    a = two_partnerships["a"]
    for url in (
        reverse("conventions:partnership_list"),
        reverse("conventions:convention_detail", args=[a["convention"].pk]),
        reverse("conventions:convention_export_csv"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
