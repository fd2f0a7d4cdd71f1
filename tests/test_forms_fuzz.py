"""Every form of the product posted with hostile values: never a 5xx (trust 31).

The walk of tests/test_access.py gives every route and how to reach one object of each kind. Here the
person is the officer of the partnership that owns those objects (B's own officer, not a stranger), so
every form page answers 200 and shows its forms. Each page's ``<form method="post">`` is read with its
fields and their current values, then posted:

- with every field set to one hostile value (empty, blanks, overlong text, wrong types, negative and
  huge numbers, impossible dates, years 1 and 9999, control and bidirectional characters, markup):
  the empty, the overlong and the NUL value on every form, each of the others on every third form in
  turn (so each value meets a third of the forms); a form whose fields are all hidden (a
  button: delete, confirm...) is posted once, the values having nothing to go into;
- once per field with that field alone given a hostile value chosen by the field's kind, the others
  keeping what the page filled in (so that the value reaches the service past the other fields).

The set of values is fixed, so the number of requests is bounded (about 1,600, a minute and a half on
one core). A request that raises or answers 5xx is collected and reported at the end,
with the route, the field and the value.
"""

import itertools

import lxml.html
import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from partenaria.core import once, stored_state
from partenaria.core.forms import ModelMultipleChoiceField, StyledFormMixin
from partenaria.organisations.models import Organisation
from tests.test_access import OBJECT_ROUTES, OWN_ROUTES, build_world_b

HOSTILE = [
    "",
    "   ",
    "x" * 5000,
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999999",
    "1e308",
    "NaN",
    "abc",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "31/02/2026",
    "9999-12-31T23:59",
    "\x00nul",
    "\u202e\u200b\U0001f600 é\x07",
    '<script>alert("x")</script><b onmouseover=1>',
]

# Tried with every field of every form; the others of HOSTILE take turns (see the module's text).
ON_EVERY_FORM = ["", "x" * 5000, "\x00nul"]
IN_TURN = 3


def bulk_values(fields, form_number: int) -> list[str]:
    """The values to set every field of the ``form_number``-th form to, in the bulk round."""
    if all(kind in ("hidden", "file") for _, kind, _ in fields):
        return [""]  # nothing to set: one post of what the page filled in
    others = [value for value in HOSTILE if value not in ON_EVERY_FORM]
    return ON_EVERY_FORM + others[form_number % IN_TURN :: IN_TURN]


# One value per kind of field for the field-by-field round: what is most likely to get past the
# browser's own checks and surprise the form or the service.
BY_KIND = {
    "number": ["-1", "99999999999999999999999999999", "1e308", "abc", "NaN"],
    "date": ["0001-01-01", "9999-12-31", "2026-02-30", "abc"],
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T10:00"],
    "time": ["25:61", "-1"],
    "email": ["x" * 300 + "@example.test", "not-an-address"],
    "select": ["999999999", "-1", "abc", "\x00"],
    "checkbox": ["abc"],
    "text": ["x" * 5000, "\x00nul", "   "],
}

# Acts that end the session or change who the person is: the walk would lose its way.
SKIPPED = {"accounts:logout", "accounts:switch_organisation", "accounts:two_factor_disable"}


def form_pages(world):
    """(route name, URL) of every walked route, the destructive ones last so that the others still
    find their objects."""
    routes = [(name, reverse(name, kwargs=builder(world))) for name, builder in OBJECT_ROUTES.items()]
    routes += [(name, reverse(name)) for name in sorted(OWN_ROUTES)]
    destructive = ("delete", "cancel", "deactivate", "supersede", "denounce", "sign", "close")
    return sorted(
        ((n, u) for n, u in routes if n not in SKIPPED),
        key=lambda route: any(word in route[0] for word in destructive),
    )


