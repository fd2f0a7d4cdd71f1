"""Two-factor authentication (trust 8, ASVS 2.x): a TOTP app and single-use recovery codes.

Any person may turn it on from their account page. It is required of the roles that see research
data (children and families interviewed for research-actions, RS1-RS2): every role that reads the
partnerships sees their research (``ResearchProject.objects.visible_to``), so every role but the
student's, and staff. Such a person without it is sent to set it up before reaching the pages of
``PARTENARIA_TWO_FACTOR_NAMESPACES`` (research, the admin site; apps holding such data add theirs).

Once it is on, every login asks for a code before any page. The state lives in the session, set
at login, so that a request costs no query: ``pending`` (a device exists, no code given yet) or
``verified``. The devices are django-otp's (``TOTPDevice``, ``StaticDevice`` for recovery codes),
which count failed codes and slow down guessing.
"""

import segno
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from partenaria.core.audit import log_action
from partenaria.organisations.models import PARTNERSHIP_READER_ROLES

SESSION_KEY = "two_factor"
PENDING = "pending"
VERIFIED = "verified"
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "totp"
RECOVERY_NAME = "recovery"

# Roles that see research data: every reader of the partnerships (see the module docstring).
TWO_FACTOR_ROLES = frozenset(PARTNERSHIP_READER_ROLES)


# --- Policy ---------------------------------------------------------------------------------------


def requires_two_factor(user, memberships) -> bool:
    """Whether this person must use a second factor before the sensitive pages."""
    if user.is_superuser or user.is_staff:
        return True
    return any(m.role in TWO_FACTOR_ROLES for m in memberships)


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def session_state(request) -> str | None:
    return request.session.get(SESSION_KEY)


def mark_verified(request) -> None:
    request.session[SESSION_KEY] = VERIFIED


@receiver(user_logged_in)
def _ask_for_a_code_after_the_password(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if has_two_factor(user):
        request.session[SESSION_KEY] = PENDING
    else:
        request.session.pop(SESSION_KEY, None)


# --- Setting it up --------------------------------------------------------------------------------


def totp_pending_device(*, user) -> TOTPDevice:
    """The device being set up: the same secret until it is confirmed, so a reload keeps the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_code_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as an SVG QR code, rendered here (no third-party service sees the secret)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, by groups of four, for apps set up by typing it."""
    from base64 import b32encode

    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _clean_token(token: str) -> str:
    return "".join((token or "").split()).lower()


def two_factor_enable(*, user, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the app with a first code it shows; returns the recovery codes, shown once (trust 8).

    The code is checked before the transaction, so that a wrong one is counted (and slows the next).
    """
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"token": _("Two-factor authentication is already on.")})
    if not device.verify_token(_clean_token(token)):
        raise ValidationError({"token": _("This code is not the one the app shows. Try the next one.")})
    with transaction.atomic(durable=True):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _new_recovery_codes(user)
        log_action(actor=user, action="account.two_factor_enabled", target=user)
    return codes


def two_factor_check(*, user, token: str) -> bool:
    """A code of the app, or a recovery code (used once). Failures slow the next tries (django-otp)."""
    token = _clean_token(token)
    if not token:
        return False
    if token.isdigit():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        return device is not None and device.verify_token(token)
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None or not device.verify_token(token):
        return False
    log_action(actor=user, action="account.recovery_code_used", target=user)
    return True


def recovery_codes_renew(*, user) -> list[str]:
    """New recovery codes; the old ones stop working."""
    with transaction.atomic(durable=True):
        if not has_two_factor(user):
            raise ValidationError(_("Turn two-factor authentication on first."))
        codes = _new_recovery_codes(user)
        log_action(actor=user, action="account.recovery_codes_renewed", target=user)
    return codes


def two_factor_disable(*, user, token: str) -> None:
    """Turn it off, with a current code as proof; a required role will be asked to set it up again."""
    if not two_factor_check(user=user, token=token):
        raise ValidationError({"token": _("This code is not valid.")})
    with transaction.atomic(durable=True):
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        log_action(actor=user, action="account.two_factor_disabled", target=user)


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
