"""Who may act in the teaching cooperation (PD1-PD7). Reading is ``visible_to``'s business: a view
fetches through it first (404 otherwise), then asks here (403 with a message otherwise).

- the school plans the interventions, asks the employer's approval, confirms them once approved,
  cancels them and sends the annual programme (its managers);
- the agent's employer decides: its managers and its human-resources service approve or refuse.
"""

from partenaria.conventions.permissions import can_manage_partnership, managed_organisation_ids
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


def can_publish_job_offer(user, partnership) -> bool:
    # The authority's managers and HR hand their job offers to the school (PD5).
    if user.is_superuser:
        return True
    employers = {m.organisation_id for m in partnership.members.all()} - school_ids(partnership)
    return bool(employers & approver_organisation_ids(user))


def can_relay_job_offer(user, offer) -> bool:
    # The school relays them to its new graduates.
    return can_plan(user, offer.partnership)


def can_register_agent(user, agent) -> bool:
    # The employer sends each agent's registration form to the documentation centre (PD6).
    return user.is_superuser or agent.organisation_id in approver_organisation_ids(user)


def can_manage_qualifications(user, partnership) -> bool:
    # Any member's managers run the cooperation actions on qualifications (PD7).
    return can_manage_partnership(user, partnership)


def can_assess_speakers(user, partnership) -> bool:
    # The school analyses the speakers' competences against its training frameworks (PD4).
    return can_plan(user, partnership)
