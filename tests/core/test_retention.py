"""Retention of every processing (trust 14, DP2): `manage.py apply_retention`.

Each rule is tried on a world holding one expired and one recent canary: the dry run counts the
expired one and changes nothing, the run changes the expired one only, a second dry run finds
nothing. A processing without a rule (or a justified « kept by law » one) fails the first test.
"""

import datetime
import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from partenaria.accounts.models import ApiToken
from partenaria.allocation.models import Run, Wish
from partenaria.core import gdpr, privacy
from partenaria.core.models import AccessRecord, AuditEvent, ErasureRequest
from partenaria.europe.models import Delegation, Mobility, Participant
from partenaria.internships.gdpr import last_school_year_ended_before
from partenaria.internships.models import Placement, Student, TutorEvaluation
from partenaria.organisations.models import Person, Role
from partenaria.research.models import TeamMember
from tests.europe.factories import EuropeanProjectFactory
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory
from tests.internships.factories import EvaluationFactory, TutorFactory, internship_world, place
from tests.research.factories import ProjectFactory

TODAY = datetime.date(2026, 12, 3)
LONG_AGO = timezone.make_aware(datetime.datetime(2015, 1, 5, 10, 0))


def run(*, dry_run: bool, today=TODAY) -> dict[tuple[str, str], int | None]:
    return {
        (key, model): count for key, model, count in privacy.retention_apply(today=today, dry_run=dry_run)
    }


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out)
    return out.getvalue()


def backdate(instance, **fields):
    type(instance)._base_manager.filter(pk=instance.pk).update(**fields)


def check_rule(rule: tuple[str, str], *, gone: str, kept: str):
    """Dry run: one to do, nothing changed; run: the expired canary ``gone`` leaves the database,
    the recent one ``kept`` stays; second dry run: nothing."""
    before = dump()
    assert gone in before and kept in before
    assert run(dry_run=True)[rule] == 1
    assert dump() == before
    assert run(dry_run=False)[rule] == 1
    after = dump()
    assert gone not in after, gone
    assert kept in after, kept
    assert run(dry_run=True)[rule] == 0


# --- Every processing has its rule ----------------------------------------------------------------


def test_every_processing_has_a_retention_rule_or_a_justified_reason_to_keep(db):
    missing = [p.key for p in gdpr.processings() if not p.retention_rules]
    assert not missing, f"processings without a retention rule: {missing}"
    for p in gdpr.processings():
        for rule in p.retention_rules:
            if rule.kept_by_law:
                # A reason names the law that requires keeping: not a placeholder.
                assert len(rule.kept_by_law) > 60 and (
                    "Code" in rule.kept_by_law or "law" in rule.kept_by_law
                )
            else:
                assert rule.apply is not None or rule.date_field, (p.key, rule.model)
                assert rule.period_days() >= 0 and (rule.setting or rule.days == 0), (p.key, rule.model)
            assert rule.model in p.models or rule.model in privacy.declared_models(), rule.model


def test_the_periods_are_settings_said_proposed_in_the_register(db, settings):
    settings.PARTENARIA_RETENTION_DAYS = {**settings.PARTENARIA_RETENTION_DAYS, "directory": 10}
    rule = next(p for p in gdpr.processings() if p.key == "directory").retention_rules[0]
    assert rule.period_days() == 10
    register = gdpr.register_markdown(controller="x")
    assert register.count("proposed") >= len(gdpr.processings())


def test_the_command_reports_every_rule_and_those_kept_by_law(db):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", "--date", "2026-12-03", stdout=out)
    assert "internships: internships.Student: 0 to do" in out.getvalue()
    assert "partnerships: conventions.Party: kept by law" in out.getvalue()


# --- Internships -----------------------------------------------------------------------------------


def test_the_school_year_ends_on_31_august():
    assert last_school_year_ended_before(datetime.date(2021, 12, 3)) == 2020  # 2020-2021 ended
    assert last_school_year_ended_before(datetime.date(2021, 8, 31)) == 2019
    assert last_school_year_ended_before(datetime.date(2021, 9, 1)) == 2020


