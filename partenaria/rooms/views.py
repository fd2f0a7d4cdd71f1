"""Pages of the rooms (EV2, FN3). Thin: parse, call one service or query, render.

Rooms are fetched through ``Room.objects.visible_to`` (the user's organisations and their partners),
bookings through ``Booking.objects.visible_to`` (the booking organisation or the room's owner):
another tenant's object is a 404. Acts are refused with a 403 by the services' permission checks.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partenaria.core.forms import act_and_redirect, add_service_errors
from partenaria.core.ratelimit import rate_limited
from partenaria.core.spreadsheets import workbook
from partenaria.core.views import render_form_page
from partenaria.organisations.models import Organisation

from . import services
from .forms import BookingForm, CancelForm, QuotaForm, RoomForm, YearForm
from .models import Booking, BookingStatus, InvoiceLine, Room, RoomQuota, partner_organisation_ids
from .permissions import can_book_for, can_cancel_booking, can_confirm_booking, can_manage_rooms

GET_POST = require_http_methods(["GET", "POST"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CALENDAR_WEEKS = 4
PAST_SHOWN = 100  # « Mes réservations » shows the most recent past bookings; the billing keeps them all


def _current_organisation(request):
    membership = request.current_membership
    return membership.organisation if membership else None


def _organisation(request, pk) -> Organisation:
    """An organisation whose rooms the user may see: their own or a partner's (404 otherwise)."""
    queryset = Organisation.objects.all()
    if not request.user.is_superuser:
        queryset = queryset.filter(pk__in=partner_organisation_ids(request.user))
    return get_object_or_404(queryset, pk=pk)


def _room(request, pk) -> Room:
    return get_object_or_404(Room.objects.visible_to(request.user).select_related("owner"), pk=pk)


