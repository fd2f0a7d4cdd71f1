"""The role x action matrix of organisations (trust 4), checked on the pure policy and on the database."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from partenaria.organisations.models import Membership, Role
from partenaria.organisations.permissions import (
    Action,
    Standing,
    can_create_organisation,
    can_edit_organisation,
    can_manage_members,
    can_see_members,
    decide,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

roles = st.one_of(st.none(), st.sampled_from(list(Role)))
standings = st.builds(
    Standing,
    is_superuser=st.booleans(),
    role=roles,
    steward_role=roles,
    has_own_admin=st.booleans(),
    admin_anywhere=st.booleans(),
)

# The matrix as the business states it, role by role, for a member of the organisation itself.
EXPECTED = {
    Role.ADMIN: {Action.EDIT_ORGANISATION, Action.SEE_MEMBERS, Action.MANAGE_MEMBERS},
    Role.PARTNERSHIP_OFFICER: {Action.EDIT_ORGANISATION, Action.SEE_MEMBERS},
    Role.HR: set(),
    Role.HOST_REFERENT: set(),
    Role.AGENT: set(),
    Role.STUDENT: set(),
    Role.VIEWER: set(),
    None: set(),
}
ORGANISATION_ACTIONS = [Action.EDIT_ORGANISATION, Action.SEE_MEMBERS, Action.MANAGE_MEMBERS]


@given(standing=standings, action=st.sampled_from(list(Action)))
def test_a_superuser_may_do_everything(standing, action):
    assert decide(action, Standing(**{**standing.__dict__, "is_superuser": True}))


@given(role=roles, action=st.sampled_from(ORGANISATION_ACTIONS), admin_anywhere=st.booleans())
def test_members_act_according_to_their_role_only(role, action, admin_anywhere):
    standing = Standing(role=role, has_own_admin=True, steward_role=None, admin_anywhere=admin_anywhere)
    assert decide(action, standing) is (action in EXPECTED[role])


@given(standing=standings)
def test_only_administrators_somewhere_create_organisations(standing):
    assert decide(Action.CREATE_ORGANISATION, standing) is (standing.is_superuser or standing.admin_anywhere)


@given(standing=standings, action=st.sampled_from(ORGANISATION_ACTIONS))
def test_stewardship_ends_when_the_organisation_has_its_own_administrator(standing, action):
    own_admin = Standing(**{**standing.__dict__, "has_own_admin": True, "is_superuser": False})
    without_steward = Standing(**{**own_admin.__dict__, "steward_role": None})
    assert decide(action, own_admin) is decide(action, without_steward)


@given(standing=standings, action=st.sampled_from(ORGANISATION_ACTIONS))
def test_managing_members_implies_editing_and_seeing_them(standing, action):
    if decide(Action.MANAGE_MEMBERS, standing):
        assert decide(Action.EDIT_ORGANISATION, standing)
        assert decide(Action.SEE_MEMBERS, standing)
    # Seeing members and editing are one and the same right.
    assert decide(Action.SEE_MEMBERS, standing) is decide(Action.EDIT_ORGANISATION, standing)


@given(
    role=roles,
    other_role=roles,
    active=st.booleans(),
    user_active=st.booleans(),
    superuser=st.booleans(),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@pytest.mark.django_db
def test_the_predicates_follow_the_policy_on_real_memberships(
    role, other_role, active, user_active, superuser
):
    """Whatever the memberships in the database, the predicates answer as the matrix says."""
    organisation, elsewhere = OrganisationFactory(), OrganisationFactory()
    user = UserFactory(is_active=user_active, is_superuser=superuser)
    if role is not None:
        MembershipFactory(user=user, organisation=organisation, role=role, is_active=active)
    if other_role is not None:
        MembershipFactory(user=user, organisation=elsewhere, role=other_role)
    effective = role if (active and user_active) else None
    if not user_active:
        expected_edit = expected_manage = expected_create = False
    elif superuser:
        expected_edit = expected_manage = expected_create = True
    else:
        expected_edit = Action.EDIT_ORGANISATION in EXPECTED[effective]
        expected_manage = Action.MANAGE_MEMBERS in EXPECTED[effective]
        expected_create = Role.ADMIN in {effective, other_role}
    assert can_edit_organisation(user, organisation) is expected_edit
    assert can_see_members(user, organisation) is expected_edit
    assert can_manage_members(user, organisation) is expected_manage
    assert can_create_organisation(user) is expected_create
    Membership.objects.filter(user=user).delete()
