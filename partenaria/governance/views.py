"""Pages of the governance of partnerships (GV1-GV5). Thin: parse, call one service or query, render.

Every object is fetched through a queryset restricted to the partnerships the user sees (another
tenant's object is a 404); acting needs ``can_manage_partnership`` (403 with a message otherwise).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Max, Min, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partenaria.conventions.models import FREQUENCY_MONTHS, Commitment, Partnership
from partenaria.conventions.permissions import can_manage_partnership
from partenaria.core.audit import describe, history_for
from partenaria.core.forms import act_and_redirect, add_service_errors
from partenaria.core.ratelimit import rate_limited
from partenaria.core.spreadsheets import table_download
from partenaria.core.views import render_form_page
from partenaria.deadlines import engine

from . import ical, rules, services
from .deadlines import body_rhythm
from .forms import (
    ActionForm,
    AttendanceForm,
    BodyFilterForm,
    BodyForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    RepresentationForm,
    RuleForm,
    SeatForm,
)
from .models import (
    Action,
    Body,
    CompositionRule,
    Meeting,
    MeetingStatus,
    Representation,
    Seat,
    SeatKind,
)

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


# --- Fetching ------------------------------------------------------------------------------------


def _partnership(request, pk) -> Partnership:
    return get_object_or_404(Partnership.objects.visible_to(request.user), pk=pk)


def _body(request, pk) -> Body:
    return get_object_or_404(
        Body.objects.visible_to(request.user).select_related("partnership", "convention"), pk=pk
    )


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("body__partnership", "convened_by"), pk=pk
    )


def _require_manage(request, partnership) -> None:
    if not can_manage_partnership(request.user, partnership):
        raise PermissionDenied(_("Only a manager of a party may change the governance of this partnership."))


# --- States of bodies (composition and rhythm) ---------------------------------------------------


def with_states(bodies, today: datetime.date) -> list[Body]:
    """Bodies with their rules and current titular seats prefetched, the last meeting held and the
    next planned one annotated: attach ``check``, ``rhythm`` and ``next_meeting_on`` (3 queries)."""
    now = timezone.now()
    bodies = list(
        bodies.select_related("partnership")
        .annotate(
            last_held_at=Max("meetings__starts_at", filter=Q(meetings__status=MeetingStatus.HELD)),
            next_meeting_at=Min(
                "meetings__starts_at",
                filter=Q(meetings__status=MeetingStatus.PLANNED, meetings__starts_at__gte=now),
            ),
        )
        .prefetch_related(
            Prefetch("rules", queryset=CompositionRule.objects.select_related("organisation")),
            Prefetch(
                "seats",
                queryset=Seat.objects.current(today).filter(kind=SeatKind.TITULAR),
                to_attr="current_titulars",
            ),
        )
    )
    for body in bodies:
        attach_state(body, today, titulars=body.current_titulars)
    return bodies


def attach_state(body: Body, today: datetime.date, *, titulars) -> Body:
    body.check = rules.check_composition(list(body.rules.all()), [seat.rule_id for seat in titulars])
    body.rhythm = body_rhythm(body, today)
    next_at = getattr(body, "next_meeting_at", None)
    body.next_meeting_on = timezone.localtime(next_at).date() if next_at else None
    return body


# --- Lists ---------------------------------------------------------------------------------------


def _filtered_bodies(request):
    """The bodies of the current organisation's partnerships, filtered as the URL says, with states."""
    membership = request.current_membership
    organisation = membership.organisation if membership else None
    partnerships = engine.partnerships_of(request.user, organisation)
    form = BodyFilterForm(request.GET or None, partnerships=partnerships.order_by("title"))
    bodies = Body.objects.filter(partnership__in=partnerships.values("pk")).in_kind_order(
        "partnership__title"
    )
    state = ""
    if form.is_valid():
        data = form.cleaned_data
        if query := data["q"].strip():
            bodies = bodies.filter(Q(name__icontains=query) | Q(mission__icontains=query))
        if data["partnership"]:
            bodies = bodies.filter(partnership=data["partnership"])
        if data["kind"]:
            bodies = bodies.filter(kind=data["kind"])
        state = data["state"]
    rows = with_states(bodies, timezone.localdate())
    if state == "behind":
        rows = [b for b in rows if b.rhythm and b.rhythm.is_behind]
    elif state == "incomplete":
        rows = [b for b in rows if b.check.has_rule and not b.check.is_complete]
    return form, rows, organisation


