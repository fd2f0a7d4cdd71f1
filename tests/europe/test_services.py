"""The acts of a European project (EU1-EU4, EU6) in the situations of the Erasmus+ sheet [002]."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from partenaria.conventions.models import MemberStatus, Partnership, PartnershipMember
from partenaria.core.models import AuditEvent
from partenaria.europe import selectors, services
from partenaria.europe.models import (
    AnswerStatus,
    Delegation,
    PartnerSearch,
    PartnerType,
    SearchAnswer,
)
from partenaria.organisations.models import OrganisationKind, Role
from tests.europe.factories import (
    EuropeanProjectFactory,
    confirm_everyone,
    erasmus_world,
    organisation_in,
)
from tests.factories import PartnershipFactory, PersonFactory, officer_of

pytestmark = pytest.mark.django_db


def actions(target=None):
    return list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))


# --- EU1: the sheet ----------------------------------------------------------------------------------


def test_the_sheet_of_a_european_partnership_is_written_by_a_member_and_its_members_become_partners():
    world = erasmus_world()
    project = world.project
    assert project.coordinator == world.isere
    assert project.keyword_list == ["métiers du social du futur", "inclusion"]
    rows = {r.organisation.pk: r for r in selectors.partners(project)}
    assert rows[world.isere.pk].partner_type == PartnerType.PUBLIC_SOCIAL
    assert rows[world.school.pk].partner_type == PartnerType.TRAINING
    assert rows[world.aoste.pk].partner_type == PartnerType.PUBLIC_SOCIAL  # stated by the coordinator
    assert rows[world.loire.pk].member.status == MemberStatus.PENDING
    assert "europe.project_created" in actions()


def test_a_training_partnership_has_no_european_sheet():
    partnership = PartnershipFactory()
    officer = officer_of(partnership.members.first().organisation)
    with pytest.raises(ValidationError):
        services.project_create(
            by=officer,
            partnership=partnership,
            data={"programme": "Erasmus+", "call_deadline": datetime.date(2030, 3, 1), "objective": "x"},
        )


def test_an_outsider_cannot_write_the_sheet_of_someone_else_s_partnership():
    world = erasmus_world()
    with pytest.raises(PermissionDenied):
        services.project_update(by=world.belgian_officer, project=world.project, data={"programme": "Autre"})


def test_the_contact_must_be_a_person_of_the_coordinator():
    world = erasmus_world()
    stranger = PersonFactory(organisation=world.school)
    with pytest.raises(ValidationError) as refused:
        services.project_update(by=world.officer, project=world.project, data={"contact": stranger})
    assert "contact" in refused.value.message_dict


def test_the_call_deadline_is_a_deadline_of_the_partnership():
    from partenaria.deadlines import engine

    world = erasmus_world()
    today = datetime.date.today()
    partnerships = Partnership.objects.filter(pk=world.partnership.pk)
    found = [
        d
        for d in engine.collect(partnerships, today=today, until=today + datetime.timedelta(days=120))
        if d.kind == "european_call_deadline"
    ]
    assert [d.date for d in found] == [world.project.call_deadline]


# --- EU3: the consortium on the sheet ----------------------------------------------------------------


def test_the_consortium_check_of_the_confirmed_partners_and_of_all_partners():
    world = erasmus_world()
    rows = selectors.partners(world.project)
    confirmed = selectors.consortium(rows, confirmed_only=True)
    everyone = selectors.consortium(rows, confirmed_only=False)
    assert [c.country for c in confirmed.countries] == ["France"]
    assert [c.country for c in everyone.countries] == ["France", "Italie"]
    assert not everyone.is_met
    assert any("Italie" in line for line in everyone.missing)


# --- EU2: partners and the search ----------------------------------------------------------------------


def test_an_organisation_outside_answers_and_the_coordinator_accepts_it_as_pending(
    django_capture_on_commit_callbacks,
):
    world = erasmus_world()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.search_answer(
            by=world.belgian_officer,
            search=world.search,
            organisation=world.belgian,
            data={
                "message": "Le CPAS souhaite rejoindre le projet.",
                "partner_type": PartnerType.PUBLIC_SOCIAL,
            },
        )
    assert mail.outbox[-1].to == [world.officer.email]
    assert "CPAS de Liège" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        member = services.answer_accept(by=world.officer, answer=answer, reply="Bienvenue !")
    assert member.status == MemberStatus.PENDING
    answer.refresh_from_db()
    assert answer.status == AnswerStatus.ACCEPTED and answer.decided_by == world.officer
    assert mail.outbox[-1].to == [world.belgian_officer.email]
    assert "Bienvenue" in mail.outbox[-1].body
    assert {"europe.answered", "europe.answer_accepted"} <= set(actions())
    rows = {r.organisation.pk: r for r in selectors.partners(world.project)}
    assert rows[world.belgian.pk].partner_type == PartnerType.PUBLIC_SOCIAL


def test_an_organisation_answers_once_until_the_coordinator_decides():
    world = erasmus_world()
    data = {"message": "Intéressés.", "partner_type": PartnerType.TRAINING}
    answer = services.search_answer(
        by=world.belgian_officer, search=world.search, organisation=world.belgian, data=data
    )
    with pytest.raises(ValidationError):
        services.search_answer(
            by=world.belgian_officer, search=world.search, organisation=world.belgian, data=data
        )
    services.answer_decline(by=world.officer, answer=answer, reply="Le consortium est complet en Belgique.")
    again = services.search_answer(
        by=world.belgian_officer, search=world.search, organisation=world.belgian, data=data
    )
    assert again.status == AnswerStatus.SUBMITTED


def test_the_database_refuses_two_open_answers_of_one_organisation():
    world = erasmus_world()
    SearchAnswer.objects.create(
        search=world.search, organisation=world.belgian, partner_type="other", message="a"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        SearchAnswer.objects.create(
            search=world.search, organisation=world.belgian, partner_type="other", message="b"
        )


def test_a_member_cannot_answer_its_own_project_s_search_and_a_closed_search_takes_no_answer():
    world = erasmus_world()
    loire_officer = officer_of(world.loire)
    with pytest.raises(ValidationError):
        services.search_answer(
            by=loire_officer, search=world.search, organisation=world.loire, data={"message": "x"}
        )
    services.search_close(by=world.officer, search=world.search)
    with pytest.raises(ValidationError):
        services.search_answer(
            by=world.belgian_officer, search=world.search, organisation=world.belgian, data={"message": "x"}
        )


def test_only_the_organisation_s_managers_answer_in_its_name():
    world = erasmus_world()
    agent = officer_of(world.belgian, role=Role.AGENT)
    with pytest.raises(PermissionDenied):
        services.search_answer(
            by=agent, search=world.search, organisation=world.belgian, data={"message": "x"}
        )
    with pytest.raises(PermissionDenied):
        services.search_answer(
            by=world.belgian_officer, search=world.search, organisation=world.isere, data={"message": "x"}
        )


def test_a_decided_answer_is_not_decided_again_and_only_the_coordinator_decides():
    world = erasmus_world()
    answer = services.search_answer(
        by=world.belgian_officer, search=world.search, organisation=world.belgian, data={"message": "x"}
    )
    with pytest.raises(PermissionDenied):
        services.answer_accept(by=officer_of(world.school), answer=answer)
    services.answer_accept(by=world.officer, answer=answer, status=MemberStatus.CONFIRMED)
    with pytest.raises(ValidationError):
        services.answer_decline(by=world.officer, answer=answer)
    assert PartnershipMember.objects.get(organisation=world.belgian).status == MemberStatus.CONFIRMED


def test_a_search_needs_a_partner_type_and_known_countries():
    world = erasmus_world()
    with pytest.raises(ValidationError) as refused:
        services.search_save(
            by=world.officer,
            project=world.project,
            data={"summary": "x", "countries": ["XX"], "partner_types": []},
        )
    assert "countries" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.search_save(
            by=world.officer,
            project=world.project,
            data={"summary": "x", "countries": ["BE"], "partner_types": []},
        )
    assert "partner_types" in refused.value.message_dict


def test_publishing_dates_the_search_and_the_database_requires_it():
    world = erasmus_world()
    assert world.search.published_on == datetime.date.today()
    with pytest.raises(IntegrityError), transaction.atomic():
        PartnerSearch.objects.filter(pk=world.search.pk).update(published_on=None)


def test_the_coordinator_confirms_a_partner_and_the_coordinator_itself_stays_confirmed():
    world = erasmus_world()
    services.partner_update(
        by=world.officer,
        project=world.project,
        organisation=world.loire,
        status=MemberStatus.CONFIRMED,
        partner_type=PartnerType.PUBLIC_SOCIAL,
    )
    assert PartnershipMember.objects.get(organisation=world.loire).status == MemberStatus.CONFIRMED
    with pytest.raises(ValidationError):
        services.partner_update(
            by=world.officer,
            project=world.project,
            organisation=world.isere,
            status=MemberStatus.PENDING,
            partner_type=PartnerType.PUBLIC_SOCIAL,
        )


# --- EU4: learning mobilities --------------------------------------------------------------------------


def three_country_world():
    world = erasmus_world()
    answer = services.search_answer(
        by=world.belgian_officer, search=world.search, organisation=world.belgian, data={"message": "x"}
    )
    services.answer_accept(by=world.officer, answer=answer, status=MemberStatus.CONFIRMED)
    confirm_everyone(world.project)
    return world


def test_a_mobility_lasts_five_days_in_the_host_country_with_a_delegation_of_every_other_country():
    world = three_country_world()
    mobility = services.mobility_plan(
        by=world.officer,
        project=world.project,
        data={
            "host": world.aoste,
            "starts_on": datetime.date(2021, 3, 15),
            "theme": "Protection de l'enfance",
        },
    )
    assert mobility.host_country == "Italie"
    assert mobility.ends_on == datetime.date(2021, 3, 19)
    assert sorted(d.country for d in mobility.delegations.all()) == ["Belgique", "France"]
    _, missing = selectors.mobility_plan(world.project)
    assert missing == ["Belgique", "France"]


def test_every_country_hosts_once():
    world = three_country_world()
    services.mobility_plan(
        by=world.officer,
        project=world.project,
        data={"host": world.isere, "starts_on": datetime.date(2020, 11, 2)},
    )
    with pytest.raises(ValidationError) as refused:
        services.mobility_plan(
            by=world.officer,
            project=world.project,
            data={"host": world.loire, "starts_on": datetime.date(2021, 5, 3)},
        )
    assert "host" in refused.value.message_dict


def test_a_delegation_holds_ten_professionals_and_never_the_host_s():
    world = three_country_world()
    mobility = services.mobility_plan(
        by=world.officer,
        project=world.project,
        data={"host": world.aoste, "starts_on": datetime.date(2021, 3, 15)},
    )
    french = [PersonFactory(organisation=world.isere if i % 2 else world.loire) for i in range(11)]
    for person in french[:10]:
        services.participant_add(by=world.officer, mobility=mobility, person=person)
    with pytest.raises(ValidationError) as refused:
        services.participant_add(by=world.officer, mobility=mobility, person=french[10])
    assert "complete" in refused.value.message_dict["person"][0]
    assert Delegation.objects.get(mobility=mobility, country="France").size == 10
    with pytest.raises(ValidationError):
        services.participant_add(
            by=world.officer, mobility=mobility, person=PersonFactory(organisation=world.aoste)
        )
    participant = mobility.delegations.get(country="France").participants.first()
    services.participant_remove(by=world.officer, participant=participant)
    services.participant_add(by=world.officer, mobility=mobility, person=french[10])
    assert Delegation.objects.get(mobility=mobility, country="France").size == 10


def test_the_database_holds_a_delegation_within_ten():
    world = three_country_world()
    mobility = services.mobility_plan(
        by=world.officer,
        project=world.project,
        data={"host": world.aoste, "starts_on": datetime.date(2021, 3, 15)},
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Delegation.objects.filter(mobility=mobility).update(size=11)


def test_a_partner_sends_its_own_professionals_not_another_s():
    world = three_country_world()
    mobility = services.mobility_plan(
        by=world.officer,
        project=world.project,
        data={"host": world.aoste, "starts_on": datetime.date(2021, 3, 15)},
    )
    services.participant_add(
        by=world.belgian_officer, mobility=mobility, person=PersonFactory(organisation=world.belgian)
    )
    with pytest.raises(PermissionDenied):
        services.participant_add(
            by=world.belgian_officer, mobility=mobility, person=PersonFactory(organisation=world.loire)
        )


def test_a_person_outside_the_partners_cannot_travel():
    world = three_country_world()
    mobility = services.mobility_plan(
        by=world.officer,
        project=world.project,
        data={"host": world.aoste, "starts_on": datetime.date(2021, 3, 15)},
    )
    stranger = PersonFactory(organisation=organisation_in("France", OrganisationKind.ASSOCIATION))
    with pytest.raises(ValidationError):
        services.participant_add(by=world.officer, mobility=mobility, person=stranger)


# --- EU6: deliverables ---------------------------------------------------------------------------------


def test_every_partner_writes_job_profiles_and_training_proposals():
    world = erasmus_world()
    school_officer = officer_of(world.school)
    profile = services.job_profile_add(
        by=school_officer,
        project=world.project,
        data={
            "family": "Protection de l'enfance",
            "title": "Éducateur spécialisé",
            "missions": "Accompagner des enfants confiés.",
            "know_how": "Conduite de projet éducatif",
            "soft_skills": "Écoute",
        },
    )
    with pytest.raises(ValidationError):
        services.job_profile_add(
            by=world.officer,
            project=world.project,
            data={"family": "protection de l'enfance", "title": "ÉDUCATEUR SPÉCIALISÉ", "missions": "x"},
        )
    proposal = services.training_proposal_add(
        by=world.officer,
        project=world.project,
        data={
            "kind": "continuing",
            "title": "Module numérique",
            "proposal": "Former au numérique.",
            "profile": profile,
        },
    )
    assert proposal.profile == profile
    with pytest.raises(PermissionDenied):
        services.job_profile_add(
            by=world.belgian_officer,
            project=world.project,
            data={"family": "a", "title": "b", "missions": "c"},
        )


def test_a_training_proposal_cannot_point_at_another_project_s_profile():
    world = erasmus_world()
    other = EuropeanProjectFactory()
    other_profile = other.job_profiles.create(family="F", title="T", missions="M")
    with pytest.raises(ValidationError):
        services.training_proposal_add(
            by=world.officer,
            project=world.project,
            data={"kind": "initial", "title": "x", "proposal": "y", "profile": other_profile},
        )
