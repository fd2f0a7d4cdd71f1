import pytest
from django.core.cache import cache
from django.test import override_settings
from django.test.client import ClientMixin

from partenaria.accounts import two_factor
from tests import log_guard
from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of

# Trust 19: every log line of the run is watched for secrets and personal data (tests/log_guard.py).
_LEAK_GUARD = log_guard.GUARD


def pytest_sessionstart(session):
    log_guard.install(_LEAK_GUARD)


def pytest_collection_modifyitems(items):
    """The long walks first, longest first: with ``--dist loadfile`` each file runs whole on one worker,
    so a walk of three minutes started last would keep one worker busy while the other idles."""

    def seconds(item):
        marker = item.get_closest_marker("long_walk")
        return -(marker.kwargs.get("seconds") or marker.args[0]) if marker else 0

    items.sort(key=seconds)


def pytest_runtest_logstart(nodeid, location):
    _LEAK_GUARD.leaks.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "teardown" and _LEAK_GUARD.leaks:
        report.outcome = "failed"
        report.longrepr = (
            "Secrets or personal data in the logs (trust 19, tests/log_guard.py):\n"
            + "\n".join(_LEAK_GUARD.leaks[:20])
        )
        _LEAK_GUARD.leaks.clear()
    return report


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    # Production hashing costs about a second per account; tests create hundreds of accounts.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _force_login_includes_the_second_factor(monkeypatch):
    """``client.force_login`` stands for a complete login, second factor included, so that the tests
    of research pages need no TOTP device. The second factor itself is tested in
    tests/accounts/test_two_factor.py, through the real pages (``client.login`` does not set it)."""
    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[two_factor.SESSION_KEY] = two_factor.VERIFIED
        session.save()

    monkeypatch.setattr(ClientMixin, "force_login", force_login)


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
