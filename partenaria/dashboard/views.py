"""Home page: the organisation's dashboard ("Tableau de bord", AP4 deadline part, ux.md)."""

import datetime

from django.db.models import Count
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partenaria.conventions.models import Convention
from partenaria.conventions.statuses import Status
from partenaria.deadlines import engine
from partenaria.events.selectors import coming_events
from partenaria.finance.selectors import money_to_settle
from partenaria.governance.deadlines import Kind as GovernanceKind
from partenaria.internships import selectors as internship_selectors

DEADLINE_DAYS = 90
ENDING_DAYS = 120
ENDING_KINDS = {engine.Kind.TERM_END, engine.Kind.EXPIRY}
GOVERNANCE_MEETING_DUE = GovernanceKind.MEETING_DUE


@require_GET
def home(request):
    membership = request.current_membership
    if not membership:
        return render(request, "dashboard/home.html", {"organisation": None})
    organisation = membership.organisation
    today = timezone.localdate()
    partnerships = engine.partnerships_of(request.user, organisation)
    # One collection up to the furthest horizon, then split: the query count stays flat.
    deadlines = engine.collect(partnerships, today=today, until=today + datetime.timedelta(days=ENDING_DAYS))
    horizon = today + datetime.timedelta(days=DEADLINE_DAYS)
    late = [d for d in deadlines if d.is_late]
    # Bodies behind their rhythm come with the deadlines already collected: no query of their own.
    late_bodies = [d for d in late if d.kind == GOVERNANCE_MEETING_DUE]
    upcoming = [d for d in deadlines if not d.is_late and d.date <= horizon]
    ending, seen = [], set()
    for deadline in sorted(deadlines, key=lambda d: d.date):
        if deadline.kind in ENDING_KINDS and deadline.convention_id not in seen:
            seen.add(deadline.convention_id)
            ending.append(deadline)
    counts = dict(
        Convention.objects.filter(partnership__in=partnerships.values("pk"))
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_status = [
        {"status": status, "label": label, "count": counts.get(status, 0)}
        for status, label in Status.choices
        if counts.get(status)
    ]
    context = {
        "organisation": organisation,
        "today": today,
        "late": late,
        "late_bodies": late_bodies,
        "upcoming": upcoming,
        "ending": ending,
        "by_status": by_status,
        "conventions_count": sum(counts.values()),
        "partnerships_count": partnerships.values("pk").distinct().count(),
        "deadline_days": DEADLINE_DAYS,
        "ending_days": ENDING_DAYS,
        "internship_campaigns": internship_selectors.dashboard_campaigns(request.user, organisation, today),
        "money": money_to_settle(organisation, partnerships),
        "coming_events": coming_events(request.user, organisation),
    }
    return render(request, "dashboard/home.html", context)
