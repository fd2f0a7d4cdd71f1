"""The governance pages (GV1-GV5): what a manager and a reader see and do, bad input in French next to
its field, flat query counts on the lists, and the dashboard's « Instances en retard »."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partenaria.governance.models import Body, Meeting, Representation
from tests.factories import OrganisationFactory, PartnershipFactory, PersonFactory, officer_of

from .factories import ActionFactory, BodyFactory, MeetingFactory, RuleFactory, SeatFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def soon(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def page(client, name, *args, **params):
    response = client.get(reverse(name, args=args), params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_navigation_has_an_entry_for_the_bodies(client, haut_rhin):
    client.force_login(haut_rhin.officer)
    html = page(client, "dashboard:home")
    assert f'href="{reverse("governance:body_list")}"' in html and ">Instances<" in html


def test_the_bodies_page_lists_the_current_organisations_bodies_with_their_state(client, haut_rhin):
    MeetingFactory(body=haut_rhin.body, held=True, on=ago(250))
    other = BodyFactory(name="Comité d'ailleurs")
    client.force_login(haut_rhin.officer)
    html = page(client, "governance:body_list")
    assert "Comité de pilotage" in html and "En retard sur son rythme" in html
    assert other.name not in html
    assert "1 instance" in html
    url = reverse("governance:body_list")
    assert client.get(url, {"state": "incomplete"}).context["count"] == 0
    assert client.get(url, {"state": "behind"}).context["count"] == 1
    assert client.get(url, {"kind": "follow_up_committee"}).context["count"] == 0


def test_an_empty_list_says_what_to_do_first(client, db):
    client.force_login(officer_of(OrganisationFactory()))
    assert "Aucune instance pour l'instant" in page(client, "governance:body_list")


def test_the_partnership_page_leads_to_its_governance(client, haut_rhin):
    client.force_login(haut_rhin.officer)
    html = page(client, "conventions:partnership_detail", haut_rhin.partnership.pk)
    assert reverse("governance:partnership_bodies", args=[haut_rhin.partnership.pk]) in html
    html = page(client, "governance:partnership_bodies", haut_rhin.partnership.pk)
    assert "Comité de pilotage" in html and "Nouvelle instance" in html


def test_the_body_page_says_what_is_missing_from_the_composition(client, haut_rhin):
    body = haut_rhin.body
    RuleFactory(body=body, role="Conseiller départemental", organisation=haut_rhin.dept)
    qualified = RuleFactory(
        body=body, role="Personne qualifiée de l'ISSM", organisation=haut_rhin.school, max_count=4
    )
    SeatFactory(body=body, rule=qualified)
    client.force_login(haut_rhin.officer)
    html = page(client, "governance:body_detail", body.pk)
    assert "La composition ne respecte pas sa règle." in html
    assert "Manque : 1 Conseiller départemental" in html
    assert "1 à 4" in html


def test_a_reader_sees_everything_read_only(client, haut_rhin):
    meeting = MeetingFactory(body=haut_rhin.body, held=True, on=ago(30))
    client.force_login(haut_rhin.reader)
    html = page(client, "governance:body_detail", haut_rhin.body.pk)
    assert (
        "Nouvelle réunion" not in html
        and reverse("governance:body_edit", args=[haut_rhin.body.pk]) not in html
    )
    assert "Rédiger le compte rendu" not in page(client, "governance:meeting_detail", meeting.pk)
    response = client.post(
        reverse("governance:body_create", args=[haut_rhin.partnership.pk]),
        {"kind": "other", "name": "Groupe"},
    )
    assert response.status_code == 403
    assert (
        client.post(reverse("governance:decision_add", args=[meeting.pk]), {"text": "x"}).status_code == 403
    )
    assert not Body.objects.filter(name="Groupe").exists()


def test_a_manager_creates_a_body_from_the_form(client, haut_rhin):
    client.force_login(haut_rhin.officer)
    response = client.post(
        reverse("governance:body_create", args=[haut_rhin.partnership.pk]),
        {
            "kind": "internship_watch_committee",
            "name": "Comité de veille accueil stagiaires",
            "is_active": "on",
        },
    )
    body = Body.objects.get(name="Comité de veille accueil stagiaires")
    assert response.status_code == 302 and response.url == body.get_absolute_url()


def test_a_meeting_before_the_body_existed_is_refused_next_to_its_date(client, haut_rhin):
    body = haut_rhin.body
    body.established_on = ago(30)
    body.save()
    client.force_login(haut_rhin.officer)
    response = client.post(
        reverse("governance:meeting_create", args=[body.pk]),
        {
            "date": ago(31).isoformat(),
            "start_time": "14:00",
            "place": "Salle Europe",
            "status": "held",
            "agenda": "Installation",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    date_block = html[html.index('id="id_date"') : html.index('id="id_start_time"')]
    assert 'id="id_date-error"' in date_block
    assert "une réunion ne peut pas avoir lieu avant ce jour" in date_block
    assert f'value="{ago(31).isoformat()}"' in html and 'value="Salle Europe"' in html
    assert "Installation" in html
    assert not Meeting.objects.exists()


def test_a_meeting_ending_before_it_starts_is_refused_next_to_the_end_time(client, haut_rhin):
    client.force_login(haut_rhin.officer)
    url = reverse("governance:meeting_create", args=[haut_rhin.body.pk])
    response = client.post(
        url,
        {
            "date": soon(10).isoformat(),
            "start_time": "14:00",
            "end_time": "12:00",
            "place": "Salle Europe",
            "status": "planned",
            "agenda": "Bilan",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_end_time-error"' in html
    assert "La réunion ne peut pas se terminer avant de commencer." in html
    assert 'value="Salle Europe"' in html  # what was typed is kept
    assert not Meeting.objects.exists()


def test_a_maximum_below_the_minimum_is_refused_next_to_the_field(client, haut_rhin):
    client.force_login(haut_rhin.officer)
    response = client.post(
        reverse("governance:rule_add", args=[haut_rhin.body.pk]),
        {"role": "Personne qualifiée", "organisation": haut_rhin.school.pk, "min_count": 4, "max_count": 1},
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_max_count-error"' in html
    assert "Le maximum ne peut pas être inférieur au minimum." in html


def test_a_seat_outside_the_parties_and_a_person_twice_are_refused(client, haut_rhin):
    client.force_login(haut_rhin.officer)
    url = reverse("governance:seat_add", args=[haut_rhin.body.pk])
    stranger = PersonFactory()
    response = client.post(url, {"person": stranger.pk, "kind": "titular"})
    assert response.status_code == 200 and 'id="id_person-error"' in response.content.decode()
    member = PersonFactory(organisation=haut_rhin.dept)
    assert client.post(url, {"person": member.pk, "kind": "titular"}).status_code == 302
    response = client.post(url, {"person": member.pk, "kind": "titular"})
    assert (
        "Cette personne occupe déjà un siège dans cette instance sur la même période."
        in response.content.decode()
    )
    assert haut_rhin.body.seats.count() == 1


def test_the_substitute_standing_in_is_shown_as_having_sat(client, haut_rhin):
    body = haut_rhin.body
    titular = SeatFactory(body=body)
    substitute = SeatFactory(body=body, substitute_for=titular)
    meeting = MeetingFactory(body=body, held=True, on=ago(5))
    client.force_login(haut_rhin.officer)
    response = client.post(
        reverse("governance:meeting_attendance", args=[meeting.pk]), {f"seat_{titular.pk}": "replaced"}
    )
    assert response.status_code == 302
    html = page(client, "governance:meeting_detail", meeting.pk)
    assert "Remplacé par son suppléant" in html and str(substitute.person) in html
    assert "1 siège(s) de titulaire occupé(s) sur 1." in html
    assert "a enregistré les présences d&#x27;une réunion" in html  # the meeting's own history


def test_a_script_in_the_minutes_never_reaches_the_page(client, haut_rhin):
    meeting = MeetingFactory(body=haut_rhin.body, held=True, on=ago(5))
    client.force_login(haut_rhin.officer)
    response = client.post(
        reverse("governance:meeting_minutes", args=[meeting.pk]),
        {
            "minutes": "<p>Bilan <em>approuvé</em></p><script>alert('minutes')</script><img src=x onerror=alert(2)>"
        },
    )
    assert response.status_code == 302
    html = page(client, "governance:meeting_detail", meeting.pk)
    assert "<em>approuvé</em>" in html
    assert "alert('minutes')" not in html and "onerror" not in html


def test_each_meeting_has_its_ics_file(client, haut_rhin):
    meeting = MeetingFactory(body=haut_rhin.body, on=soon(12))
    client.force_login(haut_rhin.officer)
    assert "Ajouter à mon agenda" in page(client, "governance:meeting_detail", meeting.pk)
    response = client.get(reverse("governance:meeting_ics", args=[meeting.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    assert f"governance-meeting-{meeting.pk}@partenaria" in response.content.decode()


def test_invitations_are_sent_from_the_meeting_page(
    client, haut_rhin, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = MeetingFactory(body=haut_rhin.body, on=soon(12))
    SeatFactory(body=haut_rhin.body)
    client.force_login(haut_rhin.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:meeting_invite", args=[meeting.pk]))
    assert response.status_code == 302 and len(mailoutbox) == 1


def test_an_action_is_marked_done_from_the_meeting_page(client, haut_rhin):
    action = ActionFactory(meeting=MeetingFactory(body=haut_rhin.body, held=True, on=ago(5)), late=True)
    client.force_login(haut_rhin.officer)
    assert client.post(reverse("governance:action_done", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()


def test_a_representation_is_recorded_and_listed(client, haut_rhin):
    delegates = [PersonFactory(organisation=haut_rhin.dept) for _ in range(2)]
    client.force_login(haut_rhin.officer)
    response = client.post(
        reverse("governance:representation_add", args=[haut_rhin.partnership.pk]),
        {
            "host": haut_rhin.school.pk,
            "body_name": "Assemblée générale de l'ISSM",
            "represented": haut_rhin.dept.pk,
            "mode": "member",
            "seats_count": 2,
            "people": [p.pk for p in delegates],
            "since": "2021-09-01",
        },
    )
    assert response.status_code == 302
    assert Representation.objects.get().people.count() == 2
    html = page(client, "governance:partnership_bodies", haut_rhin.partnership.pk)
    assert "Assemblée générale de l&#x27;ISSM" in html and str(delegates[0]) in html
    assert "a enregistré une représentation dans une instance d&#x27;un partenaire" in html


def test_the_history_says_each_act_in_words(client, haut_rhin):
    client.force_login(haut_rhin.officer)
    client.post(
        reverse("governance:meeting_create", args=[haut_rhin.body.pk]),
        {"date": soon(10).isoformat(), "start_time": "14:00", "status": "planned"},
    )
    assert "a programmé une réunion" in page(client, "governance:body_detail", haut_rhin.body.pk)


def test_the_dashboard_shows_the_late_bodies_without_more_queries(client, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    client.force_login(officer_of(organisation))

    def populate(count):
        for _ in range(count):
            partnership = PartnershipFactory(members=[organisation, OrganisationFactory(school=True)])
            body = BodyFactory(partnership=partnership, twice_a_year=True)
            meeting = MeetingFactory(body=body, held=True, on=ago(250))
            ActionFactory(meeting=meeting, late=True)

    populate(2)
    client.get(reverse("dashboard:home"))
    # The dashboard's own budget is pinned in tests/dashboard; here: the late bodies add nothing as they grow.
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboard:home"))
    populate(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("dashboard:home"))
    assert len(response.context["late_bodies"]) == 10
    assert "Instances en retard" in response.content.decode()


@pytest.mark.parametrize(
    "name,kind",
    [
        ("governance:body_list", None),
        ("governance:partnership_bodies", "partnership"),
        ("governance:body_detail", "body"),
    ],
)
def test_list_pages_read_a_flat_number_of_queries(client, django_assert_max_num_queries, name, kind):
    organisation = OrganisationFactory()
    client.force_login(officer_of(organisation))
    partnership = PartnershipFactory(members=[organisation, OrganisationFactory(school=True)])
    main = BodyFactory(partnership=partnership, twice_a_year=True)

    def populate(count):
        for _ in range(count):
            body = BodyFactory(partnership=partnership, twice_a_year=True)
            rule = RuleFactory(body=main, organisation=organisation, max_count=None)
            titular = SeatFactory(body=main, rule=rule)
            SeatFactory(body=main, substitute_for=titular)
            MeetingFactory(body=main, held=True, on=ago(100))
            MeetingFactory(body=body, held=True, on=ago(100))
            MeetingFactory(body=body, on=soon(30))
            Representation.objects.create(
                partnership=partnership,
                host=organisation,
                represented=partnership.members.last().organisation,
                body_name="Conseil",
            )

    args = {None: [], "partnership": [partnership.pk], "body": [main.pk]}[kind]
    url = reverse(name, args=args)
    populate(2)
    client.get(url)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    populate(8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_manager_lets_the_body_carry_a_commitment_of_its_convention(client, haut_rhin):
    from tests.factories import CommitmentFactory, ConventionFactory

    convention = ConventionFactory(partnership=haut_rhin.partnership)
    body = haut_rhin.body
    body.convention = convention
    body.save()
    commitment = CommitmentFactory(
        convention=convention, description="Réunir le comité de pilotage", frequency="yearly"
    )
    client.force_login(haut_rhin.officer)
    assert "Réunir le comité de pilotage" in page(client, "governance:body_detail", body.pk)
    response = client.post(
        reverse("governance:commitment_take_over", args=[body.pk]), {"commitment": commitment.pk}
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.meetings_per_year == 1 and not convention.commitments.exists()
    other = CommitmentFactory(frequency="yearly")  # of another partnership
    response = client.post(
        reverse("governance:commitment_take_over", args=[body.pk]), {"commitment": other.pk}
    )
    assert response.status_code == 404


def test_the_bodies_list_is_exported_as_the_filters_say(client, haut_rhin):
    MeetingFactory(body=haut_rhin.body, held=True, on=ago(250))
    BodyFactory(partnership=haut_rhin.partnership, follow_up=True, name="=HYPERLINK(1)")
    client.force_login(haut_rhin.officer)
    csv_text = client.get(reverse("governance:body_export_csv"), {"state": "behind"}).content.decode(
        "utf-8-sig"
    )
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("Instance;Type;Partenariat") and len(lines) == 2
    assert "Comité de pilotage" in lines[1] and "En retard sur son rythme" in lines[1]
    everything = client.get(reverse("governance:body_export_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in everything
    response = client.get(reverse("governance:body_export_xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_minutes_written_around_the_service_are_still_cleaned_on_the_page(client, haut_rhin):
    meeting = MeetingFactory(body=haut_rhin.body, held=True, on=ago(5))
    Meeting.objects.filter(pk=meeting.pk).update(minutes="<p>ok</p><script>alert('raw')</script>")
    client.force_login(haut_rhin.reader)
    html = page(client, "governance:meeting_detail", meeting.pk)
    assert "<p>ok</p>" in html and "alert('raw')" not in html
