"""The dashboard: what must I do, by when, for whom (AP4, ux.md)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partenaria.conventions.statuses import Status
from partenaria.deadlines import engine
from partenaria.organisations.models import Role
from tests.factories import (
    CommitmentFactory,
    ConventionFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnershipFactory,
    UserFactory,
    officer_of,
)

pytestmark = pytest.mark.django_db
HOME = reverse("dashboard:home")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_home_page_is_the_dashboard_of_the_current_organisation(client, two_partnerships):
    a = two_partnerships["a"]
    CommitmentFactory(
        convention=two_partnerships["b"]["convention"], description="CANARY-B", due_date=days(-5)
    )
    CommitmentFactory(convention=a["convention"], description="Transmettre la synthèse", due_date=days(-5))
    CommitmentFactory(convention=a["convention"], description="Préparer le comité", due_date=days(30))
    CommitmentFactory(convention=a["convention"], description="Trop loin", due_date=days(100))
    ending = ConventionFactory(partnership=a["partnership"], expiring_soon=True, title="Bientôt finie")
    ConventionFactory(partnership=a["partnership"], draft=True, title="En préparation")
    client.force_login(a["officer"])

    response = client.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    assert "CANARY-B" not in html
    # Late items first, in red, with their reason.
    (late,) = response.context["late"]
    assert late.label == "Transmettre la synthèse"
    assert late.reason in html
    assert 'class="deadline-late"' in html
    # The next 90 days only.
    labels = [d.label for d in response.context["upcoming"]]
    assert "Préparer le comité" in labels
    assert "Trop loin" not in labels
    # Conventions ending within 120 days, linking to where they are handled.
    assert [d.convention for d in response.context["ending"]] == [ending]
    assert ending.get_absolute_url() in html
    # Counts.
    assert response.context["partnerships_count"] == 1
    by_status = {row["status"]: row["count"] for row in response.context["by_status"]}
    assert by_status == {Status.ACTIVE: 2, Status.DRAFT: 1}
    assert response.context["conventions_count"] == 3


def test_a_person_without_organisation_is_told_to_ask_an_administrator(client):
    client.force_login(UserFactory())
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["organisation"] is None
    assert "administrator" in response.content.decode() or "administrateur" in response.content.decode()


def test_a_student_sees_no_partnership_deadline(client, two_partnerships):
    a = two_partnerships["a"]
    student = UserFactory()
    MembershipFactory(user=student, organisation=a["orgs"][1], role=Role.STUDENT)
    client.force_login(student)
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["partnerships_count"] == 0
    assert "Convention A" not in response.content.decode()


def test_switching_organisation_switches_the_dashboard(client, two_partnerships):
    a, b = two_partnerships["a"], two_partnerships["b"]
    user = a["officer"]
    MembershipFactory(user=user, organisation=b["orgs"][0], role=Role.VIEWER)
    client.force_login(user)
    client.post(reverse("accounts:switch_organisation"), {"organisation": b["orgs"][0].pk})
    response = client.get(HOME)
    assert response.context["organisation"] == b["orgs"][0]
    assert response.context["conventions_count"] == 1


def test_anonymous_people_go_to_the_login_page(client):
    response = client.get(HOME)
    assert response.status_code == 302


def test_the_dashboard_query_count_is_flat(client, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    client.force_login(officer_of(organisation))

    def populate(count):
        for _ in range(count):
            partnership = PartnershipFactory(members=[organisation, OrganisationFactory(school=True)])
            convention = ConventionFactory(
                partnership=partnership, tacit_renewal_4_months=True, expiring_soon=True
            )
            CommitmentFactory(convention=convention, due_date=days(-3))
            CommitmentFactory(convention=convention, due_date=days(10))

    populate(2)
    client.get(HOME)
    # The page's own queries (money, campaign and coming-events blocks included), then 4 for the
    # conventions' deadlines and 1 per other registered source.
    with django_assert_max_num_queries(13 + 3 + len(engine.sources())) as small:
        client.get(HOME)
    populate(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(HOME)
    assert response.context["partnerships_count"] == 12
    assert len(response.context["late"]) == 12
