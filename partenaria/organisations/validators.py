"""Validators of organisation data: SIRET checksum, logo files."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The La Poste group's establishments share SIREN 356000000 and use a digit-sum rule instead of Luhn.
LA_POSTE_SIREN = "356000000"
ALLOWED_LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(value: str) -> str:
    return "".join(value.split())


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits whose Luhn checksum holds (La Poste: digit sum multiple of 5)."""
    siret = normalise_siret(value)
    if not siret.isdigit() or len(siret) != 14:
        raise ValidationError(_("A SIRET number has exactly 14 digits."), code="siret_length")
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00000":
        valid = sum(int(c) for c in siret) % 5 == 0
    else:
        valid = luhn_ok(siret)
    if not valid:
        raise ValidationError(
            _("This SIRET number is not valid: its check digit does not match. Check for a typing error."),
            code="siret_checksum",
        )


def validate_logo(file) -> None:
    """A logo is a PNG, JPEG, GIF or WebP image of at most PARTENARIA_LOGO_MAX_BYTES."""
    from PIL import Image, UnidentifiedImageError

    limit = settings.PARTENARIA_LOGO_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The logo weighs %(size)s KB; the limit is %(limit)s KB."),
            code="logo_size",
            params={"size": file.size // 1024, "limit": limit // 1024},
        )
    try:
        position = file.tell() if hasattr(file, "tell") else 0
        with Image.open(file) as image:
            kind = image.format
            image.verify()
        file.seek(position)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("The logo must be an image (PNG, JPEG, GIF or WebP)."), code="logo_type"
        ) from None
    if kind not in ALLOWED_LOGO_FORMATS:
        raise ValidationError(_("The logo must be an image (PNG, JPEG, GIF or WebP)."), code="logo_type")
