"""The current organisation of the signed-in person, switchable when they belong to several."""

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "current_organisation_id"


def _memberships(request):
    from partenaria.organisations.models import Membership

    if not request.user.is_authenticated:
        return []
    return list(
        Membership.objects.active()
        .filter(user=request.user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def _current(request):
    memberships = request.memberships
    if not memberships:
        return None
    wanted = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.organisation_id == wanted:
            return membership
    return memberships[0]


class CurrentOrganisationMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.memberships = SimpleLazyObject(lambda: _memberships(request))
        request.current_membership = SimpleLazyObject(lambda: _current(request))
        return self.get_response(request)
