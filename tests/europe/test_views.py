"""The pages of a European project (EU1-EU4, EU6): what each person sees and may do, the tenant
boundary of a published partner search, the export."""

import datetime
import html
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partenaria.conventions.models import MemberStatus, PartnershipMember
from partenaria.europe import services
from partenaria.europe.models import AnswerStatus, PartnerType, SearchAnswer
from partenaria.organisations.models import Role
from tests.europe.factories import erasmus_world
from tests.factories import OrganisationFactory, PersonFactory, officer_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return erasmus_world()


@pytest.fixture
def client(client):
    # A European partner's browser asks for English (EU7).
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def page(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_the_sheet_shows_the_seed_s_headings_the_consortium_check_and_the_partners(client, world):
    response = page(client, world.officer, "europe:project_detail", world.project.pk)
    text = text_of(response)
    assert response.status_code == 200
    for expected in (
        "Erasmus+ KA204",
        "Call deadline",
        "Keywords",
        "Objective",
        "Claire Vernet",
        "What is missing:",
        "Italie brings one organisation",
        "Pending validation",
        "To be confirmed",
        "Publish" if not world.search.is_published else "Close the search",
    ):
        assert expected in text, expected


def test_every_member_reads_the_sheet_even_pending_and_the_navigation_leads_there(client, world):
    loire_agent = officer_of(world.loire, role=Role.AGENT)
    assert page(client, loire_agent, "europe:project_detail", world.project.pk).status_code == 200
    index = text_of(page(client, loire_agent, "europe:index"))
    assert world.project.get_absolute_url() in index
    assert reverse("europe:index") in text_of(page(client, loire_agent, "dashboard:home"))


def test_an_organisation_outside_sees_the_published_search_but_nothing_else_of_the_partnership(client, world):
    """The tenant boundary of EU2: the search's own content, never the partners, the sheet, answers."""
    other_answer = services.search_answer(
        by=officer_of(other := OrganisationFactory(name="Kunta Oulu (test)", country="Finlande")),
        search=world.search,
        organisation=other,
        data={"message": "Message privé de Oulu", "partner_type": PartnerType.PUBLIC_SOCIAL},
    )
    client.force_login(world.belgian_officer)
    index = text_of(client.get(reverse("europe:index")))
    assert world.search.get_absolute_url() in index
    text = text_of(client.get(world.search.get_absolute_url()))
    assert world.project.title in text and "Belgium" in text and "Send the answer" in text
    for private in (
        world.loire.name,
        world.aoste.name,
        world.school.name,
        "Message privé de Oulu",
        "Pending",
    ):
        assert private not in text, private
    for name, args in (
        ("europe:project_detail", [world.project.pk]),
        ("europe:deliverables", [world.project.pk]),
        ("europe:deliverables_export", [world.project.pk]),
        ("europe:answer_decide", [other_answer.pk]),
        ("europe:search_edit", [world.project.pk]),
        ("conventions:partnership_detail", [world.partnership.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 404, name
    assert client.post(reverse("europe:search_close", args=[world.search.pk])).status_code == 404


def test_a_draft_or_closed_search_is_invisible_outside(client, world):
    services.search_close(by=world.officer, search=world.search)
    assert page(client, world.belgian_officer, "europe:search_detail", world.search.pk).status_code == 404
    assert world.search.get_absolute_url() not in text_of(page(client, world.belgian_officer, "europe:index"))


def test_a_student_sees_no_published_search(client, world):
    student = officer_of(world.belgian, role=Role.STUDENT)
    assert page(client, student, "europe:search_detail", world.search.pk).status_code == 404


def test_answering_then_the_coordinator_accepting_through_the_pages(client, world):
    client.force_login(world.belgian_officer)
    response = client.post(
        world.search.get_absolute_url(),
        {"organisation": world.belgian.pk, "partner_type": PartnerType.PUBLIC_SOCIAL, "message": ""},
    )
    assert response.status_code == 200 and "This field is required" in text_of(response)
    response = client.post(
        world.search.get_absolute_url(),
        {"organisation": world.belgian.pk, "partner_type": PartnerType.PUBLIC_SOCIAL, "message": "Bonjour"},
    )
    assert response.status_code == 302
    answer = SearchAnswer.objects.get(organisation=world.belgian)
    # Another organisation's name cannot be used: the choice is limited to the user's own.
    response = client.post(
        world.search.get_absolute_url(),
        {"organisation": world.isere.pk, "partner_type": "other", "message": "x"},
    )
    assert response.status_code == 200 and SearchAnswer.objects.count() == 1
    client.force_login(world.officer)
    response = client.post(reverse("europe:answer_decide", args=[answer.pk]), {"decision": "accept_pending"})
    assert response.status_code == 302
    assert SearchAnswer.objects.get(pk=answer.pk).status == AnswerStatus.ACCEPTED
    assert PartnershipMember.objects.get(organisation=world.belgian).status == MemberStatus.PENDING
    # Now a member: the Belgian officer reads the whole sheet.
    assert page(client, world.belgian_officer, "europe:project_detail", world.project.pk).status_code == 200


def test_a_partner_other_than_the_coordinator_may_not_decide_or_publish(client, world):
    answer = services.search_answer(
        by=world.belgian_officer, search=world.search, organisation=world.belgian, data={"message": "x"}
    )
    school_officer = officer_of(world.school)
    client.force_login(school_officer)
    assert client.get(reverse("europe:answer_decide", args=[answer.pk])).status_code == 403
    assert client.post(reverse("europe:search_close", args=[world.search.pk])).status_code == 403
    assert client.get(reverse("europe:project_edit", args=[world.project.pk])).status_code == 403


def test_the_sheet_form_keeps_what_was_typed_and_says_what_is_wrong(client, world):
    client.force_login(world.officer)
    response = client.post(
        reverse("europe:project_edit", args=[world.project.pk]),
        {"programme": "Erasmus+ KA220", "call_deadline": "pas une date", "objective": "Nouvel objectif"},
    )
    text = text_of(response)
    assert response.status_code == 200 and "Erasmus+ KA220" in text and "Enter a valid date" in text


def test_planning_a_mobility_and_adding_participants_through_the_pages(client, world):
    PartnershipMember.objects.filter(partnership=world.partnership).update(status=MemberStatus.CONFIRMED)
    client.force_login(world.officer)
    response = client.post(
        reverse("europe:mobility_add", args=[world.project.pk]),
        {"host": world.aoste.pk, "starts_on": "2021-03-15"},
    )
    assert response.status_code == 302
    mobility = world.project.mobilities.get()
    text = text_of(client.get(mobility.get_absolute_url()))
    assert "15 March 2021" in text and "19 March 2021" in text and "France – 0/10" in text
    person = PersonFactory(organisation=world.school, last_name="Delegue")
    assert client.post(mobility.get_absolute_url(), {"person": person.pk}).status_code == 302
    assert "Delegue" in text_of(client.get(mobility.get_absolute_url()))
    again = client.post(
        reverse("europe:mobility_add", args=[world.project.pk]),
        {"host": world.aoste.pk, "starts_on": "2021-06-01"},
    )
    assert "already hosts a mobility" in text_of(again)


def test_the_deliverables_export_lists_the_profiles_and_proposals(client, world):
    profile = services.job_profile_add(
        by=world.officer,
        project=world.project,
        data={
            "family": "Accueil",
            "title": "Travailleur social d'accueil",
            "missions": "Accueillir",
            "soft_skills": "Empathie",
        },
    )
    services.training_proposal_add(
        by=world.officer,
        project=world.project,
        data={
            "kind": "initial",
            "title": "Stage à l'étranger",
            "proposal": "Ouvrir un stage européen",
            "profile": profile,
        },
    )
    client.force_login(world.officer)
    assert "Travailleur social d'accueil" in text_of(
        client.get(reverse("europe:deliverables", args=[world.project.pk]))
    )
    response = client.get(reverse("europe:deliverables_export", args=[world.project.pk]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book["Job profiles"][2]][:2] == ["Accueil", "Travailleur social d'accueil"]
    assert book["Training proposals"][2][1].value == "Stage à l'étranger"


def test_the_write_sheet_link_appears_for_a_european_partnership_without_sheet(client):
    from tests.europe.factories import EuropeanPartnershipFactory

    partnership = EuropeanPartnershipFactory()
    officer = officer_of(partnership.members.first().organisation)
    text = text_of(page(client, officer, "europe:index"))
    assert reverse("europe:project_create", args=[partnership.pk]) in text
    client.force_login(officer)
    response = client.post(
        reverse("europe:project_create", args=[partnership.pk]),
        {
            "programme": "Erasmus+ KA204",
            "call_deadline": (datetime.date.today() + datetime.timedelta(days=30)).isoformat(),
            "objective": "Objectif",
            "coordinator": partnership.members.first().organisation_id,
        },
    )
    assert response.status_code == 302, text_of(response)[:3000]


def test_a_control_character_typed_in_a_profile_does_not_break_the_export(client, world):
    services.job_profile_add(
        by=world.officer,
        project=world.project,
        data={"family": "Accueil\x07", "title": "Veille\x0c", "missions": "M"},
    )
    client.force_login(world.officer)
    response = client.get(reverse("europe:deliverables_export", args=[world.project.pk]))
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content))["Job profiles"]["A2"].value == "Accueil"


def test_the_partnership_page_leads_to_its_european_project(client, world):
    text = text_of(page(client, world.officer, "conventions:partnership_detail", world.partnership.pk))
    assert world.project.get_absolute_url() in text
