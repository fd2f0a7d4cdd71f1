"""Tokens: trading credentials for a bearer token, using it, and what is refused (item 11, trust 11)."""

import datetime

import pytest
from django.utils import timezone

from partenaria.accounts.models import ApiToken, hash_token
from tests.factories import PASSWORD, UserFactory

from .conftest import bearer

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token"


def post_token(client, email, password, **extra):
    return client.post(
        TOKEN_URL, {"email": email, "password": password}, content_type="application/json", **extra
    )


def test_a_partner_gets_a_token_and_uses_it(client, two_partnerships):
    officer = two_partnerships["a"]["officer"]
    response = post_token(client, officer.email.upper(), PASSWORD)
    assert response.status_code == 200
    raw = response.json()["token"]
    # Only the hash is stored, and the token lives PARTENARIA_API_TOKEN_DAYS days.
    token = ApiToken.objects.get(user=officer)
    assert token.key_hash == hash_token(raw) and raw not in token.key_hash
    assert token.expires_at.date() > (timezone.now() + datetime.timedelta(days=29)).date()

    listed = client.get("/api/v1/conventions/", headers={"Authorization": f"Bearer {raw}"})
    assert listed.status_code == 200
    assert [c["title"] for c in listed.json()["items"]] == ["Convention A"]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_wrong_password_gets_401_and_no_token(client, two_partnerships):
    officer = two_partnerships["a"]["officer"]
    response = post_token(client, officer.email, "not-the-password")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_unknown_email_gets_401(client, db):
    assert post_token(client, "nobody@example.test", PASSWORD).status_code == 401


def test_an_inactive_user_cannot_get_a_token_nor_use_an_old_one(client, two_partnerships):
    officer = two_partnerships["a"]["officer"]
    headers = bearer(officer)
    officer.is_active = False
    officer.save()
    assert post_token(client, officer.email, PASSWORD).status_code == 401
    assert client.get("/api/v1/conventions/", headers=headers).status_code == 401


def test_missing_fields_give_400_with_messages(client, db):
    response = client.post(TOKEN_URL, {"email": "x@example.test"}, content_type="application/json")
    assert response.status_code == 400
    assert "password" in response.json()["errors"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/conventions/",
        "/api/v1/conventions/1",
        "/api/v1/organisations/",
        "/api/v1/organisations/1",
        "/api/v1/partnerships/",
        "/api/v1/partnerships/1",
    ],
)
def test_without_a_token_every_endpoint_answers_401_json_not_the_login_page(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"


def test_creating_without_a_token_is_401(client, db):
    response = client.post("/api/v1/conventions/", {}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize("header", ["Bearer not-a-token", "Bearer ", "Token abc", "Basic dXNlcjpwdw=="])
def test_a_bad_authorization_header_is_401(client, db, header):
    assert client.get("/api/v1/conventions/", headers={"Authorization": header}).status_code == 401


def test_an_expired_token_is_refused(client, two_partnerships):
    token, raw = ApiToken.issue(two_partnerships["a"]["officer"])
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/v1/conventions/", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_a_logged_in_session_is_not_enough_for_the_api(client, two_partnerships):
    """The API uses bearer tokens only: a session cookie does not authenticate (so no CSRF is needed)."""
    client.force_login(two_partnerships["a"]["officer"])
    assert client.get("/api/v1/conventions/").status_code == 401


def test_bearer_posts_need_no_csrf_token(two_partnerships):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    officer = two_partnerships["a"]["officer"]
    response = client.post(
        TOKEN_URL, {"email": officer.email, "password": PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 200


def test_last_used_is_written_at_most_once_a_minute(client, two_partnerships):
    officer = two_partnerships["a"]["officer"]
    token, raw = ApiToken.issue(officer)
    headers = {"Authorization": f"Bearer {raw}"}
    client.get("/api/v1/organisations/", headers=headers)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    client.get("/api/v1/organisations/", headers=headers)
    token.refresh_from_db()
    assert token.last_used_at == first_use


def test_the_token_endpoint_is_rate_limited(client, db, settings):
    settings.PARTENARIA_API_TOKEN_RATE = "3/min"
    user = UserFactory()
    statuses = [post_token(client, user.email, "wrong password").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    # Even the right password is refused until the window passes.
    assert post_token(client, user.email, PASSWORD).status_code == 429


def test_authenticated_calls_are_rate_limited_per_user(client, two_partnerships, settings):
    settings.PARTENARIA_API_RATE = "2/hour"
    officer = two_partnerships["a"]["officer"]
    first, second = bearer(officer), bearer(officer)  # a new token does not reset the count
    assert client.get("/api/v1/organisations/", headers=first).status_code == 200
    assert client.get("/api/v1/organisations/", headers=second).status_code == 200
    response = client.get("/api/v1/organisations/", headers=first)
    assert response.status_code == 429
    assert "Retry-After" in response


def test_the_api_sets_no_cookie(client, two_partnerships):
    officer = two_partnerships["a"]["officer"]
    response = post_token(client, officer.email, PASSWORD)
    assert response.status_code == 200
    assert not response.cookies
    listed = client.get(
        "/api/v1/conventions/", headers={"Authorization": f"Bearer {response.json()['token']}"}
    )
    assert listed.status_code == 200 and not listed.cookies


def test_a_forged_forwarded_address_does_not_escape_the_limit(client, db, settings):
    settings.PARTENARIA_API_TOKEN_RATE = "2/min"
    statuses = [
        post_token(client, "x@example.test", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [401, 401, 429]
