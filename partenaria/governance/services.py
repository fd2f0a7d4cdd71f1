"""Every act on the governance of a partnership (GV1-GV5): one service each, one transaction, checked
with ``full_clean()``, audited on the body (or the partnership for representations), e-mails sent
after commit. Only a manager of a party acts (``can_manage_partnership``); readers only read.
"""

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from partenaria.conventions.models import FREQUENCY_MONTHS, Commitment, Partnership
from partenaria.conventions.permissions import can_manage_partnership
from partenaria.core.audit import diff, log_action, snapshot, stored
from partenaria.core.templatetags.partenaria import longdate

from . import ical
from .models import (
    Action,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Body,
    CompositionRule,
    Decision,
    Meeting,
    Representation,
    Seat,
    SeatKind,
)

BODY_FIELDS = [
    "kind",
    "name",
    "mission",
    "convention",
    "established_on",
    "meetings_per_year",
    "rhythm_text",
    "is_active",
]
RULE_FIELDS = ["role", "organisation", "min_count", "max_count", "may_be_represented"]
SEAT_FIELDS = [
    "person",
    "rule",
    "kind",
    "substitute_for",
    "starts_on",
    "ends_on",
    "designated_by",
    "designated_on",
]
MEETING_FIELDS = ["starts_at", "ends_at", "place", "convened_by", "status", "date_is_illustrative"]
ACTION_FIELDS = ["text", "owner_organisation", "owner_person", "due_on"]
REPRESENTATION_FIELDS = [
    "host",
    "body_name",
    "represented",
    "mode",
    "seats_count",
    "since",
    "until",
    "source",
]

# Minutes are rich text from a person: only these tags reach the page (trust: no script, no style).
MINUTES_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "h3", "h4", "blockquote", "a"}
MINUTES_ATTRIBUTES = {"a": {"href", "title"}}


def _require_manage(by, partnership: Partnership) -> None:
    if not can_manage_partnership(by, partnership):
        raise PermissionDenied(_("Only a manager of a party may change the governance of this partnership."))


def _assign(instance, data: Mapping[str, Any], fields: Sequence[str]) -> None:
    for name in fields:
        if name in data:
            setattr(instance, name, data[name])


def _audit_fields(fields: Sequence[str], model) -> list[str]:
    return [model._meta.get_field(name).attname for name in fields]


def _changes(before: dict, instance, fields: Sequence[str]) -> dict:
    return diff(before, snapshot(instance, _audit_fields(fields, type(instance))))


def _before(instance, fields: Sequence[str]) -> dict:
    return stored(instance, _audit_fields(fields, type(instance)))


# --- Bodies (GV1, GV3) ---------------------------------------------------------------------------


@transaction.atomic
def body_create(*, by, partnership: Partnership, data: Mapping[str, Any]) -> Body:
    """Create a body of a partnership, with its mission, rhythm and instituting convention (GV1, GV3)."""
    _require_manage(by, partnership)
    body = Body(partnership=partnership)
    _assign(body, data, BODY_FIELDS)
    body.full_clean()
    body.save()
    log_action(actor=by, action="governance.body_created", target=body, changes={"name": body.name})
    return body


@transaction.atomic
def body_change(*, by, body: Body, data: Mapping[str, Any]) -> Body:
    """Change a body's name, mission, rhythm or state (GV1, GV3)."""
    _require_manage(by, body.partnership)
    before = _before(body, BODY_FIELDS)
    _assign(body, data, BODY_FIELDS)
    body.full_clean()
    body.save()
    if changes := _changes(before, body, BODY_FIELDS):
        log_action(actor=by, action="governance.body_changed", target=body, changes=changes)
    return body