@require_GET
def body_list(request):
    """« Instances »: the bodies of the current organisation's partnerships, with their state (GV1)."""
    form, rows, organisation = _filtered_bodies(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "governance/body_list.html",
        {
            "form": form,
            "page": page,
            "count": len(rows),
            "querystring": params.urlencode(),
            "organisation": organisation,
        },
    )


def _export_rows(rows):
    for body in rows:
        rhythm = body.rhythm
        check = body.check
        if not check.has_rule:
            composition = ""
        elif check.is_complete:
            composition = _("Complete")
        else:
            composition = _("Incomplete composition")
        yield [
            body.name,
            body.get_kind_display(),
            body.partnership.title,
            body.meetings_per_year or "",
            rhythm.last_held if rhythm else None,
            rhythm.next_due if rhythm else None,
            _("Behind its rhythm") if rhythm and rhythm.is_behind else "",
            body.next_meeting_on,
            composition,
        ]


@rate_limited("export")
@require_GET
def body_export(request, fmt):
    """The « Instances » list as the filters say, in CSV or XLSX."""
    _form, rows, _organisation = _filtered_bodies(request)
    headers = [
        _("Governance body"),
        _("Kind"),
        _("Partnership"),
        _("meetings per year"),
        _("Last meeting held"),
        _("Next meeting due"),
        _("Rhythm"),
        _("Next meeting"),
        _("Composition"),
    ]
    return table_download(fmt, "instances", "Instances", headers, _export_rows(rows))


@require_GET
def partnership_bodies(request, pk):
    """The bodies of one partnership and its representations in the partners' own bodies (GV1, GV5)."""
    partnership = _partnership(request, pk)
    bodies = with_states(partnership.bodies.in_kind_order(), timezone.localdate())
    representations = list(
        partnership.representations.select_related("host", "represented").prefetch_related("people")
    )
    history = [
        (event, describe(event.action))
        for event in history_for(partnership).filter(action__startswith="governance.")[:50]
    ]
    return render(
        request,
        "governance/partnership_bodies.html",
        {
            "partnership": partnership,
            "bodies": bodies,
            "representations": representations,
            "history": history,
            "can_manage": can_manage_partnership(request.user, partnership),
        },
    )


# --- A body --------------------------------------------------------------------------------------


@require_GET
def body_detail(request, pk):
    body = get_object_or_404(
        Body.objects.visible_to(request.user)
        .select_related("partnership", "convention")
        .prefetch_related(Prefetch("rules", queryset=CompositionRule.objects.select_related("organisation"))),
        pk=pk,
    )
    today = timezone.localdate()
    seats = list(body.seats.select_related("person__organisation", "rule", "substitute_for__person"))
    for seat in seats:
        seat.current = seat.is_current(today)
    titulars = [s for s in seats if s.kind == SeatKind.TITULAR and s.current]
    attach_state(body, today, titulars=titulars)
    meetings = list(body.meetings.select_related("convened_by"))
    upcoming = [m for m in meetings if m.status == MeetingStatus.PLANNED and m.starts_at >= timezone.now()]
    body.next_meeting_on = timezone.localtime(upcoming[-1].starts_at).date() if upcoming else None
    history = [(event, describe(event.action)) for event in history_for(body)[:100]]
    # Recurring commitments of the running conventions: one may be this body's rhythm, listed twice.
    recurring = list(
        Commitment.objects.filter(
            convention__partnership=body.partnership,
            convention__status__in=engine.DEADLINE_STATUSES,
            frequency__in=list(FREQUENCY_MONTHS),
        ).select_related("convention")
    )
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "partnership": body.partnership,
            "rules": list(body.rules.all()),
            "seats": seats,
            "today": today,
            "meetings": meetings,
            "recurring_commitments": recurring,
            "history": history,
            "can_manage": can_manage_partnership(request.user, body.partnership),
        },
    )


@require_POST
def commitment_take_over(request, pk):
    """Let the body carry the meeting rhythm of a recurring commitment of its convention (GV3)."""
    body = _body(request, pk)
    _require_manage(request, body.partnership)
    commitment = get_object_or_404(
        Commitment.objects.filter(
            convention__partnership=body.partnership, frequency__in=list(FREQUENCY_MONTHS)
        ),
        pk=request.POST.get("commitment") if str(request.POST.get("commitment", "")).isdigit() else 0,
    )
    try:
        services.body_take_over_commitment(by=request.user, body=body, commitment=commitment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The body now carries this meeting rhythm; the commitment is no longer followed.")
        )
    return redirect(body.get_absolute_url() + "#rhythm")


