"""The role x action matrix (trust item 4, DP1): every app's predicates agree with one policy table.

Two complete partnerships are built (tests/test_access.py's world, twice): the user holds one role in
one organisation of the first. For each action of ``partenaria.organisations.policy``, the real
predicate of the app is asked about the first partnership's object (it must answer as the policy
says) and about the second's (never, whatever the role).
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partenaria.actionplan.permissions import can_edit_action_plan
from partenaria.allocation.permissions import can_allocate
from partenaria.conventions import permissions as conventions
from partenaria.europe import permissions as europe
from partenaria.events import permissions as events
from partenaria.events.models import Event
from partenaria.finance import permissions as finance
from partenaria.internships import permissions as internships
from partenaria.organisations import permissions as organisations
from partenaria.organisations.models import Membership, Role
from partenaria.organisations.policy import ACTIONS, POLICY, SUPERUSER_EXCEPTIONS, allowed
from partenaria.research import permissions as research
from partenaria.rooms import permissions as rooms
from partenaria.teaching import permissions as teaching
from tests.factories import UserFactory
from tests.test_access import build_world_b

# action -> (the world's organisation in which the role is held, the question asked about a world).
# ``None`` as the question's world means an action without an object (creating): no other tenant.
QUESTIONS = {
    "organisations.create": ("organisation", lambda u, w: organisations.can_create_organisation(u)),
    "organisations.edit": (
        "organisation",
        lambda u, w: organisations.can_edit_organisation(u, w.organisation),
    ),
    "organisations.see_members": (
        "organisation",
        lambda u, w: organisations.can_see_members(u, w.organisation),
    ),
    "organisations.manage_members": (
        "organisation",
        lambda u, w: organisations.can_manage_members(u, w.organisation),
    ),
    "conventions.create_partnership": ("school", lambda u, w: conventions.can_create_partnership(u)),
    "conventions.manage_partnership": (
        "school",
        lambda u, w: conventions.can_manage_partnership(u, w.partnership),
    ),
    "conventions.edit_draft": ("organisation", lambda u, w: conventions.can_edit_convention(u, w.draft)),
    "conventions.change_status": ("school", lambda u, w: conventions.can_change_status(u, w.convention)),
    "conventions.denounce": ("organisation", lambda u, w: conventions.can_denounce(u, w.convention)),
    "conventions.manage_disputes": ("school", lambda u, w: conventions.can_manage_disputes(u, w.convention)),
    "actionplan.edit": ("organisation", lambda u, w: can_edit_action_plan(u, w.convention)),
    "finance.record": ("school", lambda u, w: finance.can_record_money(u, w.convention)),
    "finance.confirm_excess": ("organisation", lambda u, w: finance.can_confirm_excess(u, w.organisation.pk)),
    "research.manage": ("school", lambda u, w: research.can_manage_research(u, w.research.project)),
    # The school produced the deliverable: the Département reviews it.
    "research.review_deliverable": (
        "organisation",
        lambda u, w: research.can_review_deliverable(u, w.research.deliverable),
    ),
    "research.manage_study": ("organisation", lambda u, w: research.can_manage_study(u, w.research.study)),
    "events.organise": ("organisation", lambda u, w: events.can_organise_for(u, w.organisation)),
    "events.manage": ("school", lambda u, w: events.can_manage_event(u, w.events.event)),
    # Registering presumes the event is seen: another partnership's event is not.
    "events.register": (
        "school",
        lambda u, w: (
            Event.objects.visible_to(u).filter(pk=w.events.event.pk).exists()
            and events.can_register(u, w.events.event)
        ),
    ),
    "internships.manage_site": ("organisation", lambda u, w: internships.can_manage_site(u, w.stages.site)),
    "internships.start_campaign": ("school", lambda u, w: internships.can_start_campaign(u, w.school)),
    "internships.run_campaign": ("school", lambda u, w: internships.can_run_campaign(u, w.stages.campaign)),
    "internships.answer_campaign": (
        "organisation",
        lambda u, w: internships.can_answer_campaign(u, w.stages.campaign),
    ),
    "internships.place": ("organisation", lambda u, w: internships.can_place(u, w.stages.campaign)),
    "internships.follow": ("school", lambda u, w: internships.can_follow(u, w.stages.campaign)),
    "internships.organise_training": (
        "organisation",
        lambda u, w: internships.can_organise_training(u, w.organisation),
    ),
    "allocation.allocate": ("school", lambda u, w: can_allocate(u, w.stages.campaign)),
    # The school plans and follows its interventions; the agent's employer (the Département) decides.
    "teaching.plan": ("school", lambda u, w: teaching.can_plan(u, w.partnership)),
    "teaching.manage_intervention": (
        "school",
        lambda u, w: teaching.can_manage_intervention(u, w.teaching.planned),
    ),
    "teaching.decide": ("organisation", lambda u, w: teaching.can_decide(u, w.teaching.requested)),
    "teaching.publish_job_offer": (
        "organisation",
        lambda u, w: teaching.can_publish_job_offer(u, w.partnership),
    ),
    "teaching.relay_job_offer": ("school", lambda u, w: teaching.can_relay_job_offer(u, w.teaching.offer)),
    "teaching.register_documentation": (
        "organisation",
        lambda u, w: teaching.can_register_agent(u, w.teaching.agent),
    ),
    "teaching.manage_qualifications": (
        "organisation",
        lambda u, w: teaching.can_manage_qualifications(u, w.partnership),
    ),
    "teaching.assess_speakers": ("school", lambda u, w: teaching.can_assess_speakers(u, w.partnership)),
    "rooms.manage": ("organisation", lambda u, w: rooms.can_manage_rooms(u, w.organisation.pk)),
    "rooms.book": ("school", lambda u, w: rooms.can_book_for(u, w.school.pk)),
    "rooms.confirm_booking": ("organisation", lambda u, w: rooms.can_confirm_booking(u, w.rooms.booking)),
    # The booking was made by another person of the school: only the role counts.
    "rooms.cancel_booking": ("school", lambda u, w: rooms.can_cancel_booking(u, w.rooms.booking)),
    "europe.create_project": ("school", lambda u, w: europe.can_create_project(u, w.partnership)),
    "europe.manage_project": ("organisation", lambda u, w: europe.can_manage_project(u, w.europe.project)),
    "europe.contribute": ("school", lambda u, w: europe.can_contribute(u, w.europe.project)),
    # The school sends its own professionals to a mobility coordinated by the Département.
    "europe.delegate": ("school", lambda u, w: europe.can_delegate(u, w.europe.project, w.school.pk)),
    "europe.answer_search": ("school", lambda u, w: europe.can_answer_for(u, w.school.pk)),
}
WITHOUT_OBJECT = {"organisations.create", "conventions.create_partnership"}


def test_every_action_of_the_policy_is_asked_of_its_predicate():
    assert set(QUESTIONS) == set(POLICY)
    for action, rule in POLICY.items():
        assert rule.roles <= set(Role), action


@pytest.fixture
def two_worlds(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    own, other = build_world_b(), build_world_b()
    user = UserFactory()
    membership = Membership.objects.create(user=user, organisation=own.organisation, role=Role.VIEWER)
    return own, other, user, membership


def ask(two_worlds, role, action, tenant):
    """The predicate's answer for a user holding ``role`` where the action's rule says."""
    own, other, user, membership = two_worlds
    side, question = QUESTIONS[action]
    Membership.objects.filter(pk=membership.pk).update(organisation=getattr(own, side), role=role)
    fresh = type(user).objects.get(pk=user.pk)  # predicates cache memberships on the user object
    return question(fresh, own if tenant == "own" else other)


def check(two_worlds, role, action, tenant):
    answer = ask(two_worlds, role, action, tenant)
    if tenant == "own" or action in WITHOUT_OBJECT:
        assert answer == allowed(role, action), f"{role} {action} ({tenant}): predicate says {answer}"
    else:
        assert answer is False, f"{role} may {action} on another partnership's object"


@pytest.mark.django_db
def test_the_predicates_answer_as_the_policy_for_drawn_roles_actions_and_tenants(two_worlds):
    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        role=st.sampled_from(list(Role)),
        action=st.sampled_from(ACTIONS),
        tenant=st.sampled_from(["own", "other"]),
    )
    def property_holds(role, action, tenant):
        check(two_worlds, role, action, tenant)

    property_holds()


@pytest.mark.django_db
def test_the_whole_matrix_every_role_every_action_both_tenants(two_worlds):
    """The exhaustive walk of the same property: 7 roles x every action x own and other partnership."""
    for action in ACTIONS:
        for role in Role:
            for tenant in ("own", "other"):
                check(two_worlds, role, action, tenant)


@pytest.mark.django_db
def test_a_superuser_may_do_everything_and_a_user_without_membership_nothing(two_worlds):
    own, _other, user, membership = two_worlds
    membership.delete()
    fresh = type(user).objects.get(pk=user.pk)
    admin = UserFactory(is_superuser=True)
    for action, (_side, question) in QUESTIONS.items():
        assert question(admin, own) is (action not in SUPERUSER_EXCEPTIONS), action
        if action != "events.register":  # a person without organisation sees no event to register for
            assert question(fresh, own) is False, action