def _booking(request, pk) -> Booking:
    return get_object_or_404(
        Booking.objects.visible_to(request.user).select_related(
            "room__owner", "organisation", "convention", "booked_by", "cancelled_by"
        ),
        pk=pk,
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


@require_GET
def index(request):
    """« Salles »: the rooms of the current organisation and those of its partners (EV2)."""
    organisation = _current_organisation(request)
    rooms = Room.objects.visible_to(request.user).select_related("owner").order_by("owner__name", "name")
    own = [r for r in rooms if organisation and r.owner_id == organisation.pk]
    partners = [r for r in rooms if not organisation or r.owner_id != organisation.pk]
    return render(
        request,
        "rooms/index.html",
        {
            "organisation": organisation,
            "own_rooms": own,
            "partner_rooms": [r for r in partners if r.is_active],
            "can_manage": organisation is not None and can_manage_rooms(request.user, organisation.pk),
        },
    )


@require_GET
def organisation_rooms(request, org_pk):
    """The rooms of one organisation and the quotas of free bookings its conventions grant (EV2, FN3)."""
    organisation = _organisation(request, org_pk)
    rooms = Room.objects.filter(owner=organisation)
    quotas = (
        RoomQuota.objects.visible_to(request.user)
        .filter(owner=organisation)
        .select_related("convention", "article")
        .order_by("-convention__start_date")
    )
    return render(
        request,
        "rooms/organisation.html",
        {
            "organisation": organisation,
            "rooms": rooms,
            "quotas": quotas,
            "can_manage": can_manage_rooms(request.user, organisation.pk),
        },
    )


@GET_POST
def room_create(request, org_pk):
    organisation = _organisation(request, org_pk)
    _require(
        can_manage_rooms(request.user, organisation.pk),
        _("Only a manager of the organisation may manage its rooms."),
    )
    form = RoomForm(request.POST or None)
    done = act_and_redirect(
        request,
        form,
        lambda: services.room_create(by=request.user, owner=organisation, data=form.cleaned_data),
        success=_("Room added."),
        to=lambda room: room.get_absolute_url(),
    )
    return done or render_form_page(
        request,
        form,
        title=_("Add a room of %(organisation)s") % {"organisation": organisation.display_name},
        back=reverse("rooms:organisation", args=[organisation.pk]),
        submit=_("Add the room"),
    )


@GET_POST
def room_edit(request, pk):
    room = _room(request, pk)
    _require(
        can_manage_rooms(request.user, room.owner_id),
        _("Only a manager of the organisation may manage its rooms."),
    )
    form = RoomForm(request.POST or None, instance=room)
    done = act_and_redirect(
        request,
        form,
        lambda: services.room_update(by=request.user, room=room, data=form.cleaned_data),
        success=_("Room updated."),
        to=lambda room: room.get_absolute_url(),
    )
    return done or render_form_page(
        request,
        form,
        title=_("Change the room %(room)s") % {"room": room.name},
        back=room.get_absolute_url(),
        submit=_("Save"),
        intro=_("Bookings already made keep the price shown when they were made."),
    )


@GET_POST
def quota_add(request, org_pk):
    organisation = _organisation(request, org_pk)
    _require(
        can_manage_rooms(request.user, organisation.pk),
        _("Only a manager of the organisation may manage its rooms."),
    )
    form = QuotaForm(request.POST or None, owner=organisation)
    back = reverse("rooms:organisation", args=[organisation.pk])
    done = act_and_redirect(
        request,
        form,
        lambda: services.quota_set(by=request.user, owner=organisation, data=form.cleaned_data),
        success=_("Quota of free bookings recorded."),
        to=lambda quota: back,
    )
    return done or render_form_page(
        request,
        form,
        title=_("Free bookings granted by a convention"),
        back=back,
        submit=_("Record"),
        intro=_(
            "Each convention year, the first bookings of the rooms of %(organisation)s made under the "
            "convention are free up to this number; the next ones are billed at the room's price."
        )
        % {"organisation": organisation.display_name},
    )


def _week_start(value: str | None) -> datetime.date:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return day - datetime.timedelta(days=day.weekday())


@require_GET
def room_detail(request, pk):
    """A room and its bookings over four weeks, one table row per booking, grouped by day (EV2)."""
    room = _room(request, pk)
    first = _week_start(request.GET.get("du"))
    last = first + datetime.timedelta(weeks=CALENDAR_WEEKS)
    tz = timezone.get_current_timezone()
    bookings = list(
        room.bookings.live()
        .filter(
            start__gte=datetime.datetime.combine(first, datetime.time.min, tz),
            start__lt=datetime.datetime.combine(last, datetime.time.min, tz),
        )
        .select_related("organisation")
        .order_by("start")
    )
    organisation = _current_organisation(request)
    visible_ids = set(
        Booking.objects.visible_to(request.user)
        .filter(pk__in=[b.pk for b in bookings])
        .values_list("pk", flat=True)
    )
    for booking in bookings:
        booking.can_open = booking.pk in visible_ids
    can_book = (
        organisation is not None
        and organisation.pk != room.owner_id
        and room.is_active
        and can_book_for(request.user, organisation.pk)
        and services.bookable_conventions(room, organisation.pk).exists()
    )
    return render(
        request,
        "rooms/room_detail.html",
        {
            "room": room,
            "bookings": bookings,
            "first": first,
            "last": last - datetime.timedelta(days=1),
            "previous": first - datetime.timedelta(weeks=CALENDAR_WEEKS),
            "next": last,
            "can_manage": can_manage_rooms(request.user, room.owner_id),
            "can_book": can_book,
        },
    )


def _booking_form(request, room, organisation, data=None):
    return BookingForm(data, conventions=services.bookable_conventions(room, organisation.pk))


def _booker(request, room):
    organisation = _current_organisation(request)
    if organisation is None or organisation.pk == room.owner_id:
        raise PermissionDenied(_("Rooms are booked in the name of a partner of their owner."))
    return organisation


@GET_POST
def book(request, pk):
    """The booking form: it says before confirming whether the booking is free or billed and how many
    free bookings remain (FN3). Without JavaScript, « Check » shows the confirmation step; with
    htmx the same preview appears as the fields are filled."""
    room = _room(request, pk)
    organisation = _booker(request, room)
    form = _booking_form(request, room, organisation, request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        if "confirm" in request.POST:
            expect = request.POST.get("expect_free")
            try:
                booking = services.booking_request(
                    by=request.user,
                    room=room,
                    organisation=organisation,
                    data=form.cleaned_data,
                    expect_free={"1": True, "0": False}.get(expect),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Booking requested: free.") if booking.is_free else _("Booking requested: billed."),
                )
                return redirect(booking.get_absolute_url())
        else:
            errors, outcome = services.booking_preview(
                by=request.user, room=room, organisation=organisation, data=form.cleaned_data
            )
            if errors:
                add_service_errors(form, ValidationError(errors))
    return render(
        request,
        "rooms/book.html",
        {"room": room, "form": form, "outcome": outcome, "organisation": organisation},
    )


@require_GET
def book_preview(request, pk):
    """The htmx preview of the booking form: free or billed, remaining free bookings (FN3). Reads only."""
    room = _room(request, pk)
    organisation = _booker(request, room)
    form = _booking_form(request, room, organisation, request.GET)
    errors, outcome = {}, None
    if form.is_valid():
        errors, outcome = services.booking_preview(
            by=request.user, room=room, organisation=organisation, data=form.cleaned_data
        )
    return render(
        request,
        "rooms/_preview.html",
        {"room": room, "outcome": outcome, "problems": [m for ms in errors.values() for m in ms]},
    )


@require_GET
def booking_detail(request, pk):
    booking = _booking(request, pk)
    line = InvoiceLine.objects.filter(booking=booking).first()
    return render(
        request,
        "rooms/booking_detail.html",
        {
            "booking": booking,
            "line": line,
            "can_confirm": booking.status == BookingStatus.REQUESTED
            and can_confirm_booking(request.user, booking),
            "can_cancel": booking.is_live
            and booking.start > timezone.now()
            and can_cancel_booking(request.user, booking),
        },
    )


@require_POST
def booking_confirm(request, pk):
    booking = _booking(request, pk)
    try:
        services.booking_confirm(by=request.user, booking=booking)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Booking confirmed."))
    return redirect(booking.get_absolute_url())


@GET_POST
def booking_cancel(request, pk):
    booking = _booking(request, pk)
    _require(can_cancel_booking(request.user, booking), _("You may not cancel this booking."))
    form = CancelForm(request.POST or None)
    done = act_and_redirect(
        request,
        form,
        lambda: services.booking_cancel(by=request.user, booking=booking, reason=form.cleaned_data["reason"]),
        success=_("Booking cancelled."),
        to=lambda b: b.get_absolute_url(),
    )
    if done:
        return done
    return render(request, "rooms/booking_cancel.html", {"booking": booking, "form": form})


@require_GET
def my_bookings(request):
    """« Mes réservations »: the bookings of the current organisation, to come then past (EV2)."""
    organisation = _current_organisation(request)
    bookings = (
        Booking.objects.visible_to(request.user)
        .filter(organisation=organisation)
        .select_related("room__owner", "convention", "invoice_line")
        .order_by("-start")
        if organisation
        else Booking.objects.none()
    )
    now = timezone.now()
    past = list(bookings.filter(start__lt=now)[: PAST_SHOWN + 1])
    return render(
        request,
        "rooms/my_bookings.html",
        {
            "organisation": organisation,
            "upcoming": list(bookings.filter(start__gte=now).order_by("start")),
            "past": past[:PAST_SHOWN],
            "more_past": len(past) > PAST_SHOWN,
            "to_confirm": Booking.objects.visible_to(request.user)
            .filter(room__owner=organisation, status=BookingStatus.REQUESTED, start__gte=now)
            .select_related("room", "organisation")
            .order_by("start")
            if organisation and can_manage_rooms(request.user, organisation.pk)
            else [],
        },
    )


def _billing_lines(request, year):
    organisation = _current_organisation(request)
    if organisation is None or not can_manage_rooms(request.user, organisation.pk):
        return organisation, InvoiceLine.objects.none()
    lines = InvoiceLine.objects.visible_to(request.user).filter(owner=organisation)
    if year:
        lines = lines.filter(day__year=year)
    return organisation, lines.select_related("booking__room", "customer", "convention").order_by("day", "pk")


def _year(request) -> int:
    form = YearForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["annee"]:
        return form.cleaned_data["annee"]
    return timezone.localdate().year


@require_GET
def billing(request):
    """The billed bookings of the current organisation's rooms for one year (FN3)."""
    year = _year(request)
    organisation, lines = _billing_lines(request, year)
    lines = list(lines)
    due = [line for line in lines if line.booking.status == BookingStatus.CONFIRMED]
    return render(
        request,
        "rooms/billing.html",
        {
            "organisation": organisation,
            "year": year,
            "lines": lines,
            "total_due": sum((line.amount for line in due), start=0),
            "can_manage": organisation is not None and can_manage_rooms(request.user, organisation.pk),
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 5, -1),
        },
    )


@require_GET
@rate_limited("export")
def billing_export(request):
    """The year's invoice lines of confirmed bookings, for the owner's finance service (XLSX, FN3)."""
    year = _year(request)
    organisation, lines = _billing_lines(request, year)
    if organisation is None or not can_manage_rooms(request.user, organisation.pk):
        raise Http404
    headers = [
        _("Date"),
        _("Room"),
        _("Billed to"),
        _("Convention"),
        _("Convention year"),
        _("Purpose"),
        _("Duration (minutes)"),
        _("Price charged"),
        _("Unit price"),
        _("Quantity"),
        _("Amount"),
        _("Booking number"),
    ]
    rows = [
        [
            line.day,
            line.booking.room.name,
            line.customer.name,
            line.convention.title,
            f"{line.booking.year_start:%d/%m/%Y} – {line.booking.year_end:%d/%m/%Y}",
            line.booking.purpose,
            line.minutes,
            str(line.get_pricing_unit_display()),
            line.unit_price,
            float(line.quantity),
            line.amount,
            line.booking_id,
        ]
        for line in lines.filter(booking__status=BookingStatus.CONFIRMED)
    ]
    total = lines.filter(booking__status=BookingStatus.CONFIRMED).aggregate(total=Sum("amount"))["total"]
    if rows:
        rows.append(["", "", "", "", "", str(_("Total")), None, "", None, None, total, None])
    content = workbook([(str(_("Room bookings %(year)s") % {"year": year}), [str(h) for h in headers], rows)])
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="facturation-salles-{year}.xlsx"'
    return response