@GET_POST
def body_create(request, pk):
    partnership = _partnership(request, pk)
    _require_manage(request, partnership)
    form = BodyForm(request.POST or None, partnership=partnership)
    if response := act_and_redirect(
        request,
        form,
        lambda: services.body_create(by=request.user, partnership=partnership, data=form.cleaned_data),
        success=_("Body created."),
        to=lambda body: body,
    ):
        return response
    back = _partnership_url(partnership)
    return render_form_page(
        request,
        form,
        title=_("New body"),
        back=back,
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": partnership},
    )


@GET_POST
def body_edit(request, pk):
    body = _body(request, pk)
    _require_manage(request, body.partnership)
    form = BodyForm(request.POST or None, instance=body, partnership=body.partnership)
    if response := act_and_redirect(
        request,
        form,
        lambda: services.body_change(by=request.user, body=body, data=form.cleaned_data),
        success=_("Body saved."),
        to=lambda _result: body,
    ):
        return response
    return render_form_page(
        request,
        form,
        title=_("Edit the body"),
        back=body.get_absolute_url(),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": body.partnership, "body": body},
    )


def _partnership_url(partnership) -> str:
    return reverse("governance:partnership_bodies", args=[partnership.pk])


# --- Composition rule and seats ------------------------------------------------------------------


@GET_POST
def rule_add(request, pk):
    body = _body(request, pk)
    _require_manage(request, body.partnership)
    return _rule_form(request, body, None)


@GET_POST
def rule_edit(request, pk):
    rule = get_object_or_404(
        CompositionRule.objects.filter(
            body__in=Body.objects.visible_to(request.user).values("pk")
        ).select_related("body__partnership"),
        pk=pk,
    )
    _require_manage(request, rule.body.partnership)
    return _rule_form(request, rule.body, rule)


def _rule_form(request, body, rule):
    form = RuleForm(request.POST or None, instance=rule, body=body)
    if response := act_and_redirect(
        request,
        form,
        lambda: (
            services.rule_add(by=request.user, body=body, data=form.cleaned_data)
            if rule is None
            else services.rule_change(by=request.user, rule=rule, data=form.cleaned_data)
        ),
        success=_("Composition rule saved."),
        to=lambda _result: body.get_absolute_url() + "#composition",
    ):
        return response
    title = (
        _("Add a line to the composition rule") if rule is None else _("Edit a line of the composition rule")
    )
    return render_form_page(
        request,
        form,
        title=title,
        back=body.get_absolute_url(),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": body.partnership, "body": body},
    )


@require_POST
def rule_delete(request, pk):
    rule = get_object_or_404(
        CompositionRule.objects.filter(
            body__in=Body.objects.visible_to(request.user).values("pk")
        ).select_related("body__partnership"),
        pk=pk,
    )
    _require_manage(request, rule.body.partnership)
    body = rule.body
    services.rule_delete(by=request.user, rule=rule)
    messages.success(request, _("Line of the composition rule removed."))
    return redirect(body.get_absolute_url() + "#composition")


@GET_POST
def seat_add(request, pk):
    body = _body(request, pk)
    _require_manage(request, body.partnership)
    return _seat_form(request, body, None)


@GET_POST
def seat_edit(request, pk):
    seat = get_object_or_404(
        Seat.objects.filter(body__in=Body.objects.visible_to(request.user).values("pk")).select_related(
            "body__partnership"
        ),
        pk=pk,
    )
    _require_manage(request, seat.body.partnership)
    return _seat_form(request, seat.body, seat)


def _seat_form(request, body, seat):
    form = SeatForm(request.POST or None, instance=seat, body=body)
    if response := act_and_redirect(
        request,
        form,
        lambda: (
            services.seat_add(by=request.user, body=body, data=form.cleaned_data)
            if seat is None
            else services.seat_change(by=request.user, seat=seat, data=form.cleaned_data)
        ),
        success=_("Seat saved."),
        to=lambda _result: body.get_absolute_url() + "#seats",
    ):
        return response
    title = _("Give a seat") if seat is None else _("Edit a seat")
    return render_form_page(
        request,
        form,
        title=title,
        back=body.get_absolute_url(),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": body.partnership, "body": body},
    )


# --- Meetings ------------------------------------------------------------------------------------


