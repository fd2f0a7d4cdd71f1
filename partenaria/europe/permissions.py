"""Who may act on European projects (EU1-EU4, EU6). Reading is ``visible_to``'s business: a view
fetches through it first (404 otherwise), then asks here (403 with a message otherwise).

- the managers of a member of a partnership write its project sheet (the coordinator is then one of
  the members);
- the coordinator's managers run the project: the sheet, the partners' statuses, the partner search
  and the decision on each answer, the learning mobilities;
- the managers of every member contribute the deliverables (job profiles, training proposals);
- an organisation's managers answer a published search in its name.
"""

from partenaria.conventions.permissions import can_manage_partnership, managed_organisation_ids


def can_create_project(user, partnership) -> bool:
    # The managers of any member may start the sheet of their partnership.
    return can_manage_partnership(user, partnership)


def can_manage_project(user, project) -> bool:
    # The coordinator leads the application (« chef de file »); superusers operate the platform.
    return user.is_superuser or project.coordinator_id in managed_organisation_ids(user)


def can_contribute(user, project) -> bool:
    # Deliverables are written together by every partner of the consortium.
    return can_manage_partnership(user, project.partnership)


def can_answer_for(user, organisation_id: int) -> bool:
    # An answer commits an organisation: its own managers write it (superusers do not).
    return organisation_id in managed_organisation_ids(user)


def can_delegate(user, project, organisation_id: int) -> bool:
    # The coordinator composes the delegations; each partner's managers send their own professionals.
    if can_manage_project(user, project):
        return True
    if organisation_id not in managed_organisation_ids(user):
        return False
    return project.partnership.members.filter(organisation_id=organisation_id).exists()
