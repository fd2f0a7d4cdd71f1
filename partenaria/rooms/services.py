"""Business acts on rooms, quotas and bookings (EV2, FN3).

A booking is one transaction that (1) takes the room's write lock, an UPDATE of the room row, which
serialises the bookings of a room on every database (on SQLite the whole database is locked from
the start of the transaction anyway), (2) locks the convention's quota row (``select_for_update``,
PostgreSQL), so that two bookings of different rooms cannot both take the last free one, (3) checks
everything a person could get wrong, each refusal in French on its field, (4) checks the overlap,
(5) decides free or billed from the live free bookings of the convention year and writes the
booking, its invoice line when billed, and the audit event. On PostgreSQL the exclusion constraint
backs step 4; its violation is turned into the same message.

Free or billed is decided once: a booking stays as it was confirmed. Cancelling a free booking gives
its free booking back to the next one; cancelling a billed one cancels its invoice line.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _

from partenaria.conventions import terms
from partenaria.conventions.models import Convention
from partenaria.conventions.statuses import IN_FORCE, Status
from partenaria.core.audit import diff, log_action, snapshot, stored
from partenaria.core.services import assign_fields
from partenaria.core.templatetags.partenaria import longdate, money

from . import rules
from .models import Booking, BookingStatus, InvoiceLine, Room, RoomQuota
from .permissions import can_book_for, can_cancel_booking, can_confirm_booking, can_manage_rooms

ROOM_FIELDS = [
    "name",
    "location",
    "capacity",
    "equipment",
    "opens_at",
    "closes_at",
    "open_weekdays",
    "price",
    "pricing_unit",
    "open_to_partners",
    "is_active",
]
BOOKING_FIELDS = ["convention", "day", "start_time", "end_time", "attendees", "purpose"]
# A booking is made under a signed convention whose term covers its day (checked apart): an expired
# one only covers past days, which the clock already refuses, but a booking recorded with its own
# date (the demo's history) is judged on that date.
SIGNED = IN_FORCE | {Status.EXPIRED}


def _full_clean(obj, errors: dict[str, list[str]], exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# --- Rooms and quotas ---------------------------------------------------------------------------


def _require_manage(by, organisation_id: int) -> None:
    if not can_manage_rooms(by, organisation_id):
        raise PermissionDenied(_("Only a manager of the organisation may manage its rooms."))


def _room_errors(room: Room) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if room.opens_at and room.closes_at and room.closes_at <= room.opens_at:
        errors["closes_at"] = [_("The room closes after it opens: give a later time.")]
    duplicate = Room.objects.filter(owner_id=room.owner_id, name__iexact=room.name).exclude(pk=room.pk)
    if room.name and duplicate.exists():
        errors["name"] = [_("The organisation already has a room with this name.")]
    return errors


@transaction.atomic
def room_create(*, by, owner, data: Mapping[str, Any]) -> Room:
    """Add a room that the organisation lends to its partners (EV2)."""
    _require_manage(by, owner.pk)
    room = Room(owner=owner)
    assign_fields(room, data, ROOM_FIELDS, keep_spaces=["equipment"])
    _full_clean(room, _room_errors(room))
    room.save()
    log_action(actor=by, action="rooms.room_created", target=room, changes={"name": room.name})
    return room


@transaction.atomic
def room_update(*, by, room: Room, data: Mapping[str, Any]) -> Room:
    """Change a room's description, hours or price; bookings already made keep their price (FN3)."""
    _require_manage(by, room.owner_id)
    room = Room.objects.select_for_update().get(pk=room.pk)
    before = stored(room, ROOM_FIELDS)
    assign_fields(room, data, ROOM_FIELDS, keep_spaces=["equipment"])
    _full_clean(room, _room_errors(room))
    room.save()
    log_action(
        actor=by, action="rooms.room_updated", target=room, changes=diff(before, snapshot(room, ROOM_FIELDS))
    )
    return room