def test_former_students_are_anonymised_with_their_placements_statistics_kept(db):
    world = internship_world()
    old = place(world)
    recent = place(world)
    Student.objects.filter(pk=old.student_id).update(first_name="Anatole", last_name="Canariancien")
    Student.objects.filter(pk=recent.student_id).update(first_name="Rosalie", last_name="Canarirecent")
    # Her last placement was in 2019-2020: that school year ended more than 5 years ago.
    Placement.objects.filter(pk=old.pk).update(school_year=2019)
    Placement.objects.filter(pk=recent.pk).update(school_year=2025)

    check_rule(("internships", "internships.Student"), gone="Canariancien", kept="Canarirecent")

    placement = Placement.objects.get(pk=old.pk)
    assert placement.site_id == world.site.pk and placement.school_year == 2019  # statistics kept
    assert placement.student.last_name == privacy.PLACEHOLDER_NAME


def test_a_student_never_placed_is_anonymised_after_the_period_from_her_last_change(db):
    world = internship_world()
    recent = place(world)
    Student.objects.filter(pk=recent.student_id).update(last_name="Canaricourante")
    never = Student.objects.create(
        school=world.campaign.school,
        first_name="Léa",
        last_name="Canarisansstage",
        email="lea@ecole.example",
        diploma=recent.student.diploma,
        training_year=1,
    )
    backdate(never, updated_at=LONG_AGO)

    check_rule(("internships", "internships.Student"), gone="Canarisansstage", kept="Canaricourante")


def test_evaluation_links_never_used_are_deleted_a_month_after_they_expired(db):
    world = internship_world()
    placement = place(world)
    old = EvaluationFactory(placement=placement, sent_to="lien-ancien@site.example")
    backdate(old, expires_at=timezone.now() - datetime.timedelta(days=90))
    EvaluationFactory(placement=placement, expired=True, sent_to="lien-recent@site.example")
    used = EvaluationFactory(placement=placement, submitted=True, sent_to="lien-rempli@site.example")
    backdate(used, expires_at=timezone.now() - datetime.timedelta(days=90))

    check_rule(
        ("internship_follow_up", "internships.TutorEvaluation"),
        gone="lien-ancien@site.example",
        kept="lien-recent@site.example",
    )
    assert TutorEvaluation.objects.filter(pk=used.pk).exists()


# --- Research, directory, accounts -----------------------------------------------------------------


def test_team_members_are_anonymised_years_after_the_end_of_their_project(db):
    ended_long_ago = ProjectFactory(
        status="closed", started_on=datetime.date(2016, 9, 1), ended_on=datetime.date(2019, 6, 30)
    )
    ended_last_year = ProjectFactory(status="closed", ended_on=datetime.date(2025, 6, 30))
    old = PersonFactory(last_name="Canarichercheur")
    recent = PersonFactory(last_name="Canarienquetrice")
    member = TeamMember.objects.create(project=ended_long_ago, person=old, role="Chercheur")
    TeamMember.objects.create(project=ended_last_year, person=recent, role="Enquêtrice")
    backdate(old, updated_at=LONG_AGO)
    backdate(recent, updated_at=LONG_AGO)

    check_rule(("research", "research.TeamMember"), gone="Canarichercheur", kept="Canarienquetrice")
    assert TeamMember.objects.get(pk=member.pk).role == "Chercheur"  # the team stays, nameless


