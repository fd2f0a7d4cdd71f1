"""Who may record money (FN1, FN2, FN4). Reading is ``visible_to``'s business."""

from partenaria.conventions.permissions import can_manage_partnership, managed_organisation_ids


def can_record_money(user, convention) -> bool:
    return can_manage_partnership(user, convention.partnership)


def can_confirm_excess(user, payer_id: int) -> bool:
    """Paying beyond a commitment is the payer's decision: its administrator or partnership officer (FN1)."""
    return user.is_superuser or payer_id in managed_organisation_ids(user)
