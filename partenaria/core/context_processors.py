"""Navigation shown on every page: the domains that exist and the current organisation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# One entry per domain, in the order of the navigation (ux.md). Only what exists is listed.
NAVIGATION = [
    ("dashboard", _("Dashboard"), "dashboard:home"),
    ("partnerships", _("Partnerships"), "conventions:partnership_list"),
    ("conventions", _("Conventions"), "conventions:convention_list"),
    ("deadlines", _("Deadlines"), "deadlines:list"),
    ("governance", _("Bodies"), "governance:body_list"),
    ("actionplan", _("Action plan"), "actionplan:action_list"),
    ("internships", _("Internships"), "internships:index"),
    ("teaching", _("Teaching cooperation"), "teaching:index"),
    ("research", _("Research"), "research:project_list"),
    ("finance", _("Money"), "finance:overview"),
    ("events", _("Events"), "events:list"),
    ("europe", _("Europe"), "europe:index"),
    ("organisations", _("Organisations"), "organisations:list"),
]


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    path = request.path
    items = [{"key": key, "label": label, "url": reverse(url_name)} for key, label, url_name in NAVIGATION]
    # The current entry is the one whose address is the longest prefix of the page's path.
    matching = [
        item for item in items if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))
    ]
    current = max(matching, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["current"] = item is current
    membership = request.current_membership
    return {
        "nav_items": items,
        "current_membership": membership or None,
        "current_organisation": membership.organisation if membership else None,
        "memberships": request.memberships,
    }
