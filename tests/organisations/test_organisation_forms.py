"""Registering and editing an organisation: SIRET checksum, logo size and type (issue 2 item 2, trust 12, 31)."""

import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image

from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Organisation, OrganisationKind
from tests.factories import UserFactory

from .conftest import png_bytes, png_upload

pytestmark = pytest.mark.django_db
CREATE = reverse("organisations:create")


def school_data(**overrides):
    data = {
        "name": "Institut régional du travail social Exemple",
        "short_name": "IRTS Exemple",
        "kind": OrganisationKind.SCHOOL,
        "siret": "410 475 081 00015",
        "street": "2 rue de l'École",
        "postcode": "35000",
        "city": "Rennes",
        "country": "France",
        "website": "https://irts.example.fr",
        "recruitment_url": "",
    }
    data.update(overrides)
    return data


def big_png(limit: int) -> SimpleUploadedFile:
    """A real PNG heavier than ``limit``: noise does not compress."""
    side = 1
    while side * side * 3 < limit * 2:
        side *= 2
    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    import io

    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    assert buffer.tell() > limit
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def field_error(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


def error_codes(response, field):
    return {e.code for e in response.context["form"].errors.as_data().get(field, [])}


def test_an_administrator_registers_a_new_school_with_its_logo(client, world):
    client.force_login(world.admin_a)
    response = client.post(CREATE, {**school_data(), "logo": png_upload("Mon Logo.PNG")})
    organisation = Organisation.objects.get(short_name="IRTS Exemple")
    assert response.status_code == 302
    assert response.url == reverse("organisations:detail", args=[organisation.pk])
    assert organisation.siret == "41047508100015"
    # Stored under a random name; the uploaded name never reaches the disk.
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", organisation.logo.name)
    assert organisation.registered_by == world.dept_a
    event = AuditEvent.objects.get(action="organisation.created")
    assert event.actor == world.admin_a and event.target_id == organisation.pk
    # The registering Département sees the school before any partnership, and stewards it.
    assert client.get(response.url).status_code == 200
    assert client.get(reverse("organisations:edit", args=[organisation.pk])).status_code == 200


@pytest.mark.parametrize("who", ["officer_a", "viewer_a"])
def test_only_administrators_register_organisations(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, school_data()).status_code == 403
    assert not Organisation.objects.filter(short_name="IRTS Exemple").exists()


def test_a_superuser_registers_an_organisation(client, world):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.post(CREATE, school_data()).status_code == 302
    assert Organisation.objects.get(short_name="IRTS Exemple").registered_by is None


def assert_refused_and_kept(client, response, field, code):
    assert response.status_code == 200
    assert error_codes(response, field) == {code}, response.context["form"].errors
    page = response.content.decode()
    # The message of the interface language (French by default) is rendered next to the field.
    assert escape(field_error(response, field)) in page
    # The French message sits next to the field, linked to it.
    assert f'id="id_{field}-error"' in page
    assert 'aria-invalid="true"' in page
    # What was typed is kept.
    assert 'value="IRTS Exemple"' in page
    assert not Organisation.objects.filter(short_name="IRTS Exemple").exists()
    assert not AuditEvent.objects.exists()


def test_a_wrong_siret_checksum_is_refused_in_french(client, world):
    client.force_login(world.admin_a)
    response = client.post(CREATE, school_data(siret="410 475 081 00016"))
    assert_refused_and_kept(client, response, "siret", "siret_checksum")
    assert 'value="410 475 081 00016"' in response.content.decode()


def test_an_oversize_logo_is_refused(client, world, settings):
    client.force_login(world.admin_a)
    response = client.post(CREATE, {**school_data(), "logo": big_png(2 * 1024 * 1024)})
    assert_refused_and_kept(client, response, "logo", "logo_size")
    assert not os.path.exists(settings.MEDIA_ROOT / "logos") or not os.listdir(settings.MEDIA_ROOT / "logos")


def test_a_text_file_named_logo_png_is_refused(client, world):
    client.force_login(world.admin_a)
    fake = SimpleUploadedFile(
        "logo.png", b"<svg onload=alert(1)>not an image</svg>", content_type="image/png"
    )
    response = client.post(CREATE, {**school_data(), "logo": fake})
    assert_refused_and_kept(client, response, "logo", "logo_type")


def test_a_tiny_real_png_is_accepted(client, world):
    client.force_login(world.admin_a)
    assert client.post(CREATE, {**school_data(), "logo": png_upload()}).status_code == 302


def test_a_partnership_officer_edits_their_organisation(client, world):
    client.force_login(world.officer_a)
    url = reverse("organisations:edit", args=[world.dept_a.pk])
    data = school_data(name="Département A", short_name="CD A", kind=OrganisationKind.DEPARTEMENT)
    response = client.post(url, {**data, "logo": png_upload()})
    assert response.status_code == 302
    world.dept_a.refresh_from_db()
    assert world.dept_a.short_name == "CD A"
    assert world.dept_a.logo
    event = AuditEvent.objects.get(action="organisation.updated")
    assert event.changes["short_name"] == ["", "CD A"]
    assert "logo" in event.changes


def test_editing_with_a_bad_logo_keeps_the_old_one_and_changes_nothing(client, world):
    world.dept_a.logo.save("old.png", SimpleUploadedFile("old.png", png_bytes()))
    old = world.dept_a.logo.name
    client.force_login(world.admin_a)
    url = reverse("organisations:edit", args=[world.dept_a.pk])
    data = school_data(name="Département A renamed", kind=OrganisationKind.DEPARTEMENT)
    response = client.post(url, {**data, "logo": SimpleUploadedFile("logo.png", b"hello")})
    assert response.status_code == 200
    assert error_codes(response, "logo") == {"logo_type"}
    assert 'value="Département A renamed"' in response.content.decode()
    world.dept_a.refresh_from_db()
    assert (world.dept_a.name, world.dept_a.logo.name) == ("Département A", old)


@pytest.mark.parametrize("who", ["viewer_a", "admin_a"])
def test_editing_a_partner_or_without_the_role_is_forbidden(client, world, who):
    # The viewer may not edit their own organisation; A's administrator may not edit the partner school.
    target = world.dept_a if who == "viewer_a" else world.school_a
    client.force_login(getattr(world, who))
    url = reverse("organisations:edit", args=[target.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, school_data(name="Hijacked")).status_code == 403
    assert not Organisation.objects.filter(name="Hijacked").exists()


def test_extra_posted_fields_change_nothing(client, world):
    client.force_login(world.admin_a)
    url = reverse("organisations:edit", args=[world.dept_a.pk])
    data = school_data(name="Département A", kind=OrganisationKind.DEPARTEMENT)
    client.post(url, {**data, "registered_by": world.dept_b.pk, "id": 999, "created_at": "2000-01-01"})
    world.dept_a.refresh_from_db()
    assert world.dept_a.registered_by is None
    assert world.dept_a.pk != 999


@pytest.mark.parametrize(
    ("overrides", "field", "french"),
    [
        ({"siret": "410 475 081 00016"}, "siret", "Ce numéro SIRET n"),
        ({"logo": "text"}, "logo", "Le logo doit être une image"),
    ],
)
def test_the_refusal_is_in_french_by_default(client, world, overrides, field, french):
    client.force_login(world.admin_a)
    if overrides.get("logo") == "text":
        overrides = {"logo": SimpleUploadedFile("logo.png", b"plain text", content_type="image/png")}
    response = client.post(CREATE, {**school_data(), **overrides}, HTTP_ACCEPT_LANGUAGE="fr")
    assert field_error(response, field).startswith(french)
