"""Shared worlds of the privacy tests: the canary person (trust 15, 16)."""

from types import SimpleNamespace

import pytest

from partenaria.core import audit, privacy
from partenaria.events import services as event_services
from partenaria.organisations import services as organisation_services
from partenaria.organisations.models import Role
from partenaria.research.models import TeamMember
from tests.events.factories import EventFactory, quota
from tests.factories import MembershipFactory, PersonFactory, UserFactory, officer_of
from tests.internships.factories import StudentFactory, TrainerVisitFactory, internship_world, place
from tests.research.factories import ProjectFactory

CANARY_FIRST = "Zéphyrine"
CANARY_LAST = "Canarivolta"
CANARY_EMAIL = "zephyrine.canarivolta@ecole.example"
CANARY_PHONE = "06 12 34 56 78"


@pytest.fixture
def canary(db):
    """Zéphyrine Canarivolta: a student of the school with an account, in its directory, placed at the
    Département and visited by her trainer, team member of a research, registered to a study day, and
    named in the audit trail by the acts of others and by her own."""
    world = internship_world()
    school = world.campaign.school
    user = UserFactory(first_name=CANARY_FIRST, last_name=CANARY_LAST, email=CANARY_EMAIL)
    MembershipFactory(user=user, organisation=school, role=Role.STUDENT)
    person = PersonFactory(
        organisation=school, user=user, first_name=CANARY_FIRST, last_name=CANARY_LAST, email=CANARY_EMAIL
    )
    school_admin = officer_of(school, role=Role.ADMIN)
    organisation_services.person_update(
        by=school_admin, person=person, data={"phone": CANARY_PHONE, "job_title": "Étudiante"}
    )
    student = StudentFactory(
        school=school, user=user, first_name=CANARY_FIRST, last_name=CANARY_LAST, email=CANARY_EMAIL
    )
    placement = place(world, student=student)
    visit = TrainerVisitFactory(placement=placement, held=True, notes=f"{CANARY_FIRST} va bien.")
    project = ProjectFactory()
    team_member = TeamMember.objects.create(project=project, person=person, role="Enquêtrice")
    event = EventFactory()
    registration = event_services.registration_register(
        event=event,
        quota=quota(event),
        data={"first_name": CANARY_FIRST, "last_name": CANARY_LAST, "email": CANARY_EMAIL.upper()},
        consent=True,
        notify=False,
    )
    with privacy.transaction.atomic():
        audit.log_action(actor=user, action="test.own_act", target=person, changes={"note": "x"})
    bystander = PersonFactory(organisation=school, first_name="Yves", last_name="Témoin")
    return SimpleNamespace(
        **vars(world),
        school=school,
        user=user,
        person=person,
        school_admin=school_admin,
        student=student,
        placement=placement,
        visit=visit,
        team_member=team_member,
        registration=registration,
        bystander=bystander,
    )
