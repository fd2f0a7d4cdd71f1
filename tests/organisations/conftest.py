import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from partenaria.organisations.models import Role
from tests.factories import OrganisationFactory, PartnershipFactory, UnitFactory, officer_of


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded logos land in a throw-away folder.
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes(size=(8, 8), color=(31, 78, 121)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def png_upload(name="logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


@pytest.fixture
def world(db):
    """Département A works with school A; Département B with school B; nothing links A and B.

    A's administrator, partnership officer and viewer; B's administrator.
    """
    dept_a = OrganisationFactory(departement=True, name="Département A", siret="41047508100015")
    school_a = OrganisationFactory(school=True, name="École A")
    dept_b = OrganisationFactory(departement=True, name="Département B CANARY-B")
    school_b = OrganisationFactory(school=True, name="École B CANARY-B")
    PartnershipFactory(members=[dept_a, school_a], title="Partenariat A")
    PartnershipFactory(members=[dept_b, school_b], title="Partenariat B CANARY-B")
    return SimpleNamespace(
        dept_a=dept_a,
        school_a=school_a,
        dept_b=dept_b,
        school_b=school_b,
        admin_a=officer_of(dept_a, role=Role.ADMIN),
        officer_a=officer_of(dept_a),
        viewer_a=officer_of(dept_a, role=Role.VIEWER),
        admin_b=officer_of(dept_b, role=Role.ADMIN),
        unit_b=UnitFactory(organisation=dept_b, name="Direction CANARY-B"),
    )