@transaction.atomic
def quota_set(*, by, owner, data: Mapping[str, Any]) -> RoomQuota:
    """Record that a convention makes N bookings of the owner's rooms free each convention year (FN3).

    The convention is one the owner is a party to; the article, when given, is one of its articles.
    Recording it again for the same convention changes the number.
    """
    _require_manage(by, owner.pk)
    convention = data.get("convention")
    errors: dict[str, list[str]] = {}
    if convention is None or not convention.parties.filter(organisation=owner).exists():
        errors["convention"] = [_("Choose a convention to which the organisation is a party.")]
    article = data.get("article")
    if article is not None and convention is not None and article.convention_id != convention.pk:
        errors["article"] = [_("Choose an article of this convention.")]
    quota = RoomQuota.objects.filter(convention=convention, owner=owner).first() if convention else None
    quota = quota or RoomQuota(convention=convention, owner=owner)
    quota.free_per_year = data.get("free_per_year")
    quota.article = article
    _full_clean(quota, errors, exclude=["convention"] if convention is None else None)
    quota.save()
    log_action(
        actor=by,
        action="rooms.quota_set",
        target=convention,
        changes={"owner": owner, "free_per_year": quota.free_per_year, "article": article},
    )
    return quota


# --- Bookings -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """What a booking would be: free or billed, and how many free bookings are left (FN3)."""

    is_free: bool
    free_per_year: int
    used_free: int
    remaining_after: int
    year: terms.Period
    unit_price: Decimal
    quantity: Decimal
    amount: Decimal
    minutes: int

    @property
    def rank(self) -> int:
        """The position of this free booking in the year (« the 3rd of 6 »)."""
        return self.used_free + 1


def bookable_conventions(room: Room, organisation_id: int):
    """Conventions in force under which ``organisation_id`` may book ``room``: both are parties, and
    the convention grants a quota of the owner's rooms unless the room is open to every partner."""
    conventions = Convention.objects.filter(status__in=IN_FORCE, parties__organisation=room.owner_id).filter(
        pk__in=Convention.objects.filter(parties__organisation=organisation_id).values("pk")
    )
    if not room.open_to_partners:
        conventions = conventions.filter(room_quotas__owner=room.owner_id)
    return conventions.distinct().order_by("-start_date", "pk")


