"""Who may act on research projects and study requests (RS1-RS5). Reading is ``visible_to``'s business."""

from partenaria.conventions.permissions import can_manage_partnership, managed_organisation_ids


def can_manage_research(user, project) -> bool:
    # The research is operational follow-up of the partnership: its managers on both sides run it.
    return can_manage_partnership(user, project.partnership)


def can_review_deliverable(user, deliverable) -> bool:
    """Acceptance is the other party's word: a manager of the partnership but not of the producer."""
    if user.is_superuser:
        return True
    member_ids = {m.organisation_id for m in deliverable.project.partnership.members.all()}
    reviewers = (member_ids & managed_organisation_ids(user)) - {deliverable.responsible_id}
    return bool(reviewers)


def can_manage_study(user, request) -> bool:
    return can_manage_partnership(user, request.partnership)