def test_professionals_of_old_learning_mobilities_are_anonymised_after_the_programmes_audit_time(db):
    project = EuropeanProjectFactory()
    host = OrganisationFactory()
    old_trip = Mobility.objects.create(
        project=project, host=host, host_country="Italie", starts_on=datetime.date(2016, 5, 2)
    )
    last_spring = Mobility.objects.create(
        project=project, host=host, host_country="Belgique", starts_on=datetime.date(2026, 4, 6)
    )
    old = PersonFactory(last_name="Canarivoyageuse")
    recent = PersonFactory(last_name="Canariapprenant")
    seat = Participant.objects.create(
        delegation=Delegation.objects.create(mobility=old_trip, country="France", size=1), person=old
    )
    Participant.objects.create(
        delegation=Delegation.objects.create(mobility=last_spring, country="France", size=1), person=recent
    )
    backdate(old, updated_at=LONG_AGO)
    backdate(recent, updated_at=LONG_AGO)

    check_rule(("europe", "europe.Participant"), gone="Canarivoyageuse", kept="Canariapprenant")
    assert Participant.objects.filter(pk=seat.pk).exists()  # the delegation keeps its seat, nameless


def test_directory_entries_with_no_role_and_no_link_are_anonymised(db):
    gone = PersonFactory(last_name="Canaripartie", email="partie@dept.example", phone="01 02 03 04 05")
    PersonFactory(last_name="Canaripresente")
    still_member = PersonFactory(last_name="Canarimembre", user=UserFactory())
    MembershipFactory(user=still_member.user, organisation=still_member.organisation)
    tutor = TutorFactory(person__last_name="Canarituteur")
    for person in (gone, still_member, tutor.person):
        backdate(person, updated_at=LONG_AGO)

    check_rule(("directory", "organisations.Person"), gone="Canaripartie", kept="Canaripresente")
    assert "Canarimembre" in dump() and "Canarituteur" in dump()
    assert "01 02 03 04 05" not in dump()


def test_accounts_unused_for_two_years_are_closed_and_anonymised(db):
    idle = UserFactory(last_name="Canaridormant", email="dormant@dept.example")
    backdate(idle, last_login=LONG_AGO, date_joined=LONG_AGO)
    active = UserFactory(last_name="Canariactif")
    backdate(active, last_login=timezone.now() - datetime.timedelta(days=3), date_joined=LONG_AGO)
    admin = UserFactory(last_name="Canariadmin", is_superuser=True)
    backdate(admin, last_login=LONG_AGO, date_joined=LONG_AGO)
    MembershipFactory(user=idle, role=Role.AGENT)

    check_rule(("accounts", "accounts.User"), gone="Canaridormant", kept="Canariactif")
    assert "Canariadmin" in dump()
    idle.refresh_from_db()
    assert not idle.is_active and not idle.has_usable_password()
    assert "dormant@dept.example" not in dump()
    event = AuditEvent.objects.filter(action="privacy.person_anonymised").get()
    assert event.actor is None and event.changes["reason"] == "retention"


def test_expired_sessions_and_api_tokens_are_deleted(db):
    user = UserFactory()
    now = timezone.now()
    Session.objects.create(session_key="canari-vieux", session_data="x", expire_date=LONG_AGO)
    Session.objects.create(
        session_key="canari-neuf", session_data="x", expire_date=now + datetime.timedelta(1)
    )
    ApiToken.objects.create(user=user, key_hash="a" * 64, expires_at=LONG_AGO)
    ApiToken.objects.create(user=user, key_hash="b" * 64, expires_at=now + datetime.timedelta(days=5))

    assert run(dry_run=True, today=timezone.localdate())[("accounts", "sessions.Session")] == 1
    run(dry_run=False, today=timezone.localdate())
    assert list(Session.objects.values_list("session_key", flat=True)) == ["canari-neuf"]
    assert list(ApiToken.objects.values_list("key_hash", flat=True)) == ["b" * 64]
    assert run(dry_run=True, today=timezone.localdate())[("accounts", "accounts.ApiToken")] == 0


# --- Allocation, audit, access journal, erasure requests -------------------------------------------


