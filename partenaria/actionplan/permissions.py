"""Who may change an action plan and its indicators (AP1, AP2). Reading is ``visible_to``'s business."""

from partenaria.conventions.permissions import can_manage_partnership


def can_edit_action_plan(user, convention) -> bool:
    # The plan is operational follow-up, not contractual content: unlike the articles, it stays
    # editable once the convention is signed, by the managers of the partnership's organisations.
    return can_manage_partnership(user, convention.partnership)