@transaction.atomic
def body_take_over_commitment(*, by, body: Body, commitment: Commitment) -> Body:
    """Let a body carry the meeting rhythm an article's commitment describes (GV3).

    « Réunir le comité de pilotage deux fois par an » was followed as a recurring commitment of the
    convention; once the body is recorded, its meetings are the follow-up. The commitment is removed
    from the convention's follow-up (the article's text stays as signed), its rhythm moves to the
    body, and the Échéances page lists the obligation once, as the body's next meeting due.
    """
    _require_manage(by, body.partnership)
    if commitment.convention.partnership_id != body.partnership_id:
        raise ValidationError(_("This commitment belongs to another partnership."))
    months = FREQUENCY_MONTHS.get(commitment.frequency)
    if months is None:
        raise ValidationError(_("Only a recurring commitment describes a meeting rhythm."))
    before = _before(body, BODY_FIELDS)
    body.meetings_per_year = 12 // months
    if not body.rhythm_text:
        body.rhythm_text = commitment.description[:300]
    body.full_clean()
    body.save()
    sentence = commitment.description
    convention = commitment.convention
    commitment.delete()
    log_action(
        actor=by,
        action="convention.commitment_changed",
        target=convention,
        changes={"deleted": sentence, "carried_by": body.name},
    )
    log_action(
        actor=by,
        action="governance.commitment_taken_over",
        target=body,
        changes={
            "commitment": sentence,
            "convention": convention.title,
            **_changes(before, body, BODY_FIELDS),
        },
    )
    return body


# --- Composition (GV2) ---------------------------------------------------------------------------


@transaction.atomic
def rule_add(*, by, body: Body, data: Mapping[str, Any]) -> CompositionRule:
    """Add a line to the composition rule of a body: a role, a party, a minimum and a maximum (GV2)."""
    _require_manage(by, body.partnership)
    position = (body.rules.aggregate(top=Max("position"))["top"] or 0) + 1
    rule = CompositionRule(body=body, position=position)
    _assign(rule, data, RULE_FIELDS)
    rule.full_clean()
    rule.save()
    log_action(actor=by, action="governance.rule_added", target=body, changes={"rule": _rule_words(rule)})
    return rule


@transaction.atomic
def rule_change(*, by, rule: CompositionRule, data: Mapping[str, Any]) -> CompositionRule:
    _require_manage(by, rule.body.partnership)
    before = _before(rule, RULE_FIELDS)
    _assign(rule, data, RULE_FIELDS)
    rule.full_clean()
    rule.save()
    if changes := _changes(before, rule, RULE_FIELDS):
        log_action(
            actor=by,
            action="governance.rule_changed",
            target=rule.body,
            changes={"rule": _rule_words(rule), **changes},
        )
    return rule


@transaction.atomic
def rule_delete(*, by, rule: CompositionRule) -> None:
    """Remove a line of the rule; the seats that filled it stay, outside any rule (GV2)."""
    body = rule.body
    _require_manage(by, body.partnership)
    words = _rule_words(rule)
    rule.delete()
    log_action(actor=by, action="governance.rule_deleted", target=body, changes={"rule": words})


def _rule_words(rule: CompositionRule) -> str:
    if rule.max_count is None:
        count = _("at least %(min)s") % {"min": rule.min_count}
    elif rule.max_count == rule.min_count:
        count = str(rule.min_count)
    else:
        count = _("%(min)s to %(max)s") % {"min": rule.min_count, "max": rule.max_count}
    return f"{count} × {rule.role} ({rule.organisation.display_name})"


@transaction.atomic
def seat_add(*, by, body: Body, data: Mapping[str, Any]) -> Seat:
    """Give a seat of a body to a person of a party, titular or substitute paired with a titular,
    for a term, with the act that designated them (GV2, seed 001: assembly of 22 July 2021)."""
    _require_manage(by, body.partnership)
    seat = Seat(body=body)
    _assign(seat, data, SEAT_FIELDS)
    seat.full_clean()
    seat.save()
    log_action(actor=by, action="governance.seat_added", target=body, changes={"seat": str(seat)})
    return seat


