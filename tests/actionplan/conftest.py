from types import SimpleNamespace

import pytest
from django.utils import translation

from partenaria.organisations.models import Role
from tests.browser.test_accessibility import browser_page  # noqa: F401  (the Playwright page fixture)
from tests.factories import (
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    officer_of,
)


@pytest.fixture(autouse=True)
def _french():
    # Messages are checked in French, the default language, whatever an earlier test activated.
    with translation.override("fr"):
        yield


@pytest.fixture
def plan_world(db):
    """A signed, active convention between a Département and a school, their officers and a reader."""
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    partnership = PartnershipFactory(members=[dept, school], title="Coopération Département – École")
    convention = ConventionFactory(partnership=partnership, title="Convention cadre 2025-2027")
    return SimpleNamespace(
        dept=dept,
        school=school,
        partnership=partnership,
        convention=convention,
        officer=officer_of(dept, first_name="Claire", last_name="Lemoine"),
        school_officer=officer_of(school),
        reader=officer_of(dept, role=Role.VIEWER),
        dept_person=PersonFactory(organisation=dept, first_name="Julie", last_name="Brun"),
        outsider=OrganisationFactory(),
    )
