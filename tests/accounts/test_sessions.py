"""Sessions and logins (trust 8-10): new key at login, old cookie useless afterwards, idle timeout,
lockout after repeated failures, passwords of 12 characters at least, common ones refused."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import PASSWORD, OrganisationFactory, officer_of

pytestmark = pytest.mark.django_db


def log_in(client, email, password=PASSWORD, **extra):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, **extra)


def test_logging_in_gives_a_new_session_key(client):
    officer = officer_of(OrganisationFactory())
    client.get(reverse("accounts:login"))
    client.cookies[settings.SESSION_COOKIE_NAME] = "planted-by-an-attacker"
    session = client.session
    session["before"] = "anonymous visit"
    session.save()
    before = session.session_key

    assert log_in(client, officer.email).status_code == 302
    assert client.session.session_key != before
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_the_old_cookie_is_useless_after_logout(client):
    officer = officer_of(OrganisationFactory())
    log_in(client, officer.email)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("accounts:logout"))

    thief = client.__class__()
    thief.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = thief.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_changing_the_password_ends_the_other_sessions(client):
    officer = officer_of(OrganisationFactory())
    other_device = client.__class__()
    log_in(other_device, officer.email)
    assert other_device.get(reverse("dashboard:home")).status_code == 200

    log_in(client, officer.email)
    new = "une autre phrase de passe"
    changed = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200  # this one stays in
    assert other_device.get(reverse("dashboard:home")).status_code == 302


def test_sessions_end_after_eight_idle_hours_and_each_request_extends_them(client):
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST
    officer = officer_of(OrganisationFactory())
    log_in(client, officer.email)
    response = client.get(reverse("dashboard:home"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600
    assert response.cookies[settings.SESSION_COOKIE_NAME]["httponly"]


def test_five_wrong_passwords_lock_the_account_for_a_while_and_are_logged(client, caplog):
    officer = officer_of(OrganisationFactory())
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, officer.email.upper(), "wrong password", REMOTE_ADDR=f"10.0.0.{attempt}")
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()
    locked = log_in(client, officer.email, "wrong password", REMOTE_ADDR="10.0.0.9")
    assert locked.status_code == 429
    assert "Retry-After" in locked
    # Even the right password, from elsewhere, is refused until the cool-off ends.
    again = log_in(client, officer.email, PASSWORD, REMOTE_ADDR="10.0.0.10")
    assert again.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "15 minutes" in again.content.decode()

    attempts = AccessAttempt.objects.filter(username=officer.email)
    assert sum(a.failures_since_start for a in attempts) >= settings.AXES_FAILURE_LIMIT
    assert AccessFailureLog.objects.filter(username=officer.email).count() >= settings.AXES_FAILURE_LIMIT
    assert any("locking out" in r.getMessage().lower() for r in caplog.records if r.name.startswith("axes"))


def test_the_api_token_endpoint_counts_against_the_same_lockout(client, settings):
    settings.PARTENARIA_API_TOKEN_RATE = "100/min"
    officer = officer_of(OrganisationFactory())
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, officer.email, "wrong password")
    response = client.post(
        "/api/v1/auth/token", {"email": officer.email, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 429
    assert "detail" in response.json()


def test_a_success_resets_the_count_and_other_accounts_are_not_locked(client):
    officer = officer_of(OrganisationFactory())
    colleague = officer_of(OrganisationFactory())
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, officer.email, "wrong password")
    assert log_in(client, officer.email).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, officer.email, "wrong password")
    assert log_in(client, officer.email).status_code == 302
    client.post(reverse("accounts:logout"))
    assert log_in(client, colleague.email).status_code == 302


def test_many_accounts_tried_from_one_address_hit_the_login_rate_limit(client, settings):
    settings.PARTENARIA_RATE_LIMITS = {**settings.PARTENARIA_RATE_LIMITS, "login": "3/min"}
    statuses = [log_in(client, f"person{n}@example.test", "Password123!").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert client.get(reverse("accounts:login")).status_code == 200  # reading the page is not limited


@pytest.mark.parametrize(
    ("password", "refused"),
    [
        ("court", True),  # under 12 characters
        ("onze-lettre", True),  # 11
        ("password1234", True),  # in the list of common passwords
        ("123456789012", True),  # common, and only digits
        ("une phrase assez longue", False),  # no composition rule: a long phrase is fine
        ("cheval-agrafe-batterie", False),
    ],
)
def test_passwords_have_twelve_characters_at_least_and_common_ones_are_refused(password, refused):
    user = officer_of(OrganisationFactory(), email="marie.durand@example.test")
    try:
        validate_password(password, user)
    except ValidationError:
        assert refused
    else:
        assert not refused


def test_a_password_like_the_email_address_is_refused():
    user = officer_of(OrganisationFactory(), email="marie.durand@example.test")
    with pytest.raises(ValidationError):
        validate_password("marie.durand@example", user)


def test_failed_logins_and_lockouts_log_no_address_and_no_password(client, caplog):
    """Trust 19: what the logs keep of an attack on an account names neither the account nor the
    password tried (django-axes masks them; the attempt itself is in AccessAttempt for the admin)."""
    officer = officer_of(OrganisationFactory(), email="claude.secret@example.test")
    caplog.set_level("DEBUG")  # everything, from here on: the factories' own debug lines are before
    caplog.clear()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        log_in(client, officer.email, "my-wrong-guess-123")
    log_in(client, officer.email, PASSWORD)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Locking out" in logged
    assert "claude.secret" not in logged
    leaks = [line for line in logged.splitlines() if "my-wrong-guess-123" in line or PASSWORD in line]
    assert not leaks, leaks
