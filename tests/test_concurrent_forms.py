"""Two people editing the same record: the second save is refused, on every edit form (trust 22).

The edit routes are those of the access walk (tests/test_access.py), as in the mass-assignment walk of
tests/test_access_requests.py. For each: the partnership's officer opens the form in two tabs, saves
the first with a change, then the second with another change. The second is refused with the French
message at the top of the form, the database keeps the first's values, and the page shown again holds
what the second typed.
"""

import html

import lxml.html
import pytest
from django.test import Client
from django.urls import reverse

from partenaria.core import stored_state
from partenaria.core.once import FIELD as TOKEN
from partenaria.organisations.models import Role
from tests.factories import officer_of
from tests.test_access import OBJECT_ROUTES, build_world_b
from tests.test_access_requests import EDIT_ROUTES, snapshot
from tests.test_forms_fuzz import post_forms


@pytest.fixture
def two_worlds(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world_b(), build_world_b()


REFUSED = "Quelqu'un d'autre a enregistré cette"  # « cette fiche », « cette convention »


def edit_form(page_url, content):
    """The form of an edit page: the one posting to the page itself with the most fields."""
    forms = [f for action, f in post_forms(page_url, content) if action == page_url]
    return max(forms, key=len, default=None)


def changed(kind, value, mark):
    """Another plausible value for a field, different for each tab (``mark`` 1 or 2)."""
    if kind in ("text", "textarea", "email") and value is not None:
        if kind == "email":
            return f"tab{mark}.{value}" if value else f"tab{mark}@example.test"
        return f"{value} (onglet {mark})".strip()
    if kind == "number":
        try:
            return str(int(float(value or 0)) + mark)
        except ValueError:
            return None
    return None


def two_versions(fields):
    """The form's values as rendered, and the same with one field changed differently per tab."""
    data = {
        name: value
        for name, kind, value in fields
        if kind != "file" and not (kind in ("checkbox", "radio") and value == "")  # unticked: not sent
    }
    for name, kind, value in fields:
        if name in (TOKEN, stored_state.FIELD) or kind in ("hidden", "file", "select", "checkbox"):
            continue
        first, second = changed(kind, value, 1), changed(kind, value, 2)
        if first is not None:
            return name, {**data, name: first}, {**data, name: second}
    return None, data, data


def form_values(content, page_url):
    document = lxml.html.fromstring(content)
    for form in document.forms:
        if (form.get("action") or page_url) == page_url and (form.get("method") or "").lower() == "post":
            values = dict(form.form_values())
            for area in form.xpath(".//textarea[@name]"):
                # As a browser does: one newline right after <textarea> is not part of the value.
                values[area.get("name")] = values.get(area.get("name"), "").removeprefix("\n")
            return values
    return {}


def select_versions(content, page_url, data):
    """For a form without a text or number field: its first select with two other options, one per tab."""
    document = lxml.html.fromstring(content)
    for form in document.forms:
        if (form.get("action") or page_url) != page_url:
            continue
        for select in form.xpath(".//select[@name][not(@multiple)]"):
            name = select.get("name")
            others = [
                o.get("value")
                for o in select.xpath(".//option")
                if o.get("value") not in ("", data.get(name))
            ]
            if len(others) >= 2:
                return name, {**data, name: others[0]}, {**data, name: others[1]}
    return None, None, None


@pytest.mark.django_db
def test_the_second_of_two_people_editing_the_same_record_is_refused(two_worlds):
    own, _ = two_worlds
    first, second = Client(), Client()
    first.force_login(own.officer)
    second.force_login(own.officer)  # the same person in a second tab, or a colleague
    # The school's records (teaching) are edited by the school's managers, not the Département's.
    school_manager = officer_of(own.school, role=Role.ADMIN)
    tried, not_tried = [], []
    for name in EDIT_ROUTES:
        url = reverse(name, kwargs=OBJECT_ROUTES[name](own))
        editor = school_manager if name.startswith("teaching:") else own.officer
        first.force_login(editor)
        second.force_login(editor)
        page_one, page_two = first.get(url), second.get(url)
        if page_one.status_code != 200:
            not_tried.append(f"{name}: {page_one.status_code}")
            continue
        fields_one = edit_form(url, page_one.content.decode())
        fields_two = edit_form(url, page_two.content.decode())
        assert fields_one is not None, f"{name}: no form posting to the page"
        names = {n for n, _, _ in fields_one}
        assert stored_state.FIELD in names or "version" in names, f"{name}: the form carries no stored state"
        field, data_one, _ = two_versions(fields_one)
        _, _, data_two = two_versions(fields_two)
        if field is None:  # a form of choices only: pick another option in each tab
            field, data_one, _ = select_versions(page_one.content.decode(), url, data_one)
            _, _, data_two = select_versions(page_two.content.decode(), url, data_two)
        if field is None:
            not_tried.append(f"{name}: no field to change")
            continue
        before = snapshot()
        saved = first.post(url, data_one)
        if saved.status_code != 302:
            not_tried.append(f"{name}: not saved as rendered ({saved.status_code})")
            continue
        after_first = snapshot()
        assert after_first != before, f"{name}: the first save changed nothing ({field}: {data_one[field]!r})"

        refused = second.post(url, data_two)

        assert refused.status_code == 200, f"{name}: the second save was not refused"
        content = html.unescape(refused.content.decode())
        assert REFUSED in content, f"{name}: no message saying someone else saved it"
        assert snapshot() == after_first, f"{name}: the second save changed the data"
        assert form_values(refused.content.decode(), url).get(field) == data_two[field], (
            f"{name}: what the second person typed is lost"
        )
        tried.append(name)
    assert not not_tried, not_tried
    assert len(tried) >= 28, tried
    assert len({n.split(":")[0] for n in tried}) >= 8, tried
    print(f"\n{len(tried)} edit forms refused the second save; not tried: {not_tried}")


@pytest.mark.django_db
def test_a_counter_moved_by_another_act_does_not_stop_an_edit(two_worlds):
    """The fingerprint covers the form's own fields only: a quota's places taken by registrations
    meanwhile do not stop its edit."""
    from partenaria.events.models import Quota

    own, _ = two_worlds
    client = Client()
    client.force_login(own.officer)
    name = "events:quota_edit"
    url = reverse(name, kwargs=OBJECT_ROUTES[name](own))
    fields = edit_form(url, client.get(url).content.decode())
    quota = Quota.objects.get(pk=OBJECT_ROUTES[name](own)["quota_pk"])
    Quota.objects.filter(pk=quota.pk).update(taken=quota.taken + 1)  # someone registered meanwhile
    _, data, _ = two_versions(fields)
    assert client.post(url, data).status_code == 302
