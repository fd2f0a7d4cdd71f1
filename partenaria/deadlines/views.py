"""The Échéances page, its CSV export, .ics files and the private calendar feed (CV3, AP4)."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partenaria.core.ratelimit import rate_limited
from partenaria.core.spreadsheets import table_download

from . import engine, ical, services
from .forms import DeadlineFilterForm

PAGE_SIZE = 50


def _current_organisation(request):
    membership = request.current_membership
    return membership.organisation if membership else None


def _filtered(request, organisation, today):
    """(form, deadlines) for the current organisation and the filters in the URL."""
    partnerships = list(
        engine.partnerships_of(request.user, organisation).order_by("title").only("pk", "title")
    )
    form = DeadlineFilterForm(request.GET or None, partnerships=partnerships)
    filters = form.filters()
    until = today + datetime.timedelta(days=filters["horizon"])
    deadlines = engine.for_user(
        request.user,
        today=today,
        until=until,
        organisation=organisation,
        partnership_id=filters["partnership"],
    )
    if filters["kind"]:
        deadlines = [d for d in deadlines if d.kind == filters["kind"]]
    return form, filters, deadlines, until


@require_GET
def deadline_list(request):
    today = timezone.localdate()
    organisation = _current_organisation(request)
    context = {"organisation": organisation, "today": today}
    if organisation is not None:
        form, filters, deadlines, until = _filtered(request, organisation, today)
        page = Paginator(deadlines, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            form=form,
            filters=filters,
            until=until,
            page=page,
            deadlines=page.object_list,
            count=len(deadlines),
            late_count=sum(1 for d in deadlines if d.is_late),
            query=query.urlencode(),
            is_filtered=bool(filters["kind"] or filters["partnership"]),
        )
    context["feed_url"] = request.build_absolute_uri(
        reverse("deadlines:feed", args=[request.user.calendar_token])
    )
    return render(request, "deadlines/list.html", context)


@rate_limited("export")
@require_GET
def deadline_export(request):
    organisation = _current_organisation(request)
    if organisation is None:
        raise Http404
    today = timezone.localdate()
    _form, _filters, deadlines, _until = _filtered(request, organisation, today)
    headers = [
        _("Date"),
        _("Kind"),
        _("What"),
        _("Convention"),
        _("Partnership"),
        _("Late"),
        _("Reason"),
        _("Link"),
    ]
    rows = (
        (
            deadline.date.isoformat(),
            deadline.kind_label,
            deadline.label,
            deadline.convention.title if deadline.convention else "",
            deadline.partnership.title if deadline.partnership else "",
            _("yes") if deadline.is_late else _("no"),
            deadline.reason,
            request.build_absolute_uri(deadline.url) if deadline.url else "",
        )
        for deadline in deadlines
    )
    return table_download("csv", "echeances", _("Deadlines"), headers, rows)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def deadline_ics(request, key):
    """One deadline as an .ics file ("Ajouter à mon agenda")."""
    today = timezone.localdate()
    until = today + datetime.timedelta(days=settings.PARTENARIA_DEADLINE_HORIZON_DAYS)
    deadline = engine.find(request.user, key, today=today, until=until)
    if deadline is None:
        raise Http404
    content = ical.calendar_of([deadline], name=deadline.title, absolute_url=request.build_absolute_uri)
    return _ics_response(content, "echeance.ics")


@login_not_required
@require_GET
def calendar_feed(request, token):
    """Private feed: every deadline of the partnerships the token's owner may see. No login: the
    token is the secret; a regenerated token makes the old address answer 404."""
    user = get_object_or_404(get_user_model(), calendar_token=token, is_active=True)
    today = timezone.localdate()
    until = today + datetime.timedelta(days=settings.PARTENARIA_DEADLINE_HORIZON_DAYS)
    deadlines = engine.for_user(user, today=today, until=until)
    content = ical.calendar_of(
        deadlines, name=_("Partenaria deadlines"), absolute_url=request.build_absolute_uri
    )
    return _ics_response(content, "partenaria.ics")


@require_POST
def calendar_token_regenerate(request):
    services.calendar_token_regenerate(by=request.user)
    messages.success(request, _("Your calendar has a new address. The previous address no longer works."))
    return redirect(reverse("deadlines:list") + "#calendar")
