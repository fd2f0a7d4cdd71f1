"""The admin site is for superusers only (issue 2 item 9)."""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django_otp.oath import totp

from partenaria.accounts import two_factor
from partenaria.accounts.models import ApiToken, User
from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Membership, Organisation, Person, Unit
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_staff_member_who_is_not_a_superuser_cannot_log_into_the_admin(client):
    staff = UserFactory(is_staff=True, email="staff@example.test")
    response = client.post(
        reverse("admin:login"), {"username": "staff@example.test", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session
    # Even with a session opened elsewhere, the admin stays closed.
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))
    assert client.get(reverse("admin:organisations_organisation_changelist")).status_code == 302


def test_a_superuser_logs_in_with_their_email_and_sees_every_model(client):
    UserFactory(is_staff=True, is_superuser=True, email="root@example.test")
    response = client.post(
        reverse("admin:login"), {"username": "root@example.test", "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    # The admin site needs a second factor (trust 8): set it up, then every model opens.
    setup = client.get(reverse("admin:index"))
    assert setup.status_code == 302 and setup.url.startswith(reverse("accounts:two_factor_setup"))
    device = two_factor.totp_pending_device(user=User.objects.get(email="root@example.test"))
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    assert client.post(reverse("accounts:two_factor_setup"), {"token": code}).status_code == 200
    for model in (AuditEvent, User, ApiToken, Organisation, Unit, Person, Membership):
        assert admin.site.is_registered(model), model
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_the_audit_trail_and_api_tokens_are_read_only(client):
    root = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(root)
    organisation = OrganisationFactory()
    event = AuditEvent.objects.create(
        actor=root,
        action="organisation.created",
        target_type=ContentType.objects.get_for_model(Organisation),
        target_id=organisation.pk,
    )
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403
    assert (
        client.post(reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_a_superuser_creates_a_user_by_email(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "created@example.test",
            "first_name": "Créé",
            "last_name": "Admin",
            "usable_password": "true",
            "password1": "a-long-enough-passphrase",
            "password2": "a-long-enough-passphrase",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(email="created@example.test").check_password("a-long-enough-passphrase")