def test_allocation_wishes_and_runs_of_past_school_years_are_deleted(db):
    world = internship_world()
    old_placement = place(world)
    old_campaign = world.campaign
    type(old_campaign).objects.filter(pk=old_campaign.pk).update(school_year=2019)
    old_campaign.refresh_from_db()
    recent_world = internship_world()
    recent = place(recent_world)
    Wish.objects.create(student=old_placement.student, offer=world.offer, campaign=old_campaign, rank=1)
    Wish.objects.create(
        student=recent.student, offer=recent_world.offer, campaign=recent_world.campaign, rank=1
    )
    Run.objects.create(campaign=old_campaign, summary={"canary": "Canarirunancien"})
    Run.objects.create(campaign=recent_world.campaign, summary={"canary": "Canarirunrecent"})

    before = dump()
    assert run(dry_run=True)[("allocation", "allocation.Run")] == 2
    assert dump() == before
    assert run(dry_run=False)[("allocation", "allocation.Run")] == 2
    assert "Canarirunancien" not in dump() and "Canarirunrecent" in dump()
    assert Wish.objects.get().campaign == recent_world.campaign
    assert run(dry_run=True)[("allocation", "allocation.Run")] == 0


def test_old_audit_rows_are_scrubbed_never_deleted(db):
    person = PersonFactory()
    old = AuditEvent.objects.create(
        actor_label="Octave Canariaudit",
        action="organisations.person_updated",
        target=person,
        target_label="Octave Canariaudit",
        changes={"last_name": ["Canariaudit", "Canariaudit2"], "job_title": ["Agent", "Chef"]},
    )
    backdate(old, at=LONG_AGO)
    AuditEvent.objects.create(
        actor_label="Berthe Canariaudrecent", action="organisations.person_updated", target=person
    )

    check_rule(("audit", "core.AuditEvent"), gone='Canariaudit"', kept="Canariaudrecent")
    old.refresh_from_db()
    assert old.actor_label == privacy.PLACEHOLDER_NAME and old.scrubbed_at is not None
    assert old.changes["job_title"] == ["Agent", "Chef"]  # what was done stays
    assert "Canariaudit" not in str(old.changes) and "Canariaudit" not in old.target_label


def test_the_access_journal_is_purged_after_its_period(db, settings):
    settings.PARTENARIA_ACCESS_JOURNAL_DAYS = 365
    reader = UserFactory(last_name="Canarilecteur")
    person = PersonFactory()
    from partenaria.core import journal

    journal.record_access(reader, person)
    rule = ("access_journal", "core.AccessRecord")
    soon, later = (
        timezone.localdate() + datetime.timedelta(200),
        timezone.localdate() + datetime.timedelta(400),
    )

    assert run(dry_run=True, today=soon)[rule] == 0  # recent: kept
    assert run(dry_run=True, today=later)[rule] == 1
    assert AccessRecord.objects.count() == 1
    assert run(dry_run=False, today=later)[rule] == 1
    assert not AccessRecord.objects.exists()
    assert run(dry_run=True, today=later)[rule] == 0


def test_answered_erasure_requests_are_deleted_after_three_years(db):
    old = ErasureRequest.objects.create(
        user=UserFactory(last_name="Canaridemandeancien"),
        organisation=PersonFactory().organisation,
        due_on=datetime.date(2015, 2, 5),
        done_at=LONG_AGO,
    )
    recent = ErasureRequest.objects.create(
        user=UserFactory(last_name="Canaridemanderecent"),
        organisation=old.organisation,
        due_on=TODAY,
        done_at=timezone.now(),
    )
    rule = ("erasure_requests", "core.ErasureRequest")
    assert run(dry_run=True)[rule] == 1
    run(dry_run=False)
    assert list(ErasureRequest.objects.values_list("pk", flat=True)) == [recent.pk]
    assert run(dry_run=True)[rule] == 0


@pytest.mark.parametrize("twice", [False, True])
def test_a_run_on_a_calm_database_changes_nothing(db, twice):
    internship_world()
    before = dump()
    run(dry_run=False, today=timezone.localdate())
    if twice:
        run(dry_run=False, today=timezone.localdate())
    assert dump() == before
    assert Person.objects.exclude(privacy.is_erased()).count() == Person.objects.count()
