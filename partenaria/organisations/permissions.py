"""Who may do what with organisations, their units, people and members (DP1). One predicate per question.

Reading is decided by ``Organisation.objects.visible_to(user)`` (404 otherwise); these predicates
decide acting on an organisation already visible (403 otherwise). Each predicate gathers the facts
about the user (their ``Standing``) and asks one pure function, :func:`decide`, which the
property-based tests check against the role x action matrix.
"""

from dataclasses import dataclass
from enum import StrEnum

from .models import MANAGER_ROLES, Membership, Role


class Action(StrEnum):
    CREATE_ORGANISATION = "create_organisation"
    EDIT_ORGANISATION = "edit_organisation"  # identity, logo, units, people
    SEE_MEMBERS = "see_members"
    MANAGE_MEMBERS = "manage_members"  # invite, change role, deactivate


@dataclass(frozen=True)
class Standing:
    """What the policy needs to know about a user facing one organisation."""

    is_superuser: bool = False
    # Active role in the organisation itself, if any.
    role: str | None = None
    # Active role in the organisation that registered it, if any.
    steward_role: str | None = None
    # Whether the organisation has an active administrator of its own.
    has_own_admin: bool = True
    # Whether the user administers at least one organisation.
    admin_anywhere: bool = False


def decide(action: Action, standing: Standing) -> bool:
    """The policy, as a pure function of the facts."""
    # Superusers operate the platform.
    if standing.is_superuser:
        return True
    # Until an organisation has its own administrator, the one that registered it stewards it.
    steward = None if standing.has_own_admin else standing.steward_role
    match action:
        case Action.CREATE_ORGANISATION:
            # Administrators register the bodies they work with (a new school before a partnership).
            return standing.admin_anywhere
        case Action.EDIT_ORGANISATION | Action.SEE_MEMBERS:
            # Administrators and partnership officers keep their organisation's data.
            return standing.role in MANAGER_ROLES or steward in MANAGER_ROLES
        case Action.MANAGE_MEMBERS:
            # Only administrators give or take access.
            return standing.role == Role.ADMIN or steward == Role.ADMIN
    return False


def _active_roles(user) -> dict[int, str]:
    """{organisation id: role} of the user's active memberships, read fresh: a removed membership
    takes effect on the next question, not at the next login."""
    return dict(Membership.objects.active().filter(user=user).values_list("organisation_id", "role"))


def standing_of(user, organisation=None) -> Standing:
    if not user.is_authenticated or not user.is_active:
        return Standing(has_own_admin=True)
    if user.is_superuser:
        return Standing(is_superuser=True)
    roles = _active_roles(user)
    admin_anywhere = Role.ADMIN in roles.values()
    if organisation is None:
        return Standing(admin_anywhere=admin_anywhere)
    steward_role = roles.get(organisation.registered_by_id) if organisation.registered_by_id else None
    has_own_admin = True
    if steward_role is not None:
        has_own_admin = (
            Membership.objects.active().filter(organisation=organisation, role=Role.ADMIN).exists()
        )
    return Standing(
        role=roles.get(organisation.pk),
        steward_role=steward_role,
        has_own_admin=has_own_admin,
        admin_anywhere=admin_anywhere,
    )


def can_create_organisation(user) -> bool:
    return decide(Action.CREATE_ORGANISATION, standing_of(user))


def can_edit_organisation(user, organisation) -> bool:
    return decide(Action.EDIT_ORGANISATION, standing_of(user, organisation))


def can_see_members(user, organisation) -> bool:
    return decide(Action.SEE_MEMBERS, standing_of(user, organisation))


def can_manage_members(user, organisation) -> bool:
    return decide(Action.MANAGE_MEMBERS, standing_of(user, organisation))
