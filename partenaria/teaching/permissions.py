"""Who may act in the teaching cooperation (PD1-PD7). Reading is ``visible_to``'s business: a view
fetches through it first (404 otherwise), then asks here (403 with a message otherwise).

- the school plans the interventions, asks the employer's approval, confirms them once approved,
  cancels them and sends the annual programme (its managers);
- the agent's employer decides: its managers and its human-resources service approve or refuse.
"""

from partenaria.conventions.permissions import managed_organisation_ids
from partenaria.organisations.models import MANAGER_ROLES, Membership, OrganisationKind, Role

APPROVER_ROLES = MANAGER_ROLES | {Role.HR}


def approver_organisation_ids(user) -> set[int]:
    """Organisations in which ``user`` is a manager or works in human resources."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_teaching_approver_ids", None)
    if cache is None:
        cache = set(
            Membership.objects.active()
            .filter(user=user, role__in=APPROVER_ROLES)
            .values_list("organisation_id", flat=True)
        )
        user._teaching_approver_ids = cache
    return cache


def school_ids(partnership) -> set[int]:
    return {
        m.organisation_id for m in partnership.members.all() if m.organisation.kind == OrganisationKind.SCHOOL
    }


def can_plan(user, partnership) -> bool:
    # The school's managers plan the interventions of its partnerships and send their programme.
    return user.is_superuser or bool(school_ids(partnership) & managed_organisation_ids(user))


def can_manage_intervention(user, intervention) -> bool:
    # The school that receives the agent follows the intervention: asks, confirms, cancels.
    return user.is_superuser or intervention.school_id in managed_organisation_ids(user)


def can_decide(user, intervention) -> bool:
    # The employer decides: leave for a paid intervention, the service's approval otherwise (PD3).
    if user.is_superuser:
        return True
    return intervention.agent_id is not None and (
        intervention.agent.organisation_id in approver_organisation_ids(user)
    )
