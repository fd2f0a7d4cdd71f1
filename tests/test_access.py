"""Default deny and tenant isolation over every route (trust.md 1-3, issue 2 item 9).

Every URL pattern of the product must be declared below, in exactly one family:
- PUBLIC: reachable without an account;
- OBJECT_ROUTES: routes aimed at one object, each with how to build its kwargs for partnership B's
  objects; a user of partnership A gets 404 on each of them, GET and POST, and B is unchanged;
- OWN_ROUTES: routes without an object in the URL (lists, exports, dashboards): A's answer never
  contains B's canary string;
- admin and API routes are checked by their own tests (tests/organisations, tests/api).
A new route that is not declared makes test_every_route_is_declared fail.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from partenaria.conventions.models import (
    AmendmentChange,
    ApprovalStep,
    ChangeKind,
    Convention,
    ConventionKind,
    Denunciation,
    NoticeForm,
    Partnership,
)
from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Membership, Organisation, Person, Role, Unit
from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
    UnitFactory,
    officer_of,
)

CANARY = "CANARY-B"

PUBLIC = {
    "core:accessibility",
    "core:legal",
    "accounts:login",
    "set_language",
}

# name -> kwargs pointing at B's objects (w is the world of partnership B).
OBJECT_ROUTES = {
    "conventions:partnership_detail": lambda w: {"pk": w.partnership.pk},
    "conventions:convention_detail": lambda w: {"pk": w.convention.pk},
}

OWN_ROUTES = {
    "dashboard:home",
    "organisations:list",
    "conventions:partnership_list",
    "conventions:convention_list",
    "deadlines:list",
    "accounts:logout",
    "accounts:switch_organisation",
}


def iter_routes(patterns=None, namespace=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if namespace and pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}"
            yield from iter_routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, str(pattern.pattern)


def is_checked_elsewhere(name):
    return name is not None and (name.startswith("admin:") or name.startswith("api-1:"))


def test_every_route_is_declared():
    undeclared = sorted(
        f"{name} ({route})"
        for name, route in iter_routes()
        if not is_checked_elsewhere(name) and name not in PUBLIC | set(OBJECT_ROUTES) | OWN_ROUTES
    )
    assert not undeclared, "Routes without an access rule in tests/test_access.py: " + ", ".join(undeclared)


def build_world_b():
    """Partnership B with one object of every kind, its titles carrying the canary."""
    dept, school = (
        OrganisationFactory(departement=True, name=f"Département {CANARY}"),
        OrganisationFactory(school=True),
    )
    partnership = PartnershipFactory(members=[dept, school], title=f"Partenariat {CANARY}")
    convention = ConventionFactory(
        partnership=partnership, title=f"Convention {CANARY}", tacit_renewal_4_months=True
    )
    draft = ConventionFactory(partnership=partnership, title=f"Brouillon {CANARY}", draft=True)
    article = ArticleFactory(convention=draft, title=f"Article {CANARY}")
    signed_article = ArticleFactory(convention=convention, title=f"Article signé {CANARY}")
    commitment = CommitmentFactory(convention=draft, article=article, description=f"Engagement {CANARY}")
    signed_commitment = CommitmentFactory(convention=convention, article=signed_article)
    step = ApprovalStep.objects.create(
        convention=draft, organisation=dept, kind="report", reference=f"CP-{CANARY}"
    )
    amendment = ConventionFactory(
        partnership=partnership,
        kind=ConventionKind.AMENDMENT,
        parent=convention,
        title=f"Avenant {CANARY}",
        draft=True,
    )
    change = AmendmentChange.objects.create(amendment=amendment, kind=ChangeKind.TERM_EXTENSION, months=12)
    denunciation = Denunciation.objects.create(
        convention=convention,
        party=dept,
        form=NoticeForm.REGISTERED_LETTER,
        sent_on=datetime.date(2020, 1, 2),
        received_on=datetime.date(2020, 1, 5),
        takes_effect_on=datetime.date(2030, 1, 1),
        is_accepted=False,
    )
    unit = UnitFactory(organisation=dept, name=f"Direction {CANARY}")
    person = PersonFactory(organisation=dept, unit=unit, last_name=CANARY)
    officer = officer_of(dept, role=Role.ADMIN, last_name=CANARY)
    return SimpleNamespace(
        organisation=dept,
        school=school,
        partnership=partnership,
        convention=convention,
        draft=draft,
        article=article,
        signed_article=signed_article,
        commitment=commitment,
        signed_commitment=signed_commitment,
        party=draft.parties.first(),
        step=step,
        amendment=amendment,
        change=change,
        denunciation=denunciation,
        unit=unit,
        person=person,
        officer=officer,
        membership=Membership.objects.get(user=officer),
    )


def fingerprint():
    """Everything a request could have changed, to compare before and after the walk."""
    models = [
        Organisation,
        Unit,
        Person,
        Membership,
        Partnership,
        Convention,
        ApprovalStep,
        AmendmentChange,
        Denunciation,
    ]
    state = {m.__name__: sorted(map(repr, m.objects.values_list())) for m in models}
    state["audit"] = AuditEvent.objects.count()
    return state


@pytest.fixture
def world(db):
    dept_a, school_a = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    partnership_a = PartnershipFactory(members=[dept_a, school_a], title="Partenariat A")
    ConventionFactory(partnership=partnership_a, title="Convention A")
    user_a = officer_of(dept_a, role=Role.ADMIN)
    return SimpleNamespace(a=user_a, b=build_world_b())


@pytest.mark.django_db
def test_anonymous_requests_go_to_the_login_page(client, world):
    for name, builder in [(n, None) for n in OWN_ROUTES] + list(OBJECT_ROUTES.items()):
        url = reverse(name, kwargs=builder(world.b) if builder else None)
        response = client.get(url)
        assert response.status_code in (302, 405), (name, response.status_code)
        if response.status_code == 302:
            assert response.url.startswith(reverse("accounts:login")), (name, response.url)


@pytest.mark.django_db
def test_a_user_of_another_partnership_gets_404_on_every_object_route(client, world):
    client.force_login(world.a)
    before = fingerprint()
    for name, builder in OBJECT_ROUTES.items():
        url = reverse(name, kwargs=builder(world.b))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), (
                f"{method.upper()} {name} {url}: {response.status_code}"
            )
            assert CANARY not in response.content.decode(errors="replace"), (name, method)
    assert fingerprint() == before, "a request of A changed B's data"


@pytest.mark.django_db
def test_lists_and_exports_never_show_another_partnership(client, world):
    client.force_login(world.a)
    for name in sorted(OWN_ROUTES - {"accounts:logout", "accounts:switch_organisation"}):
        response = client.get(reverse(name))
        assert response.status_code == 200, (name, response.status_code)
        assert CANARY not in response.content.decode(errors="replace"), name


@pytest.mark.django_db
def test_switching_to_an_organisation_one_does_not_belong_to_is_refused(client, world):
    client.force_login(world.a)
    response = client.post(reverse("accounts:switch_organisation"), {"organisation": world.b.organisation.pk})
    assert response.status_code == 404


@pytest.mark.django_db
def test_logout_is_a_post(client, world):
    client.force_login(world.a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("dashboard:home")).status_code == 302
