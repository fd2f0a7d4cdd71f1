"""Who may act on events (EV1, EV3, EV4). Reading is ``visible_to``'s business: a view fetches
through it first (404 otherwise), then asks here (403 with a message otherwise)."""

from partenaria.conventions.permissions import managed_organisation_ids


def can_organise_for(user, organisation) -> bool:
    """Create an event or publish news in the name of ``organisation``: its managers."""
    return user.is_superuser or organisation.pk in managed_organisation_ids(user)


def can_manage_event(user, event) -> bool:
    # The organiser's managers run the event; in a partnership, so do the managers of its members,
    # who co-organise it (the socio-sport seminar of the Département held at Askoria [000]).
    if user.is_superuser or event.organiser_id in managed_organisation_ids(user):
        return True
    if event.partnership_id is None:
        return False
    member_ids = {m.organisation_id for m in event.partnership.members.all()}
    return bool(member_ids & managed_organisation_ids(user))


def can_register(user, event) -> bool:
    """Any person who sees the event may register for it (the partners' people)."""
    return user.is_authenticated
