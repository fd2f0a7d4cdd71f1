"""Deployment settings and headers (trust.md 6-8)."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_deploy_check_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x9Z!" * 12,
        "DJANGO_ALLOWED_HOSTS": "partenaria.example.fr",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_DEBUG"] = "0"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy_and_no_inline_script(client):
    response = client.get(reverse("accounts:login"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    inline = [m for m in re.findall(r"<script([^>]*)>", html) if "src=" not in m]
    assert not inline
    assert 'style="' not in html


@pytest.mark.django_db
def test_the_interface_is_french_by_default_and_english_on_request(client):
    response = client.get(reverse("accounts:login"))
    assert '<html lang="fr">' in response.content.decode()
    response = client.get(reverse("accounts:login"), headers={"accept-language": "en"})
    assert '<html lang="en">' in response.content.decode()


# --- Content Security Policy: nothing inline (trust 7) ---------------------------------------------

TEMPLATES_ROOT = ROOT / "partenaria"
# What a strict CSP (script-src/style-src 'self', no unsafe-inline, no unsafe-eval) would block.
INLINE = {
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "htmx inline handler": re.compile(r"\bhx-on[:\-]", re.IGNORECASE),
    "style attribute": re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def inline_code(html: str) -> list[str]:
    return [what for what, pattern in INLINE.items() if pattern.search(html)]


def test_no_template_holds_inline_scripts_handlers_or_styles():
    found = {}
    for path in sorted(TEMPLATES_ROOT.rglob("templates/**/*.html")):
        if "/pdf/" in path.as_posix():
            continue  # printed by WeasyPrint into a PDF, never served to a browser
        problems = inline_code(path.read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(ROOT))] = problems
    assert not found, found


def test_the_inline_detector_catches_what_it_should():
    assert inline_code("<script>alert(1)</script>") == ["inline script"]
    assert inline_code('<button onclick="x()">') == ["event handler attribute"]
    assert inline_code('<p style="color:red">') == ["style attribute"]
    assert inline_code('<div hx-on:click="x()">') == ["htmx inline handler"]
    assert not inline_code('<script src="/static/app.js"></script><p class="onboarding">')


@pytest.mark.django_db
def test_every_page_a_person_reaches_is_served_without_inline_code(client, two_partnerships):
    from tests.test_access import OWN_ACTS, OWN_ROUTES

    client.force_login(two_partnerships["a"]["officer"])
    policy = client.get(reverse("dashboard:home")).headers["Content-Security-Policy"]
    for directive in ("script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    pages = 0
    for name in sorted(OWN_ROUTES - OWN_ACTS):
        response = client.get(reverse(name))
        if not response["Content-Type"].startswith("text/html"):
            continue
        assert not inline_code(response.content.decode()), name
        pages += 1
    assert pages >= 10


def production_settings(*names: str) -> dict:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x9Z!" * 12,
        "DJANGO_ALLOWED_HOSTS": "partenaria.example.fr",
    }
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {list(names)!r}}}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "partenaria.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    return json.loads(result.stdout)


def test_production_cookies_are_secure_and_https_is_enforced_with_hsts():
    values = production_settings(
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_CONTENT_TYPE_NOSNIFF",
        "SECURE_REFERRER_POLICY",
        "X_FRAME_OPTIONS",
    )
    assert (
        values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["SESSION_COOKIE_HTTPONLY"]
    )
    assert values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert values["X_FRAME_OPTIONS"] == "DENY"
