"""Who may do what with rooms and bookings (EV2, FN3). Reading is ``visible_to``'s business.

- the owner's administrators and partnership officers manage its rooms and quotas, confirm and
  cancel the bookings of its rooms, and export their invoice lines;
- the people of a partner organisation (any role but student and viewer) book in its name; the
  person who booked, or a manager of the booking organisation, may cancel.
"""

from partenaria.conventions.permissions import managed_organisation_ids
from partenaria.organisations.models import Membership, Role

BOOKER_ROLES = {r for r in Role if r not in (Role.STUDENT, Role.VIEWER)}


def can_manage_rooms(user, organisation_id: int) -> bool:
    # The organisation's managers lend its rooms; superusers operate the platform.
    return user.is_superuser or organisation_id in managed_organisation_ids(user)


def booking_organisation_ids(user) -> set[int]:
    """Organisations in whose name ``user`` may book a partner's room."""
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.active()
        .filter(user=user, role__in=BOOKER_ROLES)
        .values_list("organisation_id", flat=True)
    )


def can_book_for(user, organisation_id: int) -> bool:
    return organisation_id in booking_organisation_ids(user)


def can_confirm_booking(user, booking) -> bool:
    # Only the room's owner accepts a request for its room.
    return can_manage_rooms(user, booking.room.owner_id)


def can_cancel_booking(user, booking) -> bool:
    # The owner may refuse or cancel; the partner may withdraw its own request or booking.
    if can_manage_rooms(user, booking.room.owner_id):
        return True
    if booking.booked_by_id == user.pk:
        return True
    return booking.organisation_id in managed_organisation_ids(user)