def _meeting_errors(form: MeetingForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        exc = ValidationError({form.FIELD_FOR.get(k, k): v for k, v in exc.error_dict.items()})
    add_service_errors(form, exc)


@GET_POST
def meeting_create(request, pk):
    body = _body(request, pk)
    _require_manage(request, body.partnership)
    form = MeetingForm(request.POST or None, body=body)
    if response := act_and_redirect(
        request,
        form,
        lambda: services.meeting_create(
            by=request.user, body=body, data=form.model_data(), agenda=form.agenda_lines()
        ),
        success=_("Meeting saved."),
        to=lambda meeting: meeting,
        on_error=_meeting_errors,
    ):
        return response
    return render_form_page(
        request,
        form,
        title=_("New meeting"),
        back=body.get_absolute_url(),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": body.partnership, "body": body},
    )


@GET_POST
def meeting_edit(request, pk):
    meeting = _meeting(request, pk)
    body = meeting.body
    _require_manage(request, body.partnership)
    form = MeetingForm(request.POST or None, body=body, meeting=meeting)
    if response := act_and_redirect(
        request,
        form,
        lambda: services.meeting_change(
            by=request.user, meeting=meeting, data=form.model_data(), agenda=form.agenda_lines()
        ),
        success=_("Meeting saved."),
        to=lambda _result: meeting,
        on_error=_meeting_errors,
    ):
        return response
    return render_form_page(
        request,
        form,
        title=_("Edit the meeting"),
        back=meeting.get_absolute_url(),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": body.partnership, "body": body, "meeting": meeting},
    )


def _attendance_context(meeting: Meeting):
    """Titular seats on the day, their paired substitutes, and the attendance recorded."""
    day = timezone.localtime(meeting.starts_at).date()
    seats = list(meeting.body.seats.current(day).select_related("person__organisation", "rule"))
    titulars = [s for s in seats if s.kind == SeatKind.TITULAR]
    paired: dict[int, Seat] = {}
    for seat in seats:
        if seat.kind == SeatKind.SUBSTITUTE and seat.substitute_for_id:
            paired.setdefault(seat.substitute_for_id, seat)
    attendances = {a.seat_id: a for a in meeting.attendances.select_related("replaced_by__person")}
    return titulars, paired, attendances


@require_GET
def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    body = meeting.body
    titulars, paired, attendances = _attendance_context(meeting)
    sittings = rules.who_sat(titulars, attendances)
    day = timezone.localtime(meeting.starts_at).date()
    check = rules.check_composition(
        list(body.rules.select_related("organisation")), [s.rule_id for s in titulars]
    )
    return render(
        request,
        "governance/meeting_detail.html",
        {
            "meeting": meeting,
            "body": body,
            "partnership": body.partnership,
            "agenda": list(meeting.agenda_items.all()),
            "sittings": sittings,
            "paired": paired,
            "sat_count": sum(1 for s in sittings if s.is_filled),
            "check": check,
            "day": day,
            # Stored sanitised; cleaned again on the way out, whatever wrote the row (defence in depth).
            "minutes_html": mark_safe(services.sanitise_minutes(meeting.minutes)),  # noqa: S308
            "decisions": list(meeting.decisions.all()),
            "actions": list(meeting.actions.select_related("owner_organisation", "owner_person")),
            "today": timezone.localdate(),
            "can_manage": can_manage_partnership(request.user, body.partnership),
            "invitees": services.invitees(meeting) if meeting.status == MeetingStatus.PLANNED else [],
            # The acts on a meeting are recorded on its body, naming the meeting.
            "history": [
                (event, describe(event.action))
                for event in history_for(body).filter(changes__meeting=str(meeting))[:50]
            ],
        },
    )


@require_GET
def meeting_ics(request, pk):
    meeting = _meeting(request, pk)
    content = ical.meeting_calendar(meeting, url=request.build_absolute_uri(meeting.get_absolute_url()))
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reunion-{meeting.pk}.ics"'
    return response


@require_POST
def meeting_invite(request, pk):
    meeting = _meeting(request, pk)
    _require_manage(request, meeting.body.partnership)
    try:
        count = services.meeting_invite(
            by=request.user, meeting=meeting, site_url=request.build_absolute_uri("/")[:-1]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(count)s invitation(s) sent with the calendar file.") % {"count": count}
        )
    return redirect(meeting)


@GET_POST
def meeting_attendance(request, pk):
    meeting = _meeting(request, pk)
    _require_manage(request, meeting.body.partnership)
    titulars, paired, attendances = _attendance_context(meeting)
    current = {seat_id: a.status for seat_id, a in attendances.items()}
    form = AttendanceForm(request.POST or None, titulars=titulars, paired=paired, current=current)
    if response := act_and_redirect(
        request,
        form,
        lambda: services.attendance_record(by=request.user, meeting=meeting, statuses=form.statuses()),
        success=_("Attendance saved."),
        to=lambda _result: meeting.get_absolute_url() + "#attendance",
    ):
        return response
    return render_form_page(
        request,
        form,
        title=_("Attendance"),
        back=meeting.get_absolute_url(),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": meeting.body.partnership, "body": meeting.body, "meeting": meeting},
    )


@GET_POST
def meeting_minutes(request, pk):
    meeting = _meeting(request, pk)
    _require_manage(request, meeting.body.partnership)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if response := act_and_redirect(
        request,
        form,
        lambda: services.minutes_save(by=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]),
        success=_("Minutes saved."),
        to=lambda _result: meeting.get_absolute_url() + "#minutes",
    ):
        return response
    return render_form_page(
        request,
        form,
        title=_("Minutes"),
        back=meeting.get_absolute_url(),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": meeting.body.partnership, "body": meeting.body, "meeting": meeting},
    )


