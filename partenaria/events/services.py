"""Business acts on events (EV1, EV3, EV4).

Each act is one transaction with its audit event on the event; e-mails leave after commit.
A refusal is a ``ValidationError`` keyed by field, in French, before anything is written, or a
``PermissionDenied`` (403).

No overbooking, by design (EV1, issue 6): a registration locks its quota row (``select_for_update``
on PostgreSQL; SQLite takes its single write lock when the transaction begins, see
``settings.DATABASES``), then takes a place with one conditional ``UPDATE ... SET taken = taken + 1
WHERE taken < places``: exactly as many registrations as there are places succeed, the others go on
the quota's waiting list. The check constraint ``quota_never_overbooked`` holds the same rule in the
database. A cancelled place goes to the first of the waiting list of that quota in the same
transaction.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from partenaria.core.audit import log_action
from partenaria.core.services import assign_fields
from partenaria.core.templatetags.partenaria import longdate

from . import emails
from .models import Audience, Event, EventSession, NewsItem, Quota, Registration, RegistrationStatus
from .permissions import can_manage_event, can_organise_for

EVENT_FIELDS = [
    "partnership",
    "kind",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "place",
    "capacity",
    "registration_closes_on",
    "is_public",
    "dates_are_illustrative",
]
SESSION_FIELDS = ["title", "format", "starts_at", "ends_at", "room", "facilitators", "description"]
REGISTRANT_FIELDS = ["first_name", "last_name", "email", "organisation_name"]
NEWS_FIELDS = ["source", "kind", "title", "summary", "link", "event", "published_on"]


def _require_manage(by, event: Event) -> None:
    if not can_manage_event(by, event):
        raise PermissionDenied(
            _("Only a manager of the organiser or of the partnership may change this event.")
        )


def _clean(obj, errors: dict[str, list[str]], exclude=None) -> None:
    # The model's own checks first (required fields, lengths), then the act's rules, all at once.
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _event_errors(event: Event) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if event.starts_at and event.ends_at and event.ends_at < event.starts_at:
        errors["ends_at"] = [_("The event cannot end before it starts: give an end after the start.")]
    if event.partnership_id and event.organiser_id:
        members = set(event.partnership.members.values_list("organisation_id", flat=True))
        if event.organiser_id not in members:
            errors["partnership"] = [_("Choose a partnership the organiser is a member of.")]
    day = timezone.localtime(event.starts_at).date() if event.starts_at else None
    if event.registration_closes_on and day and event.registration_closes_on > day:
        errors["registration_closes_on"] = [
            _("Registrations close before the event: give a day no later than %(date)s.")
            % {"date": longdate(day)}
        ]
    return errors


def _reserved(event: Event, *, excluding: str | None = None) -> int:
    quotas = event.quotas.exclude(audience=Audience.GENERAL)
    if excluding:
        quotas = quotas.exclude(audience=excluding)
    return quotas.aggregate(total=Sum("places"))["total"] or 0


@transaction.atomic
def event_create(*, by, organiser, data: Mapping[str, Any]) -> Event:
    """Create an event of ``organiser``, alone or within one of its partnerships (EV1).

    It ends after it starts; all its capacity is first in the general places, from which the
    reserved quotas are then taken.
    """
    if not can_organise_for(by, organiser):
        raise PermissionDenied(_("Only a manager of the organisation may create its events."))
    event = Event(organiser=organiser)
    assign_fields(event, data, EVENT_FIELDS, keep_spaces=["description"])
    _clean(event, _event_errors(event))
    event.save()
    Quota.objects.create(
        event=event, audience=Audience.GENERAL, places=event.capacity, open_to_public=event.is_public
    )
    log_action(
        actor=by,
        action="events.created",
        target=event,
        changes={"kind": event.kind, "starts_at": event.starts_at, "capacity": event.capacity},
    )
    return event


@transaction.atomic
def event_update(*, by, event: Event, data: Mapping[str, Any]) -> Event:
    """Change an event (EV1). The capacity still holds the reserved quotas and the confirmed
    registrations of the general places."""
    _require_manage(by, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    before = {name: getattr(event, name) for name in EVENT_FIELDS}
    assign_fields(event, data, EVENT_FIELDS, keep_spaces=["description"])
    errors = _event_errors(event)
    general = event.quotas.select_for_update().get(audience=Audience.GENERAL)
    reserved = _reserved(event)
    if event.capacity is not None and event.capacity < reserved + general.taken:
        errors.setdefault("capacity", []).append(
            _(
                "The capacity cannot be less than %(needed)s: %(reserved)s places are reserved by quotas and "
                "%(taken)s people hold general places."
            )
            % {"needed": reserved + general.taken, "reserved": reserved, "taken": general.taken}
        )
    _clean(event, errors)
    event.save()
    general.places = event.capacity - reserved
    if event.is_public and not before["is_public"] and not event.quotas.filter(open_to_public=True).exists():
        # Opened to outsiders: its general places are what the public link offers, until told otherwise.
        general.open_to_public = True
    general.save(update_fields=["places", "open_to_public", "updated_at"])
    promoted = _promote(general)
    changes = {
        name: [before[name], getattr(event, name)]
        for name in EVENT_FIELDS
        if before[name] != getattr(event, name)
    }
    if changes:
        log_action(actor=by, action="events.changed", target=event, changes=changes)
    _after_commit_promotions(promoted)
    return event


@transaction.atomic
def quota_set(*, by, event: Event, audience: str, places: int | None, open_to_public: bool) -> Quota:
    """Reserve ``places`` of the event for an audience, or change them (EV1: « 50 places réservées aux
    étudiants » [000]).

    The reserved quotas fit within the capacity; a quota keeps room for the people already
    registered in it; the general places hold what is left. Places added go at once to the waiting
    list of the quota, in order of registration. The general places follow the capacity: for them only
    the opening to the public link changes here.
    """
    _require_manage(by, event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    quotas = {q.audience: q for q in event.quotas.select_for_update().order_by("pk")}
    general = quotas[Audience.GENERAL]
    errors: dict[str, list[str]] = {}
    if audience not in Audience.values:
        errors["audience"] = [_("Choose an audience from the list.")]
        raise ValidationError(errors)
    quota = quotas.get(audience) or Quota(event=event, audience=audience, places=0)
    before = quota.places if quota.pk else None
    if audience != Audience.GENERAL:
        if places is None or places < 1:
            errors["places"] = [_("Give a number of places of at least 1.")]
        else:
            reserved = _reserved(event, excluding=audience) + places
            if reserved > event.capacity:
                errors["places"] = [
                    _(
                        "The quotas would reserve %(reserved)s places, more than the capacity of %(capacity)s "
                        "places: reduce this quota or raise the capacity of the event first."
                    )
                    % {"reserved": reserved, "capacity": event.capacity}
                ]
            elif places < quota.taken:
                errors["places"] = [
                    _("%(taken)s people already hold a place in this quota: give at least %(taken)s places.")
                    % {"taken": quota.taken}
                ]
            elif event.capacity - reserved < general.taken:
                errors["places"] = [
                    _(
                        "%(taken)s people hold general places: at most %(most)s places can be reserved for "
                        "this audience."
                    )
                    % {"taken": general.taken, "most": event.capacity - (reserved - places) - general.taken}
                ]
        if errors:
            raise ValidationError(errors)
        quota.places = places
    quota.open_to_public = open_to_public
    quota.save()
    general.places = event.capacity - _reserved(event)
    general.save(update_fields=["places", "updated_at"])
    promoted = _promote(quota) + (_promote(general) if quota.pk != general.pk else [])
    log_action(
        actor=by,
        action="events.quota_set",
        target=event,
        changes={
            "audience": quota.get_audience_display(),
            "places": [before, quota.places],
            "open_to_public": open_to_public,
        },
    )
    _after_commit_promotions(promoted)
    return quota


@transaction.atomic
def session_add(*, by, event: Event, data: Mapping[str, Any]) -> EventSession:
    """Add a slot to the programme with its participatory format (EV3), within the event's dates."""
    _require_manage(by, event)
    session = EventSession(event=event)
    assign_fields(session, data, SESSION_FIELDS, keep_spaces=["description"])
    errors: dict[str, list[str]] = {}
    if session.starts_at and session.ends_at:
        if session.ends_at < session.starts_at:
            errors["ends_at"] = [_("The session cannot end before it starts: give an end after the start.")]
        elif session.starts_at < event.starts_at or session.ends_at > event.ends_at:
            errors["starts_at"] = [
                _("The session takes place during the event, from %(start)s to %(end)s.")
                % {
                    "start": timezone.localtime(event.starts_at).strftime("%d/%m/%Y %H:%M"),
                    "end": timezone.localtime(event.ends_at).strftime("%d/%m/%Y %H:%M"),
                }
            ]
    _clean(session, errors)
    session.save()
    log_action(
        actor=by,
        action="events.session_added",
        target=event,
        changes={"session": session.title, "format": session.get_format_display()},
    )
    return session


