"""Who may act on host sites, campaigns, applications and placements (IN2-IN8).

Reading is the querysets' ``visible_to`` business (404 otherwise); these predicates decide acting
(403 with a message). The school runs its campaign and its students; the host's HR, site referents
and managers answer with offers and decide on applications.
"""

from partenaria.organisations.models import Membership, Role

SCHOOL_ROLES = {Role.ADMIN, Role.PARTNERSHIP_OFFICER}
HOST_ROLES = {Role.ADMIN, Role.PARTNERSHIP_OFFICER, Role.HR, Role.HOST_REFERENT}


def _roles(user, organisation_id: int) -> set[str]:
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_internship_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in (
            Membership.objects.active().filter(user=user).values_list("organisation_id", "role")
        ):
            cache.setdefault(org_id, set()).add(role)
        user._internship_roles = cache
    return cache.get(organisation_id, set())


def can_manage_site(user, site) -> bool:
    # The host's HR and referents keep their sites' tutors, diplomas and contacts up to date.
    return user.is_superuser or bool(_roles(user, site.organisation_id) & HOST_ROLES)


def can_manage_sites_of(user, organisation) -> bool:
    return user.is_superuser or bool(_roles(user, organisation.pk) & HOST_ROLES)


def can_run_campaign(user, campaign) -> bool:
    # The school asks for places, records its students and centralises their applications (IN5, IN6).
    return user.is_superuser or bool(_roles(user, campaign.school_id) & SCHOOL_ROLES)


def can_answer_campaign(user, campaign) -> bool:
    # The host's HR and site referents offer places and decide on applications (IN5, IN6).
    return user.is_superuser or bool(_roles(user, campaign.host_id) & HOST_ROLES)


def can_place(user, campaign) -> bool:
    # Either side may turn an accepted application into a placement and amend it (IN7).
    return can_run_campaign(user, campaign) or can_answer_campaign(user, campaign)


def can_start_campaign(user, organisation) -> bool:
    return user.is_superuser or bool(_roles(user, organisation.pk) & SCHOOL_ROLES)


def can_follow(user, campaign) -> bool:
    # The school's trainer plans and reports the follow-up visits of its interns (IN7).
    return can_run_campaign(user, campaign)


def can_organise_training(user, organisation) -> bool:
    # Either side may train tutors: the authority its referents, the school the sites' tutors (IN10).
    return user.is_superuser or bool(_roles(user, organisation.pk) & (SCHOOL_ROLES | HOST_ROLES))
