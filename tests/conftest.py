import pytest
from django.core.cache import cache
from django.test import override_settings

from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # Production hashing costs about a second per account; tests create hundreds of accounts.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture
def two_partnerships(db):
    """Two unrelated partnerships A and B, each with a convention and a partnership officer.

    The cross-tenant tests log in as A's officer and aim at B's objects.
    """
    dept_a, school_a = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    dept_b, school_b = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    partnership_a = PartnershipFactory(members=[dept_a, school_a], title="Partenariat A")
    partnership_b = PartnershipFactory(members=[dept_b, school_b], title="Partenariat B CANARY-B")
    convention_a = ConventionFactory(partnership=partnership_a, title="Convention A")
    convention_b = ConventionFactory(partnership=partnership_b, title="Convention B CANARY-B")
    return {
        "a": {
            "partnership": partnership_a,
            "convention": convention_a,
            "officer": officer_of(dept_a),
            "orgs": [dept_a, school_a],
        },
        "b": {
            "partnership": partnership_b,
            "convention": convention_b,
            "officer": officer_of(dept_b),
            "orgs": [dept_b, school_b],
        },
    }