# --- Registrations -----------------------------------------------------------------------------


def registration_is_open(event: Event, today: datetime.date) -> bool:
    return today <= event.last_registration_day()


def _registration_errors(*, event, quota, data, consent, outsider, today) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not consent:
        errors["consent"] = [
            _("Registration needs your agreement to the data notice: tick the box after reading it.")
        ]
    if quota is None or quota.event_id != event.pk:
        errors["quota"] = [_("Choose the places you register for.")]
    elif outsider and not (event.is_public and quota.open_to_public):
        errors["quota"] = [_("These places are not open to registration through the public link.")]
    if not registration_is_open(event, today):
        errors["__all__"] = [
            _("Registrations closed on %(date)s.") % {"date": longdate(event.last_registration_day())}
        ]
    email = (data.get("email") or "").strip().lower()
    if email and Registration.objects.active().filter(event=event, email=email).exists():
        errors["email"] = [_("This e-mail address is already registered for this event.")]
    return errors


def registration_register(
    *,
    event: Event,
    quota: Quota | None,
    data: Mapping[str, Any],
    consent: bool,
    by=None,
    organisation=None,
    outsider: bool = False,
    today: datetime.date | None = None,
    notify: bool = True,
) -> Registration:
    """Register a person to an event in a quota (EV1): a place if one is free, otherwise the quota's
    waiting list; never one more than the places (see the module's docstring). The person consents
    to the data notice; an address is registered once per event. A confirmation e-mail with the
    event's .ics file, or the waiting-list notice, leaves after commit; each has a cancellation link
    (``notify=False`` only for data loaded without anyone to tell, the demo).
    """
    today = today or timezone.localdate()
    registration = Registration(
        event=event,
        quota=quota,
        organisation=organisation,
        is_outsider=outsider,
        registered_by=by if by is not None and by.is_authenticated else None,
        consent_at=timezone.now(),
        status=RegistrationStatus.WAITING,
    )
    assign_fields(registration, data, REGISTRANT_FIELDS)
    registration.email = (registration.email or "").lower()
    if organisation is not None and not registration.organisation_name:
        registration.organisation_name = organisation.name
    errors = _registration_errors(
        event=event, quota=quota, data=data, consent=consent, outsider=outsider, today=today
    )
    _clean(registration, errors, exclude=["quota"] if "quota" in errors else None)
    try:
        with transaction.atomic():
            _take_place_or_wait(registration, notify=notify)
    except IntegrityError as exc:
        # Two submits of the same address at the same instant: the unique constraint kept one.
        raise ValidationError(
            {"email": [_("This e-mail address is already registered for this event.")]}
        ) from exc
    return registration


