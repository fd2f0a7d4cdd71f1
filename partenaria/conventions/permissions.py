"""Who may do what with partnerships and conventions (DP1). One predicate per question.

Reading is decided by the querysets' ``visible_to``; these predicates decide acting. They take
already-visible objects: a view first fetches through ``visible_to`` (404 otherwise), then asks here
(403 with a message otherwise).
"""

from partenaria.organisations.models import MANAGER_ROLES, Membership

from .statuses import EDITABLE


def managed_organisation_ids(user) -> set[int]:
    """Organisations in which ``user`` is an administrator or a partnership officer."""
    if not user.is_authenticated:
        return set()
    cache = getattr(user, "_managed_organisation_ids", None)
    if cache is None:
        cache = set(
            Membership.objects.active()
            .filter(user=user, role__in=MANAGER_ROLES)
            .values_list("organisation_id", flat=True)
        )
        user._managed_organisation_ids = cache
    return cache


def can_manage_partnership(user, partnership) -> bool:
    # Superusers operate the platform; members' managers run their partnerships.
    if user.is_superuser:
        return True
    member_ids = {m.organisation_id for m in partnership.members.all()}
    return bool(member_ids & managed_organisation_ids(user))


def can_create_partnership(user) -> bool:
    return user.is_superuser or bool(managed_organisation_ids(user))


def can_edit_convention(user, convention) -> bool:
    # Content is frozen once signed: changes then go through an amendment (CV4).
    return convention.status in EDITABLE and can_manage_partnership(user, convention.partnership)


def can_change_status(user, convention) -> bool:
    return can_manage_partnership(user, convention.partnership)


def can_denounce(user, convention) -> bool:
    # Any manager of a party may record a notice, its own or one received from another party.
    if user.is_superuser:
        return True
    party_ids = {p.organisation_id for p in convention.parties.all()}
    return bool(party_ids & managed_organisation_ids(user))


def can_manage_disputes(user, convention) -> bool:
    # The parties are those who settle a dispute: their managers log and follow it (CV9).
    if user.is_superuser:
        return True
    party_ids = {p.organisation_id for p in convention.parties.all()}
    return bool(party_ids & managed_organisation_ids(user))
