"""Navigation shown on every page: the domains that exist and the current organisation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# One entry per domain, in the order of the navigation (ux.md). Only what exists is listed.
NAVIGATION = [
    ("dashboard", _("Dashboard"), "dashboard:home"),
    ("partnerships", _("Partnerships"), "conventions:partnership_list"),
    ("conventions", _("Conventions"), "conventions:convention_list"),
    ("deadlines", _("Deadlines"), "deadlines:list"),
    ("organisations", _("Organisations"), "organisations:list"),
]


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    path = request.path
    items = []
    for key, label, url_name in NAVIGATION:
        url = reverse(url_name)
        current = path == url if url == "/" else path.startswith(url)
        items.append({"key": key, "label": label, "url": url, "current": current})
    membership = request.current_membership
    return {
        "nav_items": items,
        "current_membership": membership or None,
        "current_organisation": membership.organisation if membership else None,
        "memberships": request.memberships,
    }
