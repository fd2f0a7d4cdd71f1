"""The Échéances page, its export, .ics files and the private feed, per organisation (CV3, DP1)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from partenaria.conventions.models import Frequency
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
LIST = reverse("deadlines:list")


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


@pytest.fixture
def officer_a(client, two_partnerships):
    a = two_partnerships["a"]
    # B's convention has deadlines too, and a late commitment: none of it may leak to A.
    CommitmentFactory(
        convention=two_partnerships["b"]["convention"], description="CANARY-B due", due_date=days(-3)
    )
    CommitmentFactory(
        convention=two_partnerships["b"]["convention"], description="CANARY-B next", due_date=days(20)
    )
    client.force_login(a["officer"])
    return a


def test_the_page_lists_the_organisation_deadlines_soonest_first_late_first_in_red(client, officer_a):
    convention = officer_a["convention"]
    CommitmentFactory(convention=convention, description="Transmettre le bilan", due_date=days(-10))
    CommitmentFactory(convention=convention, description="Réunir le comité", due_date=days(15))
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "CANARY-B" not in html
    assert html.index("Transmettre le bilan") < html.index("Réunir le comité")
    assert 'class="deadline-late"' in html
    deadlines = response.context["deadlines"]
    assert [d.label for d in deadlines] == ["Transmettre le bilan", "Réunir le comité"]
    assert deadlines[0].reason and deadlines[0].reason in html
    assert deadlines[0].is_late and deadlines[0].label == "Transmettre le bilan"
    assert response.context["count"] == len(deadlines)
    assert response.context["late_count"] == 1
    assert convention.get_absolute_url() in html
    assert reverse("deadlines:ics", args=[deadlines[0].key]) in html


def test_filters_stay_in_the_url_and_narrow_the_list(client, officer_a):
    convention = officer_a["convention"]
    CommitmentFactory(convention=convention, description="Dans vingt jours", due_date=days(20))
    CommitmentFactory(convention=convention, description="Dans deux cents jours", due_date=days(200))
    response = client.get(LIST, {"horizon": 30, "kind": "commitment"})
    labels = [d.label for d in response.context["deadlines"]]
    assert labels == ["Dans vingt jours"]
    assert "horizon=30" in response.context["query"]
    response = client.get(LIST, {"horizon": 365, "kind": "commitment"})
    assert [d.label for d in response.context["deadlines"]] == ["Dans vingt jours", "Dans deux cents jours"]


def test_a_partnership_filter_with_another_tenants_id_shows_nothing_of_it(
    client, officer_a, two_partnerships
):
    response = client.get(LIST, {"partnership": two_partnerships["b"]["partnership"].pk})
    assert response.status_code == 200
    assert "CANARY-B" not in response.content.decode()


def test_bad_filter_values_never_break_the_page(client, officer_a):
    response = client.get(LIST, {"horizon": "abc", "kind": "<script>", "partnership": "x", "page": "99"})
    assert response.status_code == 200


def test_the_list_only_shows_the_current_organisation(client, two_partnerships):
    """A person member of A and of B sees B's deadlines only once B is the current organisation."""
    a, b = two_partnerships["a"], two_partnerships["b"]
    user = a["officer"]
    MembershipFactory(user=user, organisation=b["orgs"][0], role=Role.PARTNERSHIP_OFFICER)
    client.force_login(user)
    client.post(reverse("accounts:switch_organisation"), {"organisation": a["orgs"][0].pk})
    assert "CANARY-B" not in client.get(LIST).content.decode()
    client.post(reverse("accounts:switch_organisation"), {"organisation": b["orgs"][0].pk})
    assert "CANARY-B" in client.get(LIST).content.decode()


def test_empty_state_says_what_to_do(client):
    organisation = OrganisationFactory()
    client.force_login(officer_of(organisation))
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["count"] == 0
    assert reverse("conventions:convention_list") in response.content.decode()


def test_a_person_without_organisation_is_told_to_ask_an_administrator(client):
    client.force_login(UserFactory())
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["organisation"] is None
    assert client.get(reverse("deadlines:export")).status_code == 404