def _local(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def _hhmm(value: datetime.time) -> str:
    return time_format(value, "G\\hi")


def _check(
    *, room: Room, organisation_id: int, data: Mapping[str, Any], now: datetime.datetime
) -> tuple[dict[str, list[str]], datetime.datetime | None, datetime.datetime | None]:
    """Every rule a person could break, as French messages keyed by field (nothing written)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not room.is_active:
        add(None, _("This room cannot be booked at the moment."))
    if organisation_id == room.owner_id:
        add(None, _("Your organisation owns this room: its bookings are made by its partners."))
    day, start_time, end_time = data.get("day"), data.get("start_time"), data.get("end_time")
    start = end = None
    if day and start_time and end_time:
        start, end = _local(day, start_time), _local(day, end_time)
        problem = rules.hours_problem(
            start=start,
            end=end,
            opens_at=room.opens_at,
            closes_at=room.closes_at,
            open_weekdays=room.weekdays,
        )
        if problem == "order":
            add("end_time", _("The booking ends before it starts: give an end time after the start time."))
        elif problem == "weekday":
            add(
                "day",
                _("The room is closed on that day; it can be booked on: %(days)s.")
                % {"days": ", ".join(room.weekday_labels())},
            )
        elif problem == "hours":
            add(
                "start_time" if start_time < room.opens_at else "end_time",
                _("The room can be booked from %(opens)s to %(closes)s.")
                % {"opens": _hhmm(room.opens_at), "closes": _hhmm(room.closes_at)},
            )
        if problem != "order" and start < now:
            add("day", _("This time has passed: choose a time to come."))
    attendees = data.get("attendees")
    if attendees and attendees > room.capacity:
        add("attendees", _("The room holds %(capacity)s people at most.") % {"capacity": room.capacity})
    convention = data.get("convention")
    if convention is not None:
        party_ids = {p.organisation_id for p in convention.parties.all()}
        if organisation_id not in party_ids:
            add("convention", _("Your organisation is not a party to this convention."))
        elif room.owner_id not in party_ids:
            add(
                "convention",
                _("%(owner)s, which owns the room, is not a party to this convention.")
                % {"owner": room.owner.display_name},
            )
        elif convention.status not in SIGNED:
            add(
                "convention",
                _("This convention is not in force: rooms are booked under a signed convention."),
            )
        elif (
            not room.open_to_partners
            and not RoomQuota.objects.filter(convention=convention, owner_id=room.owner_id).exists()
        ):
            add(
                "convention",
                _("This convention grants no booking of the rooms of %(owner)s.")
                % {"owner": room.owner.display_name},
            )
        elif day:
            schedule = convention.schedule(day)
            if schedule is None or not schedule.has_started or schedule.has_ended:
                add(
                    "day",
                    _("The convention does not cover this day (it runs from %(start)s to %(end)s).")
                    % {
                        "start": longdate(convention.effective_start),
                        "end": longdate(schedule.final_end) if schedule and schedule.final_end else "…",
                    },
                )
    return errors, start, end


def _overlap_error(room: Room, start, end, exclude_pk=None) -> str | None:
    clash = (
        Booking.objects.live()
        .filter(room=room, start__lt=end, end__gt=start)
        .exclude(pk=exclude_pk)
        .order_by("start")
        .first()
    )
    if clash is None:
        return None
    return _("The room is already booked from %(start)s to %(end)s: choose another time.") % {
        "start": _hhmm(timezone.localtime(clash.start).time()),
        "end": _hhmm(timezone.localtime(clash.end).time()),
    }


def outcome_of(
    *, room: Room, convention: Convention, start: datetime.datetime, end: datetime.datetime
) -> Outcome:
    """Free or billed, for a booking of ``room`` under ``convention`` from ``start`` to ``end`` (FN3).

    The free bookings are those of the owner's rooms under the convention in the convention year of
    the booking's day, still live (a cancelled free booking no longer counts).
    """
    quota = RoomQuota.objects.filter(convention=convention, owner_id=room.owner_id).first()
    free_per_year = quota.free_per_year if quota else 0
    year = rules.convention_year(convention.effective_start, timezone.localtime(start).date())
    used = (
        Booking.objects.live()
        .filter(convention=convention, room__owner=room.owner_id, year_start=year.start, is_free=True)
        .count()
    )
    is_free, remaining = rules.free_or_billed(free_per_year=free_per_year, used_free=used)
    minutes = rules.duration_minutes(start, end)
    quantity = rules.billed_quantity(room.pricing_unit, minutes)
    amount = Decimal("0.00") if is_free else rules.amount(room.price, quantity)
    return Outcome(
        is_free=is_free,
        free_per_year=free_per_year,
        used_free=used,
        remaining_after=remaining,
        year=year,
        unit_price=room.price,
        quantity=quantity,
        amount=amount,
        minutes=minutes,
    )


def booking_preview(*, by, room: Room, organisation, data: Mapping[str, Any], now=None):
    """What the booking would be, or why it is refused, without writing anything (the form's preview).

    Returns ``(errors, outcome)``: ``outcome`` is None when there are errors.
    """
    now = now or timezone.now()
    errors, start, end = _check(room=room, organisation_id=organisation.pk, data=data, now=now)
    if not errors and start and end:
        clash = _overlap_error(room, start, end)
        if clash:
            errors["start_time"] = [clash]
    if errors or not (start and end and data.get("convention")):
        return errors, None
    return errors, outcome_of(room=room, convention=data["convention"], start=start, end=end)


@transaction.atomic
def booking_request(
    *, by, room: Room, organisation, data: Mapping[str, Any], expect_free: bool | None = None, now=None
) -> Booking:
    """Book a partner's room under a convention (EV2), free within the convention's yearly quota,
    billed beyond it (FN3).

    ``expect_free`` is what the person saw before confirming: if another booking took the last free
    one in the meantime, the booking is refused with a message saying so, and nothing is written.
    """
    if not can_book_for(by, organisation.pk):
        raise PermissionDenied(_("You may not book rooms in the name of this organisation."))
    now = now or timezone.now()
    # (1) the room's write lock, then (2) the quota's: always in this order.
    Room.objects.filter(pk=room.pk).update(booking_revision=F("booking_revision") + 1)
    room = Room.objects.select_for_update().select_related("owner").get(pk=room.pk)
    convention = data.get("convention")
    if convention is not None:
        list(RoomQuota.objects.select_for_update().filter(convention=convention, owner_id=room.owner_id))
    errors, start, end = _check(room=room, organisation_id=organisation.pk, data=data, now=now)
    if not errors and start and end:
        clash = _overlap_error(room, start, end)
        if clash:
            errors["start_time"] = [clash]
    booking = Booking(
        room=room,
        organisation=organisation,
        booked_by=by,
        convention=convention,
        start=start,
        end=end,
        attendees=data.get("attendees"),
        purpose=(data.get("purpose") or "").strip(),
        is_free=False,
    )
    if start is None:
        errors.setdefault("day", []).append(_("Give the day, the start and the end of the booking."))
    if errors or convention is None:
        _full_clean(booking, errors, exclude=["year_start", "year_end", "start", "end", "is_free"])
    outcome = outcome_of(room=room, convention=convention, start=start, end=end)
    if expect_free is not None and expect_free != outcome.is_free:
        raise ValidationError(
            _(
                "In the meantime another booking took the last free booking of the year: this one would "
                "be billed %(amount)s. Check and confirm again."
            )
            % {"amount": money(outcome.amount)}
            if expect_free
            else _("A free booking has become available in the meantime: check and confirm again.")
        )
    booking.is_free = outcome.is_free
    booking.year_start, booking.year_end = outcome.year.start, outcome.year.end
    _full_clean(booking, {})
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        # The exclusion constraint (PostgreSQL) saw a booking that the check could not see.
        raise ValidationError(
            {
                "start_time": [
                    _("The room has just been booked at that time by someone else: choose another time.")
                ]
            }
        ) from exc
    if not outcome.is_free and outcome.amount > 0:
        InvoiceLine.objects.create(
            booking=booking,
            owner=room.owner,
            customer=organisation,
            convention=convention,
            day=timezone.localtime(start).date(),
            minutes=outcome.minutes,
            pricing_unit=room.pricing_unit,
            unit_price=outcome.unit_price,
            quantity=outcome.quantity,
            amount=outcome.amount,
        )
    log_action(
        actor=by,
        action="rooms.booked",
        target=booking,
        changes={
            "room": room.name,
            "start": start,
            "end": end,
            "free": outcome.is_free,
            "amount": outcome.amount,
            "convention": convention,
        },
    )
    return booking


@transaction.atomic
def booking_confirm(*, by, booking: Booking) -> Booking:
    """The room's owner accepts a requested booking (EV2)."""
    if not can_confirm_booking(by, booking):
        raise PermissionDenied(_("Only a manager of the organisation that owns the room may confirm it."))
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status != BookingStatus.REQUESTED:
        raise ValidationError(_("Only a requested booking can be confirmed."))
    booking.status = BookingStatus.CONFIRMED
    booking.save(update_fields=["status", "updated_at"])
    log_action(actor=by, action="rooms.booking_confirmed", target=booking)
    return booking


@transaction.atomic
def booking_cancel(*, by, booking: Booking, reason: str = "", now=None) -> Booking:
    """Cancel a booking before it starts (EV2). Its slot is freed; a free booking no longer counts, so
    the next booking of the year is free again; a billed one is no longer billed (FN3)."""
    if not can_cancel_booking(by, booking):
        raise PermissionDenied(_("You may not cancel this booking."))
    now = now or timezone.now()
    Room.objects.filter(pk=booking.room_id).update(booking_revision=F("booking_revision") + 1)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status == BookingStatus.CANCELLED:
        raise ValidationError(_("This booking is already cancelled."))
    if booking.start <= now:
        raise ValidationError(_("This booking has started or is over: it can no longer be cancelled."))
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.cancelled_by = by
    booking.cancel_reason = reason.strip()[:250]
    booking.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "updated_at"])
    log_action(
        actor=by,
        action="rooms.booking_cancelled",
        target=booking,
        changes={"reason": booking.cancel_reason, "was_free": booking.is_free},
    )
    return booking
