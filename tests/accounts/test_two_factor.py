"""Two-factor authentication (trust 8): set up from the account page, asked at each login once on,
required before the research pages for the roles that see research data."""

import base64

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partenaria.accounts import two_factor
from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Role
from tests.factories import PASSWORD, OrganisationFactory, officer_of

pytestmark = pytest.mark.django_db

RESEARCH = "/recherche/"


def current_code(device: TOTPDevice) -> str:
    """What the person's app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def log_in_with_password(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def with_app(user) -> TOTPDevice:
    """A person who turned two-factor authentication on earlier."""
    device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    two_factor._new_recovery_codes(user)
    return device


def test_an_officer_sets_it_up_from_the_account_page_with_a_qr_code_and_gets_recovery_codes(client):
    officer = officer_of(OrganisationFactory())
    log_in_with_password(client, officer)

    account = client.get(reverse("accounts:account"))
    assert reverse("accounts:two_factor_setup") in account.content.decode()

    page = client.get(reverse("accounts:two_factor_setup"))
    html = page.content.decode()
    # The QR code is drawn by the server as SVG: no image service ever sees the secret.
    assert 'src="data:image/svg+xml' in html
    assert "http://" not in html.split('src="data:image/svg+xml', 1)[1].split('"', 1)[0][:200]
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    typed_secret = page.context["secret"].replace(" ", "")
    assert base64.b32decode(typed_secret) == device.bin_key
    # Reloading keeps the same secret, so an app that already scanned it still matches.
    client.get(reverse("accounts:two_factor_setup"))
    assert TOTPDevice.objects.filter(user=officer).count() == 1

    wrong = client.post(reverse("accounts:two_factor_setup"), {"token": "000000"})
    assert "token" in wrong.context["form"].errors
    assert 'aria-invalid="true"' in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttling_failure_count = 0  # the failure slows the next try: not the subject here
    device.throttling_failure_timestamp = None
    device.save()

    done = client.post(reverse("accounts:two_factor_setup"), {"token": current_code(device)})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT
    assert all(code in done.content.decode() for code in codes)
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="account.two_factor_enabled", target_id=officer.pk).exists()


def test_once_on_every_login_asks_for_a_code_before_any_page(client):
    officer = officer_of(OrganisationFactory())
    device = with_app(officer)

    log_in_with_password(client, officer)
    home = client.get(reverse("dashboard:home"))
    assert home.status_code == 302
    assert home.url.startswith(reverse("accounts:two_factor_verify"))

    refused = client.post(reverse("accounts:two_factor_verify"), {"token": "123456", "next": "/"})
    assert refused.status_code == 200
    assert "token" in refused.context["form"].errors
    assert client.get(reverse("dashboard:home")).status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    session_before = client.session.session_key
    accepted = client.post(
        reverse("accounts:two_factor_verify"),
        {"token": current_code(device), "next": reverse("deadlines:list")},
    )
    assert accepted.status_code == 302
    assert accepted.url == reverse("deadlines:list")
    assert client.session.session_key != session_before  # a new key once fully logged in
    assert client.get(reverse("dashboard:home")).status_code == 200


def test_the_same_code_cannot_be_used_twice(client):
    officer = officer_of(OrganisationFactory())
    device = with_app(officer)
    code = current_code(device)
    assert two_factor.two_factor_check(user=officer, token=code)
    assert not two_factor.two_factor_check(user=officer, token=code)


def test_a_recovery_code_lets_in_once(client):
    officer = officer_of(OrganisationFactory())
    with_app(officer)
    code = StaticToken.objects.filter(device__user=officer).first().token

    log_in_with_password(client, officer)
    assert client.post(reverse("accounts:two_factor_verify"), {"token": code.upper()}).status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 200
    assert not StaticToken.objects.filter(token=code).exists()
    assert AuditEvent.objects.filter(action="account.recovery_code_used").exists()

    client.logout()
    log_in_with_password(client, officer)
    again = client.post(reverse("accounts:two_factor_verify"), {"token": code})
    assert "token" in again.context["form"].errors


def test_a_role_that_sees_research_is_sent_to_set_it_up_before_the_research_pages(client):
    officer = officer_of(OrganisationFactory(), role=Role.VIEWER)
    log_in_with_password(client, officer)

    # Pages without research data stay open.
    assert client.get(reverse("dashboard:home")).status_code == 200
    response = client.get(RESEARCH)
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor_setup") + "?next=%2Frecherche%2F"
    assert client.get(reverse("research:study_list")).status_code == 302

    device = two_factor.totp_pending_device(user=officer)
    done = client.post(
        reverse("accounts:two_factor_setup") + "?next=%2Frecherche%2F",
        {"token": current_code(device), "next": RESEARCH},
    )
    assert done.context["next"] == RESEARCH
    assert client.get(RESEARCH).status_code == 200


def test_staff_need_it_for_the_admin_site(client):
    admin = officer_of(OrganisationFactory(), is_staff=True, is_superuser=True)
    log_in_with_password(client, admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two_factor_setup"))


def test_who_must_use_it():
    class Person:
        is_superuser = is_staff = False

    def member(role):
        return type("M", (), {"role": role})()

    assert not two_factor.requires_two_factor(Person(), [member(Role.STUDENT)])
    assert not two_factor.requires_two_factor(Person(), [])
    for role in [Role.ADMIN, Role.PARTNERSHIP_OFFICER, Role.HR, Role.HOST_REFERENT, Role.AGENT, Role.VIEWER]:
        assert two_factor.requires_two_factor(Person(), [member(Role.STUDENT), member(role)]), role


def test_turning_it_off_needs_a_current_code_and_new_recovery_codes_replace_the_old(client):
    officer = officer_of(OrganisationFactory())
    device = with_app(officer)
    old = set(StaticToken.objects.filter(device__user=officer).values_list("token", flat=True))
    client.force_login(officer)

    renewed = client.post(reverse("accounts:recovery_codes_renew"))
    assert set(renewed.context["codes"]).isdisjoint(old)
    assert not StaticToken.objects.filter(token__in=old).exists()

    refused = client.post(reverse("accounts:two_factor_disable"), {"token": "999999"})
    assert "token" in refused.context["form"].errors
    assert TOTPDevice.objects.filter(user=officer).exists()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()

    off = client.post(reverse("accounts:two_factor_disable"), {"token": current_code(device)})
    assert off.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticToken.objects.filter(device__user=officer).exists()


def test_the_verify_page_refuses_to_send_elsewhere(client):
    officer = officer_of(OrganisationFactory())
    device = with_app(officer)
    log_in_with_password(client, officer)
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"token": current_code(device), "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response.url == "/"


def test_guessing_codes_is_slowed_down(client):
    officer = officer_of(OrganisationFactory())
    device = with_app(officer)
    for _ in range(3):
        two_factor.two_factor_check(user=officer, token="111111")
    # Even the right code is refused while the delay runs (django-otp's throttling).
    assert not two_factor.two_factor_check(user=officer, token=current_code(device))
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count >= 1