@GET_POST
def decision_add(request, pk):
    meeting = _meeting(request, pk)
    _require_manage(request, meeting.body.partnership)
    form = DecisionForm(request.POST or None)
    if response := act_and_redirect(
        request,
        form,
        lambda: services.decision_add(by=request.user, meeting=meeting, text=form.cleaned_data["text"]),
        success=_("Decision recorded."),
        to=lambda _result: meeting.get_absolute_url() + "#decisions",
    ):
        return response
    return render_form_page(
        request,
        form,
        title=_("New decision"),
        back=meeting.get_absolute_url(),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": meeting.body.partnership, "body": meeting.body, "meeting": meeting},
    )


@GET_POST
def action_add(request, pk):
    meeting = _meeting(request, pk)
    _require_manage(request, meeting.body.partnership)
    form = ActionForm(request.POST or None, meeting=meeting)
    if response := act_and_redirect(
        request,
        form,
        lambda: services.action_add(by=request.user, meeting=meeting, data=form.cleaned_data),
        success=_("Follow-up action recorded."),
        to=lambda _result: meeting.get_absolute_url() + "#actions",
    ):
        return response
    return render_form_page(
        request,
        form,
        title=_("New follow-up action"),
        back=meeting.get_absolute_url(),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": meeting.body.partnership, "body": meeting.body, "meeting": meeting},
    )


@require_POST
def action_done(request, pk):
    action = get_object_or_404(
        Action.objects.filter(
            meeting__in=Meeting.objects.visible_to(request.user).values("pk")
        ).select_related("meeting__body__partnership"),
        pk=pk,
    )
    _require_manage(request, action.meeting.body.partnership)
    try:
        services.action_done(by=request.user, action=action)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Follow-up action marked as done."))
    return redirect(action.meeting.get_absolute_url() + "#actions")


# --- Representation (GV5) ------------------------------------------------------------------------


@GET_POST
def representation_add(request, pk):
    partnership = _partnership(request, pk)
    _require_manage(request, partnership)
    return _representation_form(request, partnership, None)


@GET_POST
def representation_edit(request, pk):
    representation = get_object_or_404(
        Representation.objects.filter(
            partnership__in=Partnership.objects.visible_to(request.user).values("pk")
        ).select_related("partnership"),
        pk=pk,
    )
    _require_manage(request, representation.partnership)
    return _representation_form(request, representation.partnership, representation)


def _representation_form(request, partnership, representation):
    form = RepresentationForm(request.POST or None, instance=representation, partnership=partnership)
    if response := act_and_redirect(
        request,
        form,
        lambda: (
            services.representation_add(by=request.user, partnership=partnership, data=form.cleaned_data)
            if representation is None
            else services.representation_change(
                by=request.user, representation=representation, data=form.cleaned_data
            )
        ),
        success=_("Representation saved."),
        to=lambda _result: _partnership_url(partnership) + "#representations",
    ):
        return response
    title = _("New representation") if representation is None else _("Edit the representation")
    return render_form_page(
        request,
        form,
        title=title,
        back=_partnership_url(partnership),
        breadcrumb="governance/_breadcrumb.html",
        context={"partnership": partnership},
    )