def test_anonymous_people_go_to_the_login_page(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_query_count_stays_flat(client, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    user = officer_of(organisation)
    client.force_login(user)

    def populate(count):
        for _ in range(count):
            partnership = PartnershipFactory(members=[organisation, OrganisationFactory(school=True)])
            convention = ConventionFactory(
                partnership=partnership, tacit_renewal_4_months=True, expiring_soon=True
            )
            CommitmentFactory(convention=convention, frequency=Frequency.MONTHLY, due_date=days(-40))

    populate(2)
    client.get(LIST)  # warm caches (content types, sessions)
    # The page's own queries, then 4 for the conventions' deadlines and 1 per other registered source.
    with django_assert_max_num_queries(8 + 3 + len(engine.sources())) as small:
        client.get(LIST)
    populate(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(LIST)
    assert response.context["count"] >= 12


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_export_follows_the_filters_and_never_leaks(client, officer_a):
    CommitmentFactory(convention=officer_a["convention"], description="=HYPERLINK(evil)", due_date=days(5))
    response = client.get(reverse("deadlines:export"), {"kind": "commitment"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    assert "CANARY-B" not in content
    assert "'=HYPERLINK(evil)" in content
    assert "Convention A" in content
    assert len(content.strip().splitlines()) == 2  # header + the one commitment


# --- .ics of one deadline ------------------------------------------------------------------------


def test_one_deadline_as_an_ics_file(client, officer_a):
    convention = officer_a["convention"]
    commitment = CommitmentFactory(convention=convention, description="Bilan annuel", due_date=days(12))
    key = f"convention:{convention.pk}:commitment:{commitment.pk}:{days(12).isoformat()}"
    response = client.get(reverse("deadlines:ics", args=[key]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["uid"]) == f"{key}@partenaria"
    assert event.decoded("dtstart") == days(12)
    assert "Bilan annuel" in str(event["summary"])


def test_another_tenants_deadline_ics_is_404(client, officer_a, two_partnerships):
    b = two_partnerships["b"]["convention"]
    deadlines = engine.collect(
        type(b.partnership).objects.filter(pk=b.partnership_id), today=today(), until=days(1000)
    )
    assert deadlines
    for deadline in deadlines:
        assert client.get(reverse("deadlines:ics", args=[deadline.key])).status_code == 404
    assert client.get(reverse("deadlines:ics", args=["convention:abc:x"])).status_code == 404
    assert client.get(reverse("deadlines:ics", args=["nonsense"])).status_code == 404


# --- Private feed --------------------------------------------------------------------------------


def test_the_feed_needs_no_login_and_carries_every_visible_deadline(client, two_partnerships):
    a = two_partnerships["a"]
    CommitmentFactory(
        convention=two_partnerships["b"]["convention"], description="CANARY-B", due_date=days(9)
    )
    commitment = CommitmentFactory(convention=a["convention"], description="Rapport", due_date=days(-2))
    url = reverse("deadlines:feed", args=[a["officer"].calendar_token])
    response = client.get(url)  # anonymous: the token is the secret
    assert response.status_code == 200
    assert "CANARY-B" not in response.content.decode()
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    uids = {str(e["uid"]) for e in events}
    assert (
        f"convention:{a['convention'].pk}:commitment:{commitment.pk}:{days(-2).isoformat()}@partenaria"
        in uids
    )
    assert any(f"convention:{a['convention'].pk}:expiry:" in uid for uid in uids)
    assert all(isinstance(e.decoded("dtstart"), datetime.date) for e in events)
    assert not any(isinstance(e.decoded("dtstart"), datetime.datetime) for e in events)
    # Stable UIDs: the same feed tomorrow names the same events the same way.
    again = Calendar.from_ical(client.get(url).content)
    assert {str(e["uid"]) for e in again.walk("VEVENT")} == uids


def test_a_wrong_token_is_404(client, two_partnerships):
    assert client.get(reverse("deadlines:feed", args=["not-a-token"])).status_code == 404
    assert client.get(reverse("deadlines:feed", args=["x" * 43])).status_code == 404


def test_an_inactive_user_feed_is_404(client, two_partnerships):
    officer = two_partnerships["a"]["officer"]
    officer.is_active = False
    officer.save()
    assert client.get(reverse("deadlines:feed", args=[officer.calendar_token])).status_code == 404


def test_regenerating_the_token_kills_the_old_address(client, two_partnerships):
    officer = two_partnerships["a"]["officer"]
    old = officer.calendar_token
    client.force_login(officer)
    page = client.get(LIST).content.decode()
    assert reverse("deadlines:feed", args=[old]) in page
    assert client.get(reverse("deadlines:regenerate_token")).status_code == 405  # never on GET
    response = client.post(reverse("deadlines:regenerate_token"))
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.calendar_token != old
    client.logout()
    assert client.get(reverse("deadlines:feed", args=[old])).status_code == 404
    assert client.get(reverse("deadlines:feed", args=[officer.calendar_token])).status_code == 200


def test_the_feed_of_a_person_of_several_organisations_covers_all_of_them(client, two_partnerships):
    a, b = two_partnerships["a"], two_partnerships["b"]
    user = a["officer"]
    MembershipFactory(user=user, organisation=b["orgs"][1], role=Role.VIEWER)
    content = client.get(reverse("deadlines:feed", args=[user.calendar_token])).content.decode()
    assert "Convention A" in content and "CANARY-B" in content


def test_drafts_do_not_appear_in_the_feed(client, two_partnerships):
    a = two_partnerships["a"]
    ConventionFactory(partnership=a["partnership"], draft=True, title="Brouillon secret")
    content = client.get(reverse("deadlines:feed", args=[a["officer"].calendar_token])).content.decode()
    assert "Brouillon secret" not in content
    assert Status.DRAFT  # the factory trait really makes a draft
