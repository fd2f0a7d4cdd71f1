"""Business acts on the action plan of a convention and on its indicators (AP1, AP2).

Each act is one transaction with its audit event on the convention (so that the convention's
history tab tells it), and checks who may act: the view has already fetched the convention through
``visible_to`` (404 for another tenant), so a refusal here is a 403 (``PermissionDenied``). Invalid
input raises ``ValidationError`` keyed by field, in French, before anything is written.

The plan stays editable after the signature: it is operational follow-up, not contractual content.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partenaria.conventions.models import Convention
from partenaria.core.audit import diff, log_action, snapshot
from partenaria.core.services import assign_fields
from partenaria.core.templatetags.partenaria import longdate

from .models import Action, ActionStatus, Axis, Indicator, IndicatorValue, ProgressNote
from .permissions import can_edit_action_plan
from .units import unit_problem

AXIS_FIELDS = ["title", "description", "article"]
ACTION_FIELDS = [
    "axis",
    "title",
    "description",
    "owner",
    "person_in_charge",
    "status",
    "start_date",
    "due_date",
    "progress",
]
NOTE_FIELDS = ["noted_on", "text", "progress"]
INDICATOR_FIELDS = ["name", "unit", "direction", "description", "axis"]
VALUE_FIELDS = ["year", "target", "measured", "comment", "is_illustrative"]


def _require_edit(by, convention: Convention) -> None:
    if not can_edit_action_plan(by, convention):
        raise PermissionDenied(_("Only a manager of a party may change the action plan of this convention."))


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _full_clean(obj, exclude: list[str] | None = None) -> None:
    # The model's own checks (lengths, choices, required fields) with French messages per field.
    obj.full_clean(exclude=exclude, validate_constraints=False)


# --- Axes ---------------------------------------------------------------------------------------


def _check_axis(axis: Axis) -> None:
    errors: dict[str, list[str]] = {}
    if axis.article_id is not None and axis.article.convention_id != axis.convention_id:
        errors["article"] = [_("Choose an article of this convention.")]
    if errors:
        raise ValidationError(errors)
    _full_clean(axis)


@transaction.atomic
def axis_add(*, by, convention: Convention, data: Mapping[str, Any]) -> Axis:
    """Add an axis at the end of the plan (AP1), optionally linked to the article it comes from."""
    _require_edit(by, convention)
    axis = Axis(convention=convention, position=_next_position(convention.axes.all()))
    assign_fields(axis, data, AXIS_FIELDS, keep_spaces=["description"])
    _check_axis(axis)
    axis.save()
    log_action(actor=by, action="actionplan.axis_added", target=convention, changes={"axis": axis.title})
    return axis


@transaction.atomic
def axis_change(*, by, axis: Axis, data: Mapping[str, Any]) -> Axis:
    """Change the title, description or article of an axis (AP1)."""
    _require_edit(by, axis.convention)
    before = snapshot(axis, AXIS_FIELDS)
    assign_fields(axis, data, AXIS_FIELDS, keep_spaces=["description"])
    _check_axis(axis)
    axis.save()
    changes = diff(before, snapshot(axis, AXIS_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="actionplan.axis_changed",
            target=axis.convention,
            changes={"axis": axis.title, **changes},
        )
    return axis


@transaction.atomic
def axis_move(*, by, axis: Axis, direction: str) -> Axis:
    """Move an axis one place up or down in the plan (AP1: the axes are ordered)."""
    convention = axis.convention
    _require_edit(by, convention)
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose to move the axis up or down."))
    siblings = list(convention.axes.select_for_update().order_by("position", "pk"))
    index = next(i for i, a in enumerate(siblings) if a.pk == axis.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return axis
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        sibling.position = position
    Axis.objects.bulk_update(siblings, ["position"])
    log_action(
        actor=by,
        action="actionplan.axis_moved",
        target=convention,
        changes={"axis": axis.title, "direction": direction},
    )
    axis.refresh_from_db(fields=["position"])
    return axis


@transaction.atomic
def axis_delete(*, by, axis: Axis) -> None:
    """Delete an empty axis. An axis with actions is kept: nothing followed is lost (AP1)."""
    convention = axis.convention
    _require_edit(by, convention)
    if axis.actions.exists():
        raise ValidationError(
            _("This axis has actions: move them to another axis or delete them before deleting the axis.")
        )
    title = axis.title
    axis.indicators.update(axis=None)
    axis.delete()
    log_action(actor=by, action="actionplan.axis_deleted", target=convention, changes={"axis": title})


# --- Actions ------------------------------------------------------------------------------------


def validate_action(action: Action, convention: Convention) -> dict[str, list[str]]:
    """Rules of an action against its convention (AP1), shared by the service and the forms.

    The owner is one of the convention's parties; the person in charge works for one of them; the
    percentage is between 0 and 100; the dates fall within the convention's term (its computed end,
    renewals and extensions included) and the due date is not before the start date.
    """
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    party_ids = {p.organisation_id for p in convention.parties.all()}
    if action.owner_id is not None and action.owner_id not in party_ids:
        add("owner", _("Choose one of the parties of the convention."))
    if action.person_in_charge_id is not None:
        person = action.person_in_charge
        if person.organisation_id not in party_ids:
            add("person_in_charge", _("The person in charge must work for a party of the convention."))
    if action.axis_id is not None and action.axis.convention_id != convention.pk:
        add("axis", _("Choose an axis of this convention."))
    if action.progress is not None and not 0 <= action.progress <= 100:
        add("progress", _("Give a percentage between 0 and 100."))
    start, end = convention.effective_start, convention.end_date
    for name in ("start_date", "due_date"):
        day = getattr(action, name)
        if day is None:
            continue
        if end is not None and day > end:
            add(
                name,
                _("This date falls after the end of the convention (%(date)s).") % {"date": longdate(end)},
            )
        elif start is not None and day < start:
            add(
                name,
                _("This date falls before the start of the convention (%(date)s).")
                % {"date": longdate(start)},
            )
    if action.start_date and action.due_date and action.due_date < action.start_date:
        add("due_date", _("The due date is before the start date."))
    return errors


def _check_action(action: Action, convention: Convention) -> None:
    if action.status == ActionStatus.DONE:
        # A done action is done entirely: the roll-up counts it for 100 % anyway.
        action.progress = 100
    errors = validate_action(action, convention)
    try:
        _full_clean(action, exclude=[*errors, "axis"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_add(*, by, axis: Axis, data: Mapping[str, Any]) -> Action:
    """Add an action to an axis: title, owner party, status, dates, progress (AP1)."""
    convention = axis.convention
    _require_edit(by, convention)
    action = Action(axis=axis, position=_next_position(axis.actions.all()))
    assign_fields(
        action, {k: v for k, v in data.items() if k != "axis"}, ACTION_FIELDS, keep_spaces=["description"]
    )
    if action.progress is None:
        action.progress = 0
    _check_action(action, convention)
    action.save()
    log_action(
        actor=by,
        action="actionplan.action_added",
        target=convention,
        changes={"action": action.title, "axis": axis.title},
    )
    return action


@transaction.atomic
def action_change(*, by, action: Action, data: Mapping[str, Any]) -> Action:
    """Change an action (AP1); it may move to another axis of the same convention."""
    convention = action.axis.convention
    _require_edit(by, convention)
    before = snapshot(action, ACTION_FIELDS)
    assign_fields(action, data, ACTION_FIELDS, keep_spaces=["description"])
    if action.progress is None:
        action.progress = before["progress"]
    _check_action(action, convention)
    if action.axis_id != before["axis"].pk:
        action.position = _next_position(action.axis.actions.all())
    action.save()
    changes = diff(before, snapshot(action, ACTION_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="actionplan.action_changed",
            target=convention,
            changes={"action": action.title, **changes},
        )
    return action


@transaction.atomic
def action_delete(*, by, action: Action) -> None:
    """Delete an action entered by mistake. One with progress notes is abandoned instead (AP1)."""
    convention = action.axis.convention
    _require_edit(by, convention)
    if action.notes.exists():
        raise ValidationError(
            _("This action has progress notes: mark it as abandoned rather than deleting its history.")
        )
    title = action.title
    action.delete()
    log_action(actor=by, action="actionplan.action_deleted", target=convention, changes={"action": title})


# --- Progress notes -----------------------------------------------------------------------------


def _check_note(note: ProgressNote) -> None:
    errors: dict[str, list[str]] = {}
    if note.noted_on is not None and note.noted_on > timezone.localdate():
        errors["noted_on"] = [_("A progress note records what was done: its date cannot be in the future.")]
    if note.progress is not None and not 0 <= note.progress <= 100:
        errors["progress"] = [_("Give a percentage between 0 and 100.")]
    if not (note.text or "").strip():
        errors["text"] = [_("Write what was done.")]
    try:
        _full_clean(note, exclude=[*errors, "action", "author", "author_label"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _apply_note_progress(action: Action, progress: int | None) -> None:
    """The note's percentage becomes the action's; a planned action with progress is under way."""
    if progress is None:
        return
    action.progress = progress
    if action.status == ActionStatus.PLANNED and progress > 0:
        action.status = ActionStatus.IN_PROGRESS
    if action.status == ActionStatus.DONE and progress < 100:
        action.status = ActionStatus.IN_PROGRESS
    action.save(update_fields=["progress", "status", "updated_at"])


def _latest_note(action: Action) -> ProgressNote | None:
    return action.notes.order_by("-noted_on", "-pk").first()


def _author_label(by) -> str:
    if by is None or not getattr(by, "is_authenticated", False):
        return ""
    return by.get_full_name() or by.email


@transaction.atomic
def progress_note_add(*, by, action: Action, data: Mapping[str, Any]) -> ProgressNote:
    """Record what was done on an action, by whom and when, and its new percentage (AP1).

    A note with a percentage sets the action's progress (the latest note by date decides): a planned
    action then becomes « in progress », and so does a done action noted below 100 % (it is reopened);
    a note without a percentage leaves the action as it is.
    """
    convention = action.axis.convention
    _require_edit(by, convention)
    note = ProgressNote(action=action, author=by, author_label=_author_label(by))
    assign_fields(note, data, NOTE_FIELDS, keep_spaces=["description"])
    if note.noted_on is None:
        note.noted_on = timezone.localdate()
    _check_note(note)
    note.save()
    if _latest_note(action) == note:
        _apply_note_progress(action, note.progress)
    log_action(
        actor=by,
        action="actionplan.note_added",
        target=convention,
        changes={"action": action.title, "note": note.text[:200], "progress": note.progress},
    )
    return note


@transaction.atomic
def progress_note_change(*, by, note: ProgressNote, data: Mapping[str, Any]) -> ProgressNote:
    """Correct a progress note (AP1); when it is the latest, its percentage stays the action's."""
    action = note.action
    convention = action.axis.convention
    _require_edit(by, convention)
    before = snapshot(note, NOTE_FIELDS)
    assign_fields(note, data, NOTE_FIELDS, keep_spaces=["description"])
    _check_note(note)
    note.save()
    if _latest_note(action) == note:
        _apply_note_progress(action, note.progress)
    changes = diff(before, snapshot(note, NOTE_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="actionplan.note_changed",
            target=convention,
            changes={"action": action.title, **changes},
        )
    return note


# --- Indicators ---------------------------------------------------------------------------------


def _check_indicator(indicator: Indicator) -> None:
    errors: dict[str, list[str]] = {}
    if indicator.axis_id is not None and indicator.axis.convention_id != indicator.convention_id:
        errors["axis"] = [_("Choose an axis of this convention.")]
    if indicator.pk and indicator.unit:
        # A new meaning for the unit must still fit the figures already recorded.
        for value in indicator.values.order_by("year"):
            figures = [n for n in (value.target, value.measured) if n is not None]
            if any(unit_problem(indicator.unit, n) for n in figures):
                errors["unit"] = [
                    _("The values of %(year)s do not fit this unit: correct them first.")
                    % {"year": value.year}
                ]
                break
    try:
        _full_clean(indicator, exclude=[*errors, "convention"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indicator_add(*, by, convention: Convention, data: Mapping[str, Any]) -> Indicator:
    """Define an indicator of the convention, optionally of one axis (AP2)."""
    _require_edit(by, convention)
    indicator = Indicator(convention=convention, position=_next_position(convention.indicators.all()))
    assign_fields(indicator, data, INDICATOR_FIELDS, keep_spaces=["description"])
    _check_indicator(indicator)
    indicator.save()
    log_action(
        actor=by,
        action="actionplan.indicator_added",
        target=convention,
        changes={"indicator": indicator.name},
    )
    return indicator


@transaction.atomic
def indicator_change(*, by, indicator: Indicator, data: Mapping[str, Any]) -> Indicator:
    """Change the name, unit, direction, definition or axis of an indicator (AP2)."""
    _require_edit(by, indicator.convention)
    before = snapshot(indicator, INDICATOR_FIELDS)
    assign_fields(indicator, data, INDICATOR_FIELDS, keep_spaces=["description"])
    _check_indicator(indicator)
    indicator.save()
    changes = diff(before, snapshot(indicator, INDICATOR_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="actionplan.indicator_changed",
            target=indicator.convention,
            changes={"indicator": indicator.name, **changes},
        )
    return indicator


@transaction.atomic
def indicator_delete(*, by, indicator: Indicator) -> None:
    """Delete an indicator and its yearly values; the values are kept in the audit event (AP2)."""
    convention = indicator.convention
    _require_edit(by, convention)
    values = [
        f"{v.year}: {v.target if v.target is not None else '—'} / {v.measured if v.measured is not None else '—'}"
        for v in indicator.values.all()
    ]
    name = indicator.name
    indicator.delete()
    log_action(
        actor=by,
        action="actionplan.indicator_deleted",
        target=convention,
        changes={"indicator": name, "values": values},
    )


def convention_years(convention: Convention) -> tuple[int, int] | None:
    """First and last calendar years of the convention's term (its computed end), if known."""
    start, end = convention.effective_start, convention.end_date
    if start is None or end is None:
        return None
    return start.year, end.year


def _check_value(value: IndicatorValue) -> None:
    errors: dict[str, list[str]] = {}
    indicator = value.indicator
    years = convention_years(indicator.convention)
    if value.year is not None:
        if years is not None and not years[0] <= value.year <= years[1]:
            errors["year"] = [
                _("Give a year of the convention's term (%(first)s to %(last)s).")
                % {"first": years[0], "last": years[1]}
            ]
        elif (
            IndicatorValue.objects.filter(indicator=indicator, year=value.year).exclude(pk=value.pk).exists()
        ):
            errors["year"] = [
                _("This indicator already has a value for %(year)s: change that row instead.")
                % {"year": value.year}
            ]
    if value.target is None and value.measured is None:
        errors["target"] = [_("Give a target, a measured value, or both.")]
    for name in ("target", "measured"):
        number = getattr(value, name)
        problem = None if number is None else unit_problem(indicator.unit, Decimal(number))
        if problem:
            errors.setdefault(name, []).append(problem)
    try:
        _full_clean(value, exclude=[*errors, "indicator"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save_value(value: IndicatorValue) -> None:
    try:
        with transaction.atomic():
            value.save()
    except IntegrityError as exc:
        # Two people entering the same year at the same moment: the unique constraint decides.
        raise ValidationError(
            {
                "year": [
                    _("This indicator already has a value for %(year)s: change that row instead.")
                    % {"year": value.year}
                ]
            }
        ) from exc


def _value_changes(value: IndicatorValue) -> dict[str, Any]:
    return {"indicator": value.indicator.name, "year": value.year}


@transaction.atomic
def indicator_value_add(*, by, indicator: Indicator, data: Mapping[str, Any]) -> IndicatorValue:
    """Record the target and/or the measured value of a year; one row per indicator and year (AP2)."""
    _require_edit(by, indicator.convention)
    value = IndicatorValue(indicator=indicator)
    assign_fields(value, data, VALUE_FIELDS, keep_spaces=["description"])
    _check_value(value)
    _save_value(value)
    log_action(
        actor=by,
        action="actionplan.value_added",
        target=indicator.convention,
        changes={**_value_changes(value), "target": value.target, "measured": value.measured},
    )
    return value


@transaction.atomic
def indicator_value_change(*, by, value: IndicatorValue, data: Mapping[str, Any]) -> IndicatorValue:
    """Correct the target, measured value or source of a year (AP2)."""
    indicator = value.indicator
    _require_edit(by, indicator.convention)
    before = snapshot(value, VALUE_FIELDS)
    assign_fields(value, data, VALUE_FIELDS, keep_spaces=["description"])
    _check_value(value)
    _save_value(value)
    changes = diff(before, snapshot(value, VALUE_FIELDS))
    if changes:
        log_action(
            actor=by,
            action="actionplan.value_changed",
            target=indicator.convention,
            changes={**_value_changes(value), **changes},
        )
    return value


@transaction.atomic
def indicator_value_delete(*, by, value: IndicatorValue) -> None:
    """Delete the row of a year (AP2); its figures are kept in the audit event."""
    indicator = value.indicator
    _require_edit(by, indicator.convention)
    changes = {**_value_changes(value), "target": value.target, "measured": value.measured}
    value.delete()
    log_action(actor=by, action="actionplan.value_deleted", target=indicator.convention, changes=changes)
