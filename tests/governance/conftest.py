import pytest
from django.utils import translation

from partenaria.organisations.models import Role
from tests.factories import OrganisationFactory, PartnershipFactory, officer_of

from .factories import BodyFactory


@pytest.fixture(autouse=True)
def _french():
    # Messages are checked as the users read them; another test may have left English active.
    with translation.override("fr"):
        yield


@pytest.fixture
def haut_rhin(db):
    """A Département and a school in partnership, the Département's officer and a reader."""
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    partnership = PartnershipFactory(members=[dept, school], title="Coopération Département – ISSM")
    body = BodyFactory(partnership=partnership, twice_a_year=True, name="Comité de pilotage")
    return type(
        "World",
        (),
        {
            "dept": dept,
            "school": school,
            "partnership": partnership,
            "body": body,
            "officer": officer_of(dept),
            "reader": officer_of(dept, role=Role.VIEWER),
        },
    )