def _take_place_or_wait(registration: Registration, *, notify: bool) -> None:
    quota = Quota.objects.select_for_update().get(pk=registration.quota_id)
    took = Quota.objects.filter(pk=quota.pk, taken__lt=F("places")).update(taken=F("taken") + 1)
    registration.status = RegistrationStatus.CONFIRMED if took else RegistrationStatus.WAITING
    registration.quota = quota
    registration.save()
    log_action(
        actor=registration.registered_by,
        action="events.registered" if took else "events.waitlisted",
        target=registration.event,
        changes={"quota": quota.get_audience_display(), "outsider": registration.is_outsider},
    )
    if notify:
        # Built after commit: the quota's lock is held for the writes only, not for rendering the e-mail.
        message = emails.confirmation if took else emails.waiting
        transaction.on_commit(lambda: emails.send([message(registration)]))


def _promote(quota: Quota) -> list[Registration]:
    """Give the free places of a locked quota to its waiting list, first come first served."""
    promoted = []
    quota.refresh_from_db(fields=["places", "taken"])
    free = quota.places - quota.taken
    if free <= 0:
        return promoted
    for waiting in Registration.objects.waiting_line(quota).select_for_update()[:free]:
        Quota.objects.filter(pk=quota.pk).update(taken=F("taken") + 1)
        waiting.status = RegistrationStatus.CONFIRMED
        waiting.promoted_at = timezone.now()
        waiting.save(update_fields=["status", "promoted_at", "updated_at"])
        log_action(
            actor=None,
            action="events.promoted",
            target=quota.event,
            changes={"quota": quota.get_audience_display()},
        )
        promoted.append(waiting)
    return promoted


