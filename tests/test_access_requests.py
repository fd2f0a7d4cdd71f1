"""Access at the level of the request (trust items 4-6): a removed membership takes effect at the next
request, posted fields that a form does not declare change nothing, and every POST needs its CSRF
token. The routes walked are those declared in tests/test_access.py."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Membership
from tests.api.conftest import bearer
from tests.teaching.factories import teaching_models
from tests.test_access import (
    OBJECT_ROUTES,
    OWN_ROUTES,
    PUBLIC,
    TOKEN_ROUTES,
    build_world_b,
    europe_models,
    events_models,
    governance_models,
    internship_models,
    research_models,
    rooms_models,
)


@pytest.fixture
def two_worlds(db, settings, tmp_path):
    """Two complete partnerships; ``own.officer`` administers the Département of the first."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world_b(), build_world_b()


# --- A removed membership ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_removed_membership_closes_the_pages_at_the_next_request(client, two_worlds):
    own, _ = two_worlds
    client.force_login(own.officer)
    url = reverse("conventions:partnership_detail", kwargs={"pk": own.partnership.pk})
    assert client.get(url).status_code == 200
    Membership.objects.filter(pk=own.membership.pk).update(is_active=False)
    # Same session, no new login: the next request already sees nothing.
    assert client.get(url).status_code == 404
    lists = client.get(reverse("conventions:partnership_list"))
    assert own.partnership.title not in lists.content.decode()


@pytest.mark.django_db
def test_a_removed_membership_closes_the_api_at_the_next_call(client, two_worlds):
    own, _ = two_worlds
    headers = bearer(own.officer)
    url = f"/api/v1/conventions/{own.convention.pk}"
    assert client.get(url, headers=headers).status_code == 200
    own.membership.delete()
    assert client.get(url, headers=headers).status_code == 404


# --- Extra posted fields ----------------------------------------------------------------------


class FormReader(HTMLParser):
    """The POST forms of a page, each as a list of (name, value) a browser would send unchanged."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": [], "names": set(), "multipart": False}
            self._form["multipart"] = "multipart" in (a.get("enctype") or "")
            self.forms.append(self._form)
        if self._form is None or ("name" not in a and tag != "option"):
            return
        if tag == "input":
            self._form["names"].add(a["name"])
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file"):
                return
            self._form["fields"].append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._form["names"].add(a["name"])
            self._select = [a["name"], None, None]  # name, selected value, first value
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in a:
                self._select[1] = value
        elif tag == "textarea":
            self._form["names"].add(a["name"])
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            name, selected, first = self._select
            if selected is not None or first:
                self._form["fields"].append((name, selected if selected is not None else first))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, value = self._textarea
            # As a browser does: one newline right after <textarea> is not part of the value.
            self._form["fields"].append((name, value.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None


def main_form(html, url):
    reader = FormReader()
    reader.feed(html)
    forms = [f for f in reader.forms if f["action"] in ("", url) and not f["multipart"]]
    return max(forms, key=lambda f: len(f["names"]), default=None)


VOLATILE = {"updated_at", "modified_at", "created_at", "version", "last_login", "taken"}


def snapshot():
    from partenaria.actionplan import models as plan
    from partenaria.conventions import models as conventions
    from partenaria.organisations.models import Organisation, Person, Unit
    from partenaria.reports.models import ProgressReport, ReportRule

    models = [Organisation, Unit, Person, Membership, ReportRule, ProgressReport]
    models += [conventions.Partnership, conventions.Convention, conventions.Article, conventions.Commitment]
    models += [conventions.ApprovalStep, conventions.Dispute, conventions.Party]
    models += [plan.Axis, plan.Action, plan.Indicator, plan.IndicatorValue, plan.ProgressNote]
    models += governance_models() + internship_models() + research_models() + rooms_models()
    models += events_models() + europe_models() + teaching_models()
    return {
        m._meta.label: sorted(
            repr(sorted((k, v) for k, v in row.items() if k not in VOLATILE)) for row in m.objects.values()
        )
        for m in models
    }


def extras(other, declared):
    """Fields a form does not declare, aimed at another partnership or at privileges."""
    candidates = {
        "pk": other.convention.pk,
        "id": other.convention.pk,
        "partnership": other.partnership.pk,
        "organisation": other.organisation.pk,
        "owner": other.organisation.pk,
        "school": other.school.pk,
        "host": other.organisation.pk,
        "convention": other.convention.pk,
        "project": other.research.project.pk,
        "status": "signed",
        "is_staff": "on",
        "is_superuser": "on",
        "created_by": other.officer.pk,
        "registered_by": other.organisation.pk,
    }
    return {k: v for k, v in candidates.items() if k not in declared}


EDIT_ROUTES = sorted(n for n in OBJECT_ROUTES if n.endswith("edit") or n.endswith("_edit"))


@pytest.mark.django_db
def test_fields_a_form_does_not_declare_change_nothing(client, two_worlds):
    """Every edit form of the product, saved as the browser would send it, then again with extra
    fields: the database ends in the same state (timestamps and version counters aside)."""
    own, other = two_worlds
    client.force_login(own.officer)
    tried = []
    for name in EDIT_ROUTES:
        url = reverse(name, kwargs=OBJECT_ROUTES[name](own))
        page = client.get(url)
        if page.status_code != 200:
            continue
        form = main_form(page.content.decode(), url)
        if form is None:
            continue
        if client.post(url, dict(form["fields"])).status_code != 302:
            continue  # not saved as rendered (a required choice left empty): nothing to compare
        baseline = snapshot()
        form = main_form(client.get(url).content.decode(), url)  # fresh version counters
        response = client.post(url, {**dict(form["fields"]), **extras(other, form["names"])})
        assert response.status_code in (200, 302), (name, response.status_code)
        assert snapshot() == baseline, f"{name}: an undeclared field changed the data"
        tried.append(name)
    # Every kind of object: conventions, organisations, governance, internships, research, events, rooms.
    assert len(tried) >= 25, tried
    assert len({n.split(":")[0] for n in tried}) >= 8, tried
    # The snapshot does see an edit: the same form with a declared field changed.
    url = reverse("conventions:convention_edit", kwargs={"pk": own.draft.pk})
    fields = dict(main_form(client.get(url).content.decode(), url)["fields"])
    baseline = snapshot()
    assert client.post(url, {**fields, "title": "Convention renommée"}).status_code == 302
    assert snapshot() != baseline


# --- CSRF -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_post_route_refuses_a_request_without_its_csrf_token(two_worlds):
    own, _ = two_worlds
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(own.officer)
    routes = [(n, b(own)) for n, b in OBJECT_ROUTES.items()] + [(n, b(own)) for n, b in TOKEN_ROUTES.items()]
    routes += [(n, None) for n in sorted(OWN_ROUTES | PUBLIC - {"accounts:password_reset_confirm"})]
    routes.append(("accounts:password_reset_confirm", {"uidb64": "MQ", "token": "set-password"}))
    audit = AuditEvent.objects.count()
    accepted = []
    for name, kwargs in routes:
        response = browser.post(reverse(name, kwargs=kwargs), {"title": "x"})
        if response.status_code != 403:
            accepted.append(f"{name}: {response.status_code}")
    assert not accepted, "POST without a CSRF token accepted: " + ", ".join(accepted)
    assert AuditEvent.objects.count() == audit
    assert len(routes) > 200
