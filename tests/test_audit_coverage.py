"""Every business act that succeeds writes its audit event (trust 18).

The walk of tests/test_access.py, as the officer who owns the objects (B's administrator): every page
of every route is read, each of its ``<form method="post">`` is filled as a person would (what the page
shows, and a plausible value in each empty field: a text, 1, today, the first choice of a list) and
posted once, the destructive acts last. Every row of every table of the product's apps is
fingerprinted before the walk, and the tables each POST wrote to again after it (tests/table_watch.py).
Whenever a POST changed a business row (created, changed or
deleted), at least one new ``AuditEvent`` must name that row or one of the objects it belongs to (its
parents, followed up to three foreign keys: an article's convention, a placement's campaign...).

Not business data, so not required to be audited: the access journal (its own append-only record),
the audit trail itself, sessions, the cache, the lockout's attempts, the task queue, and the fields
that change by themselves (timestamps, version counters, the reading of an evaluation link).
"""

import datetime

import lxml.html
import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from partenaria.core.models import AccessRecord, AuditEvent
from tests.table_watch import Watch
from tests.test_access import build_world_b
from tests.test_forms_fuzz import form_pages

VOLATILE = {"updated_at", "modified_at", "created_at", "last_login", "version", "last_used_at"}
NOT_BUSINESS = {AuditEvent, AccessRecord}
FILLED = {
    "text": "Texte de contrôle de l'audit",
    "textarea": "Texte de contrôle de l'audit",
    "email": "audit.controle@example.test",
    "number": "1",
    "url": "https://example.test/",
    "tel": "0102030405",
    "time": "10:00",
}
# Acts that end the session or change who the person is: the walk would lose its way.
SKIPPED = {"accounts:logout", "accounts:switch_organisation", "accounts:two_factor_disable", "set_language"}


def business_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith("partenaria.") and model not in NOT_BUSINESS
    ]


def fingerprint(model) -> dict[int, dict]:
    return {row["id"]: {k: v for k, v in row.items() if k not in VOLATILE} for row in model.objects.values()}


def changed_rows(before, after, labels) -> set[tuple[str, int]]:
    changed = set()
    for label in labels:
        rows, old = after.get(label, {}), before.get(label, {})
        changed |= {(label, pk) for pk, row in rows.items() if old.get(pk) != row}
        changed |= {(label, pk) for pk in old.keys() - rows.keys()}
    return changed


def owners(rows: set[tuple[str, int]], before, after, depth: int = 3) -> set[tuple[str, int]]:
    """The rows and the objects they belong to, following foreign keys ``depth`` times."""
    found, frontier = set(rows), set(rows)
    for _ in range(depth):
        following = set()
        for label, pk in frontier:
            model = apps.get_model(label)
            row = after.get(label, {}).get(pk) or before.get(label, {}).get(pk) or {}
            for field in model._meta.concrete_fields:
                if field.is_relation and field.many_to_one and row.get(field.attname) is not None:
                    following.add((field.related_model._meta.concrete_model._meta.label, row[field.attname]))
            # A generic target (a generated document's object).
            if row.get("target_type_id") and row.get("target_id"):
                target = ContentType.objects.get_for_id(row["target_type_id"]).model_class()
                following.add((target._meta.concrete_model._meta.label, row["target_id"]))
        frontier = following - found
        found |= following
    return found


def named(events) -> set[tuple[str, int]]:
    return {
        (
            ContentType.objects.get_for_id(e.target_type_id).model_class()._meta.concrete_model._meta.label,
            e.target_id,
        )
        for e in events
    }


def filled_forms(page_url: str, html: str):
    """Each POST form of the page: (action, data) with the empty fields given a plausible value."""
    document = lxml.html.fromstring(html)
    today = datetime.date.today()
    result = []
    for form in document.forms:
        if (form.get("method") or "get").lower() != "post":
            continue
        action = form.get("action") or page_url
        if not action.startswith("/"):
            continue
        data = dict(form.form_values())
        for element in form.inputs:
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if element.tag == "select":
                choices = [o.get("value") for o in element.findall(".//option") if o.get("value")]
                if not data.get(name) and choices and element.get("multiple") is None:
                    data[name] = choices[0]
                continue
            kind = "textarea" if element.tag == "textarea" else (element.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image", "checkbox", "radio", "hidden", "file"):
                continue
            if data.get(name):
                continue
            if kind == "date":
                data[name] = today.isoformat()
            elif kind == "datetime-local":
                data[name] = f"{today + datetime.timedelta(days=20)}T10:00"
            else:
                data[name] = FILLED.get(kind, FILLED["text"])
        result.append((action, data))
    return result


@pytest.mark.long_walk(seconds=45)
@pytest.mark.django_db
def test_every_successful_business_post_writes_an_audit_event_naming_its_object(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARTENARIA_RATE_LIMITS = dict.fromkeys(settings.PARTENARIA_RATE_LIMITS, "100000/min")
    world = build_world_b()
    client.force_login(world.officer)
    with Watch(business_models(), fingerprint) as watch:
        seen, acts, unaudited = walk(client, world, watch)

    print(f"{len(seen)} forms posted, {len(acts)} business acts, {len(unaudited)} without audit")
    assert len(seen) >= 100, f"only {len(seen)} forms posted: the walk lost its way"
    assert len(acts) >= 40, acts
    assert not unaudited, f"{len(unaudited)} of {len(acts)} acts without audit:\n" + "\n".join(unaudited)


def walk(client, world, watch):
    seen, acts, unaudited = set(), [], []
    for route, url in form_pages(world):
        if route in SKIPPED:
            continue
        page = client.get(url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for action, data in filled_forms(url, page.content.decode()):
            key = (action, tuple(sorted(data)))
            if key in seen or "/i18n/" in action or "/compte/deconnexion" in action:
                continue
            seen.add(key)
            watch.refresh()  # what reading the pages wrote (an access journal, a reading time...)
            before = dict(watch.state)
            last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = client.post(action, data)
            assert response.status_code < 500, (route, action, response.status_code)
            written = watch.refresh()
            after = watch.state
            changed = changed_rows(before, after, written)
            if not changed:
                continue
            acts.append(f"{route} -> {action}")
            events = list(AuditEvent.objects.filter(pk__gt=last_event))
            if not named(events) & owners(changed, before, after):
                diffs = {
                    (label, pk): {
                        k: (before.get(label, {}).get(pk, {}).get(k), v)
                        for k, v in after.get(label, {}).get(pk, {}).items()
                        if before.get(label, {}).get(pk, {}).get(k) != v
                    }
                    for label, pk in sorted(changed)[:4]
                }
                unaudited.append(f"{route} POST {action}: changed {diffs}, audit {named(events)}")
    return seen, acts, unaudited