def _after_commit_promotions(promoted: list[Registration]) -> None:
    if promoted:
        transaction.on_commit(
            lambda: emails.send([emails.promoted(registration) for registration in promoted])
        )


@transaction.atomic
def registration_cancel(*, registration: Registration, by=None) -> list[Registration]:
    """Cancel a registration, by the person (the link of the e-mail) or a manager of the event (EV1).

    A freed place goes to the first of the waiting list of the same quota in the same transaction;
    they are told by e-mail after commit. Returns the registrations promoted.
    """
    if by is not None and by.is_authenticated and not can_manage_event(by, registration.event):
        raise PermissionDenied(_("Only a manager of the event may cancel another person's registration."))
    quota = Quota.objects.select_for_update().get(pk=registration.quota_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."))
    was_confirmed = registration.status == RegistrationStatus.CONFIRMED
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.checked_in_at = None
    registration.save(update_fields=["status", "cancelled_at", "checked_in_at", "updated_at"])
    promoted: list[Registration] = []
    if was_confirmed:
        Quota.objects.filter(pk=quota.pk).update(taken=F("taken") - 1)
        promoted = _promote(quota)
    log_action(
        actor=by if by is not None and by.is_authenticated else None,
        action="events.registration_cancelled",
        target=registration.event,
        changes={"quota": quota.get_audience_display(), "promoted": len(promoted)},
    )
    _after_commit_promotions(promoted)
    return promoted


@transaction.atomic
def registration_check_in(*, by, registration: Registration, present: bool = True) -> Registration:
    """Record that a confirmed participant arrived, or undo it (EV1, check-in at the door)."""
    _require_manage(by, registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only a confirmed registration can be checked in."))
    registration.checked_in_at = timezone.now() if present else None
    registration.save(update_fields=["checked_in_at", "updated_at"])
    log_action(
        actor=by,
        action="events.checked_in",
        target=registration.event,
        changes={"registration": registration.pk, "present": present},
    )
    return registration


def registrations_anonymise(*, today: datetime.date | None = None) -> int:
    """Anonymise the registrations of outsiders to events ended more than the retention period ago
    (DP2; ``PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS``). The counts stay (places, attendance); names,
    addresses and organisations go. Safe to run twice. Returns how many were anonymised."""
    today = today or timezone.localdate()
    limit = today - datetime.timedelta(days=settings.PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS)
    cutoff = timezone.make_aware(datetime.datetime.combine(limit, datetime.time.min))
    count = 0
    events = Event.objects.filter(
        ends_at__lt=cutoff, registrations__is_outsider=True, registrations__anonymised_at__isnull=True
    ).distinct()
    for event in events:
        with transaction.atomic():
            rows = event.registrations.filter(is_outsider=True, anonymised_at__isnull=True)
            done = rows.update(
                first_name="",
                last_name=str(_("Anonymised")),
                email="",
                organisation_name="",
                anonymised_at=timezone.now(),
            )
            log_action(
                actor=None, action="events.registrations_anonymised", target=event, changes={"count": done}
            )
            count += done
    return count


# --- News of the resource pole (EV4) -------------------------------------------------------------


@transaction.atomic
def news_publish(*, by, publisher, data: Mapping[str, Any]) -> NewsItem:
    """Publish a news item of the organisation's resource pole to its partners' agents (EV4 [003 art. 3])."""
    if not can_organise_for(by, publisher):
        raise PermissionDenied(_("Only a manager of the organisation may publish its news."))
    item = NewsItem(publisher=publisher)
    assign_fields(item, data, NEWS_FIELDS, keep_spaces=["summary"])
    errors: dict[str, list[str]] = {}
    if item.event_id and item.event.organiser_id != publisher.pk:
        errors["event"] = [_("Choose an event of your organisation.")]
    _clean(item, errors)
    item.save()
    log_action(actor=by, action="events.news_published", target=publisher, changes={"title": item.title})
    return item