@transaction.atomic
def seat_change(*, by, seat: Seat, data: Mapping[str, Any]) -> Seat:
    """Change a seat: its term (an end date closes it), its role, its pairing (GV2)."""
    _require_manage(by, seat.body.partnership)
    before = _before(seat, SEAT_FIELDS)
    _assign(seat, data, SEAT_FIELDS)
    seat.full_clean()
    seat.save()
    if changes := _changes(before, seat, SEAT_FIELDS):
        log_action(
            actor=by,
            action="governance.seat_changed",
            target=seat.body,
            changes={"seat": str(seat), **changes},
        )
    return seat


# --- Meetings (GV4) ------------------------------------------------------------------------------


def _set_agenda(meeting: Meeting, agenda: Sequence[str]) -> list[str]:
    items = [line.strip() for line in agenda if line.strip()]
    meeting.agenda_items.all().delete()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=title[:500])
        for position, title in enumerate(items, 1)
    )
    return items


@transaction.atomic
def meeting_create(*, by, body: Body, data: Mapping[str, Any], agenda: Sequence[str] = ()) -> Meeting:
    """Plan (or record) a meeting of a body: when, where, who convenes it, its agenda (GV4)."""
    _require_manage(by, body.partnership)
    meeting = Meeting(body=body)
    _assign(meeting, data, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    items = _set_agenda(meeting, agenda)
    log_action(
        actor=by,
        action="governance.meeting_created",
        target=body,
        changes={"meeting": str(meeting), "agenda": items},
    )
    return meeting


@transaction.atomic
def meeting_change(
    *, by, meeting: Meeting, data: Mapping[str, Any], agenda: Sequence[str] | None = None
) -> Meeting:
    """Change a meeting's date, place, convener, status or agenda (GV4)."""
    _require_manage(by, meeting.body.partnership)
    before = _before(meeting, MEETING_FIELDS)
    _assign(meeting, data, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    changes = _changes(before, meeting, MEETING_FIELDS)
    if agenda is not None:
        old = list(meeting.agenda_items.values_list("title", flat=True))
        new = _set_agenda(meeting, agenda)
        if old != new:
            changes["agenda"] = [old, new]
    if changes:
        log_action(
            actor=by,
            action="governance.meeting_changed",
            target=meeting.body,
            changes={"meeting": str(meeting), **changes},
        )
    return meeting


def invitees(meeting: Meeting) -> list:
    """People holding a seat on the day of the meeting and having an e-mail address, each once."""
    day = timezone.localtime(meeting.starts_at).date()
    people = {}
    for seat in meeting.body.seats.current(day).select_related("person").order_by("kind", "pk"):
        if seat.person.email:
            people.setdefault(seat.person.email.lower(), seat.person)
    return list(people.values())


@transaction.atomic
def meeting_invite(*, by, meeting: Meeting, site_url: str = "") -> int:
    """Invite the seat holders by e-mail, each with the meeting's .ics file; sent after commit (GV4)."""
    _require_manage(by, meeting.body.partnership)
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("body__partnership", "convened_by")
        .get(pk=meeting.pk)
    )
    if meeting.status != "planned":
        raise ValidationError(_("Only a planned meeting is announced to its members."))
    people = invitees(meeting)
    if not people:
        raise ValidationError(_("No seat holder of this body has an e-mail address: add the members first."))
    site = (site_url or getattr(settings, "PARTENARIA_SITE_URL", "")).rstrip("/")
    attachment = ical.meeting_calendar(meeting, url=site + meeting.get_absolute_url())
    emails = [_invitation(meeting, person, attachment, site) for person in people]
    meeting.invitations_sent_at = timezone.now()
    meeting.save(update_fields=["invitations_sent_at"])
    log_action(
        actor=by,
        action="governance.meeting_invited",
        target=meeting.body,
        changes={"meeting": str(meeting), "invited": [str(p) for p in people]},
    )
    transaction.on_commit(lambda: mailers.default.send_messages(emails))
    return len(emails)


def _invitation(meeting: Meeting, person, attachment: bytes, site: str) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        when = timezone.localtime(meeting.starts_at)
        subject = _("Invitation: %(body)s on %(date)s") % {
            "body": meeting.body.name,
            "date": longdate(when.date()),
        }
        body = render_to_string(
            "governance/invitation_email.txt",
            {
                "meeting": meeting,
                "person": person,
                "when": when,
                "agenda": list(meeting.agenda_items.all()),
                "url": site + meeting.get_absolute_url(),
            },
        )
    message = EmailMessage(subject=subject[:200], body=body, to=[person.email])
    message.attach("reunion.ics", attachment, "text/calendar")
    return message


@transaction.atomic
def attendance_record(*, by, meeting: Meeting, statuses: Mapping[int, str]) -> list[Attendance]:
    """Record who attended, per titular seat: present, excused, absent, or replaced by the paired
    substitute, who then sits for the titular (GV4, seed 001: three titular, three substitutes)."""
    _require_manage(by, meeting.body.partnership)
    day = timezone.localtime(meeting.starts_at).date()
    titulars = {
        seat.pk: seat
        for seat in meeting.body.seats.current(day).filter(kind=SeatKind.TITULAR).select_related("person")
    }
    substitutes: dict[int, Seat] = {}
    for seat in meeting.body.seats.current(day).filter(kind=SeatKind.SUBSTITUTE).order_by("pk"):
        substitutes.setdefault(seat.substitute_for_id, seat)
    errors: dict[str, list] = {}
    rows = []
    for seat_id, status in statuses.items():
        seat = titulars.get(seat_id)
        if seat is None:
            errors.setdefault(f"seat_{seat_id}", []).append(
                _("This seat is not held on the day of the meeting.")
            )
            continue
        if not status:
            continue
        if status not in AttendanceStatus.values:
            errors.setdefault(f"seat_{seat_id}", []).append(_("Choose an attendance."))
            continue
        replaced_by = None
        if status == AttendanceStatus.REPLACED:
            replaced_by = substitutes.get(seat_id)
            if replaced_by is None:
                errors.setdefault(f"seat_{seat_id}", []).append(
                    _("No substitute is paired with this titular.")
                )
                continue
        rows.append(Attendance(meeting=meeting, seat=seat, status=status, replaced_by=replaced_by))
    if errors:
        raise ValidationError(errors)
    before = {a.seat_id: a.status for a in meeting.attendances.all()}
    meeting.attendances.all().delete()
    for row in rows:
        row.full_clean(validate_unique=False)
    Attendance.objects.bulk_create(rows)
    after = {row.seat_id: row.status for row in rows}
    if before != after:
        log_action(
            actor=by,
            action="governance.attendance_recorded",
            target=meeting.body,
            changes={
                "meeting": str(meeting),
                "attendance": [
                    f"{row.seat.person} : {row.get_status_display()}"
                    + (f" ({row.replaced_by.person})" if row.replaced_by else "")
                    for row in rows
                ],
            },
        )
    return rows


def sanitise_minutes(text: str) -> str:
    """Rich text kept to a small safe set of tags; plain text gets its paragraphs (GV4)."""
    text = (text or "").strip()
    if not text:
        return ""
    if "<" not in text:
        text = linebreaks(text)
    return nh3.clean(
        text,
        tags=MINUTES_TAGS,
        attributes=MINUTES_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@transaction.atomic
def minutes_save(*, by, meeting: Meeting, minutes: str) -> Meeting:
    """Store the minutes of a meeting, sanitised: no script, no style ever reaches the page (GV4)."""
    _require_manage(by, meeting.body.partnership)
    clean = sanitise_minutes(minutes)
    if clean == meeting.minutes:
        return meeting
    meeting.minutes = clean
    meeting.full_clean()
    meeting.save(update_fields=["minutes", "updated_at"])
    log_action(
        actor=by, action="governance.minutes_saved", target=meeting.body, changes={"meeting": str(meeting)}
    )
    return meeting


@transaction.atomic
def decision_add(*, by, meeting: Meeting, text: str) -> Decision:
    """Record a decision of a meeting; decisions are numbered in order within the meeting (GV4)."""
    _require_manage(by, meeting.body.partnership)
    Meeting.objects.select_for_update().get(pk=meeting.pk)  # numbers are given one at a time
    number = (meeting.decisions.aggregate(top=Max("number"))["top"] or 0) + 1
    decision = Decision(meeting=meeting, number=number, text=(text or "").strip())
    decision.full_clean()
    decision.save()
    log_action(
        actor=by,
        action="governance.decision_added",
        target=meeting.body,
        changes={"meeting": str(meeting), "decision": str(decision)},
    )
    return decision


@transaction.atomic
def action_add(*, by, meeting: Meeting, data: Mapping[str, Any]) -> Action:
    """Record a follow-up action: what, who carries it (a party or a person), by when (GV4)."""
    _require_manage(by, meeting.body.partnership)
    action = Action(meeting=meeting)
    _assign(action, data, ACTION_FIELDS)
    action.full_clean()
    action.save()
    log_action(
        actor=by,
        action="governance.action_added",
        target=meeting.body,
        changes={
            "meeting": str(meeting),
            "action": action.text,
            "owner": action.owner,
            "due_on": action.due_on,
        },
    )
    return action


@transaction.atomic
def action_done(*, by, action: Action, on: datetime.date | None = None) -> Action:
    """Mark a follow-up action done; it leaves the deadlines (GV4)."""
    _require_manage(by, action.meeting.body.partnership)
    action = Action.objects.select_for_update(of=("self",)).select_related("meeting__body").get(pk=action.pk)
    if action.done_on is not None:
        raise ValidationError(_("This action is already done."))
    action.done_on = on or timezone.localdate()
    action.full_clean()
    action.save(update_fields=["done_on"])
    log_action(
        actor=by,
        action="governance.action_done",
        target=action.meeting.body,
        changes={"meeting": str(action.meeting), "action": action.text, "done_on": action.done_on},
    )
    return action


# --- Representation (GV5) ------------------------------------------------------------------------


def _check_people(representation: Representation, people) -> None:
    strangers = [p for p in people if p.organisation_id != representation.represented_id]
    if strangers:
        raise ValidationError(
            {
                "people": [
                    _("A representative is a person of the represented organisation: %(names)s.")
                    % {"names": ", ".join(str(p) for p in strangers)}
                ]
            }
        )


@transaction.atomic
def representation_add(*, by, partnership: Partnership, data: Mapping[str, Any]) -> Representation:
    """Record a partner's place in the other partner's own body: which body, who represents whom,
    since and until when (GV5, seeds 000, 003, 004)."""
    _require_manage(by, partnership)
    representation = Representation(partnership=partnership)
    _assign(representation, data, REPRESENTATION_FIELDS)
    representation.full_clean()
    people = list(data.get("people") or [])
    _check_people(representation, people)
    representation.save()
    representation.people.set(people)
    log_action(
        actor=by,
        action="governance.representation_added",
        target=partnership,
        changes={"body": representation.body_name, "people": [str(p) for p in people]},
    )
    return representation


@transaction.atomic
def representation_change(*, by, representation: Representation, data: Mapping[str, Any]) -> Representation:
    _require_manage(by, representation.partnership)
    before = _before(representation, REPRESENTATION_FIELDS)
    old_people = sorted(str(p) for p in representation.people.all())
    _assign(representation, data, REPRESENTATION_FIELDS)
    representation.full_clean()
    people = list(data.get("people") or [])
    _check_people(representation, people)
    representation.save()
    representation.people.set(people)
    changes = _changes(before, representation, REPRESENTATION_FIELDS)
    new_people = sorted(str(p) for p in people)
    if old_people != new_people:
        changes["people"] = [old_people, new_people]
    if changes:
        log_action(
            actor=by,
            action="governance.representation_changed",
            target=representation.partnership,
            changes={"body": representation.body_name, **changes},
        )
    return representation
