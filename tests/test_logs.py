"""No personal data or secrets in the logs and the error pages (trust 19).

The masking itself (``partenaria/core/logging.py``), that every handler applies it, the product's
error pages with ``DEBUG`` off (500 with a reference found in the log, 404 and 403 and 400 in the
layout, echoing nothing), the report e-mailed to ``ADMINS``, and the main flows driven while every
log line is watched (the watch over the whole run is ``tests/log_guard.py``, wired in conftest).
"""

import io
import logging
import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from partenaria.core.logging import MASK, MaskSecretsFilter, SafeExceptionReporter, mask
from tests import log_guard
from tests.factories import PASSWORD, OrganisationFactory, officer_of

pytestmark = pytest.mark.django_db

EMAIL = "claire.secret@example.test"
TOKEN = "Zq3vR8pLw2Xy9Kd4Tn6Hb1Mc5Fg7Js0A-_uE"


@pytest.fixture
def console():
    """What the product's console handler writes, for the duration of the test."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


# --- The mask ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        (f"Not Found: /echeances/calendrier/{TOKEN}.ics", TOKEN),
        (f"GET /stages/evaluation/{TOKEN}:sig-Nature_42/ 404", TOKEN),
        (f"Not Found: /evenements/inscription/{TOKEN}/", TOKEN),
        (f"Not Found: /evenements/desinscription/{TOKEN}/", TOKEN),
        (f"GET /evenements/flux/{TOKEN}/evenements.ics", TOKEN),
        (f"GET /compte/mot-de-passe/nouveau/MTI/{TOKEN}/", TOKEN),
        (f"headers {{'Authorization': 'Bearer {TOKEN}'}}", TOKEN),
        (f'response {{"token": "{TOKEN}"}}', TOKEN),
        (f"Cookie: csrftoken=abc; sessionid={TOKEN}; lang=fr", TOKEN),
        (f"session_key={TOKEN}", TOKEN),
        ("<QueryDict: {'username': ['x'], 'password': ['une phrase assez longue']}>", "une phrase"),
        ("username=x&password=hunter-2-hunter-2&next=/", "hunter-2"),
        ("{'old_password': 'hunter-2-hunter-2', 'new_password1': 'other-pass-12'}", "hunter-2"),
        (f"Locking out {EMAIL} after 5 failures", EMAIL),
        (f"IntegrityError: Key (email)=({EMAIL}) already exists.", EMAIL),
        (f"settings {settings.SECRET_KEY}", settings.SECRET_KEY),
    ],
)
def test_the_mask_hides_addresses_tokens_sessions_passwords_and_the_secret_key(line, secret):
    masked = mask(line)
    assert secret not in masked
    assert MASK in masked


def test_the_mask_keeps_what_is_not_secret():
    line = "Not Found: /partenariats/conventions/42/ ; /echeances/calendrier/nouvelle-adresse/ by user #7"
    assert mask(line) == line


def test_every_handler_of_every_logger_masks_secrets():
    """A handler added to LOGGING without the filter would write what the others mask."""
    for name, handler in settings.LOGGING["handlers"].items():
        assert "mask_secrets" in handler.get("filters", []), name
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    checked = 0
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if isinstance(handler, log_guard.LeakGuard) or type(handler).__module__.startswith("_pytest"):
                continue  # the test run's own watchers
            if isinstance(handler, logging.NullHandler):
                continue  # writes nothing (libraries install it)
            assert any(isinstance(f, MaskSecretsFilter) for f in handler.filters), (logger, handler)
            checked += 1
    assert checked >= 2  # the console and the e-mail to ADMINS at least


def test_a_line_written_by_the_product_is_masked_with_its_traceback(console):
    logger = logging.getLogger("partenaria.somewhere")
    try:
        raise ValueError(f"duplicate {EMAIL}")
    except ValueError:
        logger.exception(
            "Feed /echeances/calendrier/%s.ics asked by %s with password=%s", TOKEN, EMAIL, PASSWORD
        )
    written = console.getvalue()
    assert "Feed /echeances/calendrier/[masked].ics asked by [masked]" in written
    assert "ValueError: duplicate [masked]" in written
    for secret in (TOKEN, EMAIL, PASSWORD):
        assert secret not in written


def test_the_guard_over_the_run_sees_what_escapes_the_mask():
    """The watch of tests/log_guard.py is not blind: a password written without its field name is not
    masked, and the guard reports it (then forgets it, so that this test passes)."""
    guard = log_guard.GUARD
    guard.add_phrase("une phrase assez longue")
    logging.getLogger("partenaria.somewhere").warning("the person typed une phrase assez longue")
    logging.getLogger("partenaria.somewhere").warning("a planted CANARY-B in a line")
    assert len(guard.leaks) == 2, guard.leaks
    assert "une phrase assez longue" in guard.leaks[0]
    guard.leaks.clear()


# --- Error pages, DEBUG off (pytest-django runs with DEBUG = False) --------------------------------


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_an_unexpected_error_gives_the_french_500_page_with_a_reference_found_in_the_log(console):
    assert not settings.DEBUG
    client = Client(raise_request_exception=False)
    client.force_login(officer_of(OrganisationFactory(), email=EMAIL))
    response = client.get(f"/test-errors/evaluation/{TOKEN}/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Une erreur inattendue" in page and 'lang="fr"' in page
    reference = re.search(r'<strong class="font-monospace">([A-Z0-9]{10})</strong>', page).group(1)
    for secret in ("Traceback", "RuntimeError", "hunter", EMAIL, TOKEN, "/test-errors/"):
        assert secret not in page
    logged = console.getvalue()
    assert f"Internal Server Error: /test-errors/evaluation/{TOKEN}/" not in logged
    line = next(line for line in logged.splitlines() if "Internal Server Error" in line)
    assert line.endswith(f"(reference {reference})")
    assert "RuntimeError" in logged  # the traceback is in the log, for the support
    for secret in ("hunter-2-hunter-2", EMAIL):
        assert secret not in logged


@override_settings(ROOT_URLCONF="tests.error_urls", ADMINS=["support@partenaria.example"])
def test_the_report_mailed_to_the_admins_holds_no_personal_data_nor_secret():
    client = Client(raise_request_exception=False)
    client.force_login(officer_of(OrganisationFactory(), email=EMAIL))
    response = client.post(
        f"/test-errors/evaluation/{TOKEN}/?email={EMAIL}",
        {"password": "hunter-2-hunter-2", "email": EMAIL, "note": f"write to {EMAIL}"},
    )
    assert response.status_code == 500
    (report,) = mail.outbox
    assert report.to == ["support@partenaria.example"]
    assert "RuntimeError" in report.body  # the report still says what failed, and where
    assert "raising" in report.body
    text = report.subject + report.body + "".join(str(a) for a in report.alternatives)
    for secret in (EMAIL, "hunter-2-hunter-2", TOKEN, settings.SECRET_KEY):
        assert secret not in text, secret
    assert client.cookies[settings.SESSION_COOKIE_NAME].value not in text


def test_the_safe_reporter_hides_fields_named_after_a_person_or_a_secret(rf):
    request = rf.post("/x/", {"phone": "06 12 34 56 78", "otp_code": "123456", "title": "Convention"})
    try:
        first_name = "Claire"  # noqa: F841 - a local variable of the failing frame
        raise ValueError("failed")
    except ValueError as exc:
        reporter = SafeExceptionReporter(request, type(exc), exc, exc.__traceback__)
        text = reporter.get_traceback_text()
    assert "06 12 34 56 78" not in text and "123456" not in text and "'Claire'" not in text
    assert "Convention" in text


def test_a_missing_page_with_a_token_in_its_path_answers_in_the_layout_without_echoing_it(client, console):
    response = client.get(reverse("deadlines:feed", args=[TOKEN]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page introuvable" in page and "Aller au contenu" in page  # the product's layout
    assert TOKEN not in page
    assert f"Not Found: /echeances/calendrier/{MASK}.ics" in console.getvalue()
    assert TOKEN not in console.getvalue()

    client.force_login(officer_of(OrganisationFactory()))
    page = client.get(f"/stages/evaluation/{TOKEN}:signature/").content.decode()
    assert TOKEN not in page


@override_settings(ROOT_URLCONF="tests.error_urls")
def test_refused_and_malformed_requests_answer_in_french_in_the_layout(client, console):
    client.force_login(officer_of(OrganisationFactory()))
    forbidden = client.get("/test-errors/forbid/")
    assert forbidden.status_code == 403
    assert "Vous n'êtes pas autorisé" in forbidden.content.decode()
    bad = client.get("/test-errors/bad/")
    assert bad.status_code == 400
    assert "Requête incomprise" in bad.content.decode() and "Aller au contenu" in bad.content.decode()
    for response in (forbidden, bad):
        assert EMAIL not in response.content.decode()
    assert EMAIL not in console.getvalue()


def test_a_post_without_its_csrf_token_answers_a_french_page_in_the_layout():
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_of(OrganisationFactory()))
    response = client.post(reverse("deadlines:regenerate_token"), {"x": "1"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Ce formulaire a expiré" in page and "Aller au contenu" in page


# --- The main flows, every log line watched -------------------------------------------------------


def test_the_main_flows_write_no_secret_nor_personal_data_in_the_logs(
    client, two_partnerships, django_capture_on_commit_callbacks
):
    """Failed logins and a lockout, an API token and its use, refused and missing pages, the private
    calendar feed, an export: every record (DEBUG and up, every logger) goes through the guard."""
    guard = log_guard.GUARD
    before = guard.records
    officer = two_partnerships["a"]["officer"]
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("accounts:login"), {"username": officer.email, "password": "wrong-guess-4567"})
    assert (
        client.post(reverse("accounts:login"), {"username": officer.email, "password": PASSWORD}).status_code
        == 429
    )

    api = Client()
    other = two_partnerships["b"]["officer"]
    answer = api.post(
        "/api/v1/auth/token", {"email": other.email, "password": PASSWORD}, content_type="application/json"
    )
    raw = answer.json()["token"]
    assert raw in guard.words
    assert api.get("/api/v1/conventions/", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    assert api.get("/api/v1/conventions/", headers={"Authorization": f"Bearer {raw}x"}).status_code == 401

    browser = Client()
    browser.force_login(other)
    assert browser.get(reverse("deadlines:feed", args=[other.calendar_token])).status_code == 200
    assert browser.get(reverse("deadlines:feed", args=[other.calendar_token + "x"])).status_code == 404
    a_convention = two_partnerships["a"]["convention"]
    assert browser.get(reverse("conventions:convention_detail", args=[a_convention.pk])).status_code == 404
    assert browser.get(reverse("conventions:convention_export_csv")).status_code == 200

    assert guard.records > before  # the flows did log (the lockout at least)
    assert other.calendar_token in guard.words and other.email in guard.words
    assert not guard.leaks, guard.leaks


def test_gunicorn_access_log_masks_the_token_of_a_feed():
    """The access log of the application server (README: ``--logger-class``) holds no token."""
    import datetime as dt
    from types import SimpleNamespace

    from gunicorn.config import Config

    from partenaria.core.gunicorn_logger import MaskedLogger

    logger = MaskedLogger(Config())
    path = f"/echeances/calendrier/{TOKEN}.ics"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://partenaria.example/stages/evaluation/{TOKEN}/",
    }
    request = SimpleNamespace(headers=[("AUTHORIZATION", f"Bearer {TOKEN}")])
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, request, environ, dt.timedelta(seconds=0, microseconds=1200))
    line = logger.cfg.access_log_format % atoms
    assert f"GET /echeances/calendrier/{MASK}.ics HTTP/1.1" in line
    assert TOKEN not in line and TOKEN not in repr(atoms)
