"""Reads of the action plan (AP1, AP2): the plan page, the indicators page and the annual report.

Each function reads a fixed number of queries whatever the number of axes, actions, notes and
indicators.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partenaria.conventions.models import Convention
from partenaria.core.audit import describe, history_for
from partenaria.core.templatetags.partenaria import longdate

from .models import Action, ActionStatus, Axis, Direction, Indicator, IndicatorValue, ProgressNote
from .progress import rollup


def _actions_queryset(notes: QuerySet | None = None) -> QuerySet:
    notes = notes if notes is not None else ProgressNote.objects.all()
    return Action.objects.select_related("owner", "person_in_charge").prefetch_related(
        Prefetch("notes", queryset=notes.select_related("author").order_by("-noted_on", "-pk"))
    )


def plan_axes(convention: Convention, *, today: datetime.date | None = None) -> tuple[list[Axis], int | None]:
    """The axes of the plan in order, each with its actions, their notes and its ``progress``;
    and the progress of the whole plan (4 queries)."""
    today = today or timezone.localdate()
    axes = list(
        convention.axes.select_related("article")
        .prefetch_related(Prefetch("actions", queryset=_actions_queryset().order_by("position", "pk")))
        .order_by("position", "pk")
    )
    everything: list[Action] = []
    for index, axis in enumerate(axes):
        actions = list(axis.actions.all())
        for action in actions:
            action.late = action.is_late(today)
        axis.action_list = actions
        axis.progress = rollup(actions)
        axis.late_count = sum(1 for a in actions if a.late)
        axis.can_move_up = index > 0
        axis.can_move_down = index + 1 < len(axes)
        everything.extend(actions)
    return axes, rollup(everything)


def indicators_with_values(convention: Convention) -> list[Indicator]:
    """The indicators of a convention with their yearly values in order (2 queries)."""
    return list(
        convention.indicators.select_related("axis")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("year")))
        .order_by("position", "pk")
    )


# --- Annual progress report (AP3 builds on this) -----------------------------------------------


@dataclass
class NoteSummary:
    noted_on: datetime.date
    author: str
    text: str
    progress: int | None


@dataclass
class ActionSummary:
    title: str
    description: str
    owner: str
    person_in_charge: str
    status: str
    status_label: str
    start_date: datetime.date | None
    due_date: datetime.date | None
    progress: int
    is_late: bool
    notes: list[NoteSummary] = field(default_factory=list)


@dataclass
class AxisSummary:
    title: str
    description: str
    article: str
    progress: int | None
    actions: list[ActionSummary] = field(default_factory=list)


@dataclass
class ValueSummary:
    year: int
    target: Decimal | None
    measured: Decimal | None
    comment: str
    is_illustrative: bool
    is_met: bool | None


@dataclass
class IndicatorSummary:
    name: str
    unit: str
    direction: str
    axis: str
    description: str
    values: list[ValueSummary] = field(default_factory=list)


@dataclass
class PlanSummary:
    convention: Convention
    year: int
    progress: int | None
    axes: list[AxisSummary]
    indicators: list[IndicatorSummary]


def plan_summary(convention: Convention, year: int, *, today: datetime.date | None = None) -> PlanSummary:
    """What the annual progress report says of a convention's plan for ``year`` (AP1, AP2, AP3).

    The axes in order with their progress, each action with its status, owner, progress, whether it
    is late at ``today`` (default: the day of the call) and the notes dated in ``year``; the
    indicators with their target and measured value of every year. Five queries, whatever the size.
    Progress is the roll-up of ``progress.rollup`` (abandoned actions left out).
    """
    today = today or timezone.localdate()
    notes = ProgressNote.objects.filter(noted_on__year=year)
    axes = convention.axes.select_related("article").prefetch_related(
        Prefetch("actions", queryset=_actions_queryset(notes).order_by("position", "pk"))
    )
    axis_summaries = []
    everything: list[Action] = []
    for axis in axes.order_by("position", "pk"):
        actions = list(axis.actions.all())
        everything.extend(actions)
        axis_summaries.append(
            AxisSummary(
                title=axis.title,
                description=axis.description,
                article=str(axis.article) if axis.article_id else "",
                progress=rollup(actions),
                actions=[
                    ActionSummary(
                        title=a.title,
                        description=a.description,
                        owner=a.owner.display_name,
                        person_in_charge=str(a.person_in_charge) if a.person_in_charge_id else "",
                        status=a.status,
                        status_label=str(a.get_status_display()),
                        start_date=a.start_date,
                        due_date=a.due_date,
                        progress=a.progress,
                        is_late=a.is_late(today),
                        notes=[
                            NoteSummary(n.noted_on, n.author_label, n.text, n.progress) for n in a.notes.all()
                        ],
                    )
                    for a in actions
                ],
            )
        )
    indicator_summaries = [
        IndicatorSummary(
            name=i.name,
            unit=i.unit,
            direction=i.direction,
            axis=i.axis.title if i.axis_id else "",
            description=i.description,
            values=[
                ValueSummary(v.year, v.target, v.measured, v.comment, v.is_illustrative, v.is_met)
                for v in i.values.all()
            ],
        )
        for i in indicators_with_values(convention)
    ]
    return PlanSummary(
        convention=convention,
        year=year,
        progress=rollup(everything),
        axes=axis_summaries,
        indicators=indicator_summaries,
    )


# --- History of the plan, in words ---------------------------------------------------------------

HISTORY_LENGTH = 30


def _history_label(name: str) -> str:
    for model in (Action, ProgressNote, IndicatorValue, Indicator, Axis):
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            continue
    for model in (Action, Axis, ProgressNote, Indicator):
        if name == model._meta.model_name:
            return str(model._meta.verbose_name)
    return name.replace("_", " ")


def _history_value(name: str, value) -> str:
    if value in (None, "", []):
        return "—"
    if name == "status" and value in ActionStatus.values:
        return str(ActionStatus(value).label)
    if name == "direction" and value in Direction.values:
        return str(Direction(value).label)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(_history_value(name, v) for v in value)
    if isinstance(value, str) and len(value) == 10:
        try:
            return longdate(datetime.date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def plan_history(convention: Convention) -> list[dict]:
    """The latest acts on the plan and the indicators of a convention, in words (DP3), one query."""
    events = (
        history_for(convention)
        .filter(action__startswith="actionplan.")
        .order_by("-at", "-pk")[:HISTORY_LENGTH]
    )
    items = []
    for event in events:
        lines = []
        for name, value in (event.changes or {}).items():
            if isinstance(value, list) and len(value) == 2 and name not in ("values",):
                old, new = value
                lines.append(
                    f"{_history_label(name)} : {_history_value(name, old)} → {_history_value(name, new)}"
                )
            else:
                lines.append(f"{_history_label(name)} : {_history_value(name, value)}")
        items.append({"event": event, "verb": describe(event.action), "changes": lines})
    return items
