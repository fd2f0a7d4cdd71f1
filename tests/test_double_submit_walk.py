"""A form sent twice acts once, on every form of the product (trust 23).

The walk of tests/test_access.py gives every page; the person is the officer who owns the objects (as
in tests/test_forms_fuzz.py), so every form page answers 200. Two checks:

- every ``<form method="post">`` of every page carries the submission token, except the three forms
  of the header where a repetition is harmless and nothing is created (logout, the organisation and
  language switches);
- every form is filled (empty fields given a plausible value) and posted; when that POST creates rows
  in any business table and redirects, the same form (same token) is posted again: no row more, sent
  where the first went, with « Ce formulaire avait déjà été envoyé ».
"""

import lxml.html
import pytest
from django.apps import apps
from django.urls import reverse

from partenaria.core.once import FIELD
from tests.table_watch import Watch
from tests.test_access import build_world_b
from tests.test_forms_fuzz import SKIPPED, form_pages

# Header forms: nothing is created, and doing them twice changes nothing more.
WITHOUT_TOKEN = {"accounts:logout", "accounts:switch_organisation", "set_language"}

FILL = {
    "text": "Essai double envoi",
    "textarea": "Essai double envoi",
    "number": "1",
    "date": "2027-03-15",
    "datetime-local": "2027-03-15T10:00",
    "time": "10:00",
    "email": "double.envoi@example.test",
    "url": "https://example.test/",
    "tel": "0102030405",
}


def product_models():
    return [model for model in apps.get_models() if model.__module__.startswith("partenaria.")]


def count(model) -> int:
    return model._base_manager.count()


def page_forms(page_url, html):
    """(action, data, has token) of each POST form of a page, empty fields filled."""
    document = lxml.html.fromstring(html)
    found = []
    for form in document.forms:
        if (form.get("method") or "get").lower() != "post":
            continue
        action = form.get("action") or page_url
        values = dict(form.form_values())
        data = {}
        for element in form.inputs:
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if element.tag == "select":
                options = [o.get("value", o.text_content()) for o in element.findall(".//option")]
                chosen = values.get(name) or next((o for o in options if o), "")
                data[name] = chosen
                continue
            kind = "textarea" if element.tag == "textarea" else (element.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if name in values:
                    data[name] = values[name]
                continue
            data[name] = values.get(name) or FILL.get(kind, "")
        found.append((action, data, FIELD in data))
    return found


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARTENARIA_RATE_LIMITS = dict.fromkeys(settings.PARTENARIA_RATE_LIMITS, "100000/min")
    return build_world_b()


def exempt(action) -> bool:
    return any(action.startswith(reverse(name)) for name in WITHOUT_TOKEN)


@pytest.mark.long_walk(seconds=40)
@pytest.mark.django_db
def test_every_post_form_carries_the_token_and_a_second_sending_creates_nothing(client, world):
    client.force_login(world.officer)
    forms, pages, missing = [], 0, []
    for route, url in form_pages(world):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages += 1
        for action, data, has_token in page_forms(url, response.content.decode()):
            if exempt(action):
                continue
            if not has_token:
                missing.append(f"{route}: form posting to {action}")
            forms.append((route, action, data))
    assert not missing, "POST forms without the submission token:\n" + "\n".join(sorted(set(missing)))

    destructive = ("delete", "cancel", "deactivate", "supersede", "denounce", "sign", "close", "logout")
    forms.sort(key=lambda f: any(word in f[1] for word in destructive))
    seen, created, acts = set(), [], []
    # The row counts of every table, read again only where the SQL wrote (tests/table_watch.py).
    with Watch(product_models(), count) as counts:
        for route, action, data in forms:
            if action in seen or not action.startswith("/") or route in SKIPPED:
                continue
            seen.add(action)
            counts.refresh()
            before = dict(counts.state)
            first = client.post(action, data)
            grown = sorted(label for label in counts.refresh() if counts.state[label] > before[label])
            if first.status_code != 302 or not grown:
                continue
            after = dict(counts.state)

            second = client.post(action, data)  # the double click, or « resend » after going back

            counts.refresh()
            assert counts.state == after, f"{route} ({action}): the second sending created rows"
            assert second.status_code == 302 and second.url == first.url, (
                f"{route}: not sent where the first went"
            )
            assert "déjà été envoyé" in client.get(second.url).content.decode(), f"{route}: no message"
            (created if grown != ["core.AuditEvent"] else acts).append(f"{route} -> {', '.join(grown)}")
    print(
        f"\n{pages} pages, {len(seen)} forms posted; sent twice, acted once: {len(created)} that create"
        f" rows, {len(acts)} acts (audit row only)\n" + "\n".join(created + acts)
    )
    assert len(created) >= 30, created
    assert len(acts) >= 20, acts