def post_forms(page_url, html):
    """The ``method="post"`` forms of a page: (action, [(name, kind, current value)])."""
    document = lxml.html.fromstring(html)
    forms = []
    for form in document.forms:
        if (form.get("method") or "get").lower() != "post":
            continue
        action = form.get("action") or page_url
        if not action.startswith("/"):
            continue
        fields, current = [], dict(form.form_values())
        for element in form.inputs:
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if element.tag == "select":
                kind = "select"
            elif element.tag == "textarea":
                kind = "text"
            else:
                kind = (element.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                continue
            fields.append((name, kind, current.get(name, "")))
        forms.append((action, fields))
    return forms


def payload(fields, override=None, everything=None):
    data = {}
    for name, kind, value in fields:
        if name == stored_state.FIELD:
            continue  # each post is a first try, not a save over the previous one (trust 22)
        if name == once.FIELD:
            data[name] = once.new_token()  # each post is a new sending of the form (trust 23)
            continue
        if kind == "file":
            data[name] = SimpleUploadedFile("x.pdf", b"%PDF-not-really\x00" * 8, "application/pdf")
            continue
        if kind == "hidden" and everything is not None:
            data[name] = value  # hidden fields carry tokens and versions: keep them in the bulk round
            continue
        data[name] = everything if everything is not None else value
    if override:
        data.update(override)
    return data


@pytest.mark.long_walk(seconds=100)
@pytest.mark.django_db
def test_no_form_answers_5xx_to_hostile_values(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARTENARIA_RATE_LIMITS = dict.fromkeys(settings.PARTENARIA_RATE_LIMITS, "100000/min")
    world = build_world_b()
    client.force_login(world.officer)
    client.raise_request_exception = True

    failures, seen, posted = [], set(), 0

    def send(route, action, data, what):
        nonlocal posted
        posted += 1
        try:
            response = client.post(action, data)
        except Exception as error:
            failures.append(f"{route} POST {action} {what}: {type(error).__name__}: {error}"[:400])
            return
        if response.status_code >= 500:
            failures.append(f"{route} POST {action} {what}: {response.status_code}")

    for route, url in form_pages(world):
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for action, fields in post_forms(url, response.content.decode()):
            key = (action, tuple(name for name, _, _ in fields))
            if key in seen or not fields:
                continue
            seen.add(key)
            for value in bulk_values(fields, len(seen)):
                send(route, action, payload(fields, everything=value), f"all fields = {value[:20]!r}")
            for (name, kind, _), n in zip(fields, itertools.count()):
                if kind == "hidden" or kind == "file":
                    continue
                values = BY_KIND.get(kind, BY_KIND["text"])
                value = values[n % len(values)]
                send(route, action, payload(fields, {name: value}), f"{name} = {value[:20]!r}")

    assert len(seen) >= 100, f"only {len(seen)} forms found: the walk lost its way"
    assert not failures, f"{len(failures)} of {posted} posts failed:\n" + "\n".join(failures)


class _Form(StyledFormMixin, forms.Form):
    day = forms.DateField()
    organisations = ModelMultipleChoiceField(queryset=Organisation.objects.all(), required=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "refused"),
    [
        ("0001-01-01", True),
        ("1899-12-31", True),
        ("1900-01-01", False),
        ("2999-12-31", False),
        ("3000-01-01", True),
        ("9999-12-31", True),
    ],
)
def test_a_date_outside_the_plausible_years_is_refused_next_to_its_field(day, refused):
    with translation.override("fr"):
        form = _Form({"day": day})
        assert form.is_valid() is not refused
        if refused:
            assert form.errors["day"] == ["Saisissez une date comprise entre 1900 et 2999."]
            assert form.fields["day"].widget.attrs["aria-invalid"] == "true"


@pytest.mark.django_db
def test_an_id_beyond_64_bits_is_refused_not_a_crash():
    form = _Form({"day": "2026-01-05", "organisations": ["99999999999999999999"]})
    assert not form.is_valid()
    assert "organisations" in form.errors
