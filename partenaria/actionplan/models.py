"""Action plan of a convention: axes, actions, dated progress notes (AP1) and indicators (AP2).

The action plan is operational follow-up, not contractual content: it stays editable after the
signature (see ``permissions.can_edit_action_plan``).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Article, Convention
from partenaria.core.constraints import FieldCheckConstraint
from partenaria.core.models import TimeStampedModel
from partenaria.organisations.models import Organisation, Person


class Axis(TimeStampedModel):
    """A line of work of the plan: a domain of the convention, a part of an amendment (AP1)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="axes")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article of the convention"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="axes",
        help_text=_("The article this axis comes from, if any."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    ABANDONED = "abandoned", _("Abandoned")


OPEN_STATUSES = [ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(axis__convention__in=Convention.objects.visible_to(user).values("pk"))

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def late(self, today: datetime.date):
        """Open actions whose due date has passed."""
        return self.open().filter(due_date__lt=today)


class Action(TimeStampedModel):
    axis = models.ForeignKey(Axis, verbose_name=_("axis"), on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner party"),
        on_delete=models.PROTECT,
        related_name="owned_actions",
        help_text=_("The party of the convention that carries the action."),
    )
    person_in_charge = models.ForeignKey(
        Person,
        verbose_name=_("person in charge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    position = models.PositiveIntegerField(default=0)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["status", "due_date"], name="action_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100), name="action_progress_percent"
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="action_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actionplan:plan", args=[self.axis.convention_id]) + f"#action-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_late(self, today: datetime.date) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < today


class ProgressNote(models.Model):
    """What was done on an action, by whom and when, with the new percentage (AP1)."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="progress_notes",
    )
    author_label = models.CharField(_("author"), max_length=300, blank=True)
    noted_on = models.DateField(_("date"))
    text = models.TextField(_("note"))
    progress = models.PositiveSmallIntegerField(
        _("new progress (%)"), null=True, blank=True, help_text=_("Leave empty to keep the current progress.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-noted_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | (Q(progress__gte=0) & Q(progress__lte=100)),
                name="note_progress_percent",
            ),
            FieldCheckConstraint(
                field="text",
                condition=~Q(text=""),
                name="note_has_text",
                violation_error_message=_("Write what was done."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.noted_on} – {self.text[:60]}"


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Indicator(TimeStampedModel):
    """A measure followed year by year against a target (AP2)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="indicators")
    axis = models.ForeignKey(
        Axis,
        verbose_name=_("axis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="indicators",
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=60, help_text=_("« stages », « places », « % »..."))
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    description = models.TextField(_("definition"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


def target_met(direction: str, target, measured) -> bool | None:
    """Whether a year's measured value reaches its target, in the indicator's direction (AP2);
    None while either figure is missing."""
    if target is None or measured is None:
        return None
    return measured >= target if direction == Direction.HIGHER else measured <= target


class IndicatorValue(models.Model):
    """The target and the measured value of an indicator for one year (AP2)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2, null=True, blank=True)
    measured = models.DecimalField(
        _("measured value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    comment = models.CharField(
        _("source or comment"), max_length=500, blank=True, help_text=_("Where the value comes from.")
    )
    is_illustrative = models.BooleanField(_("illustrative value"), default=False)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="indicator_value_once_a_year"),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2200), name="indicator_value_year_range"
            ),
            FieldCheckConstraint(
                field="target",
                condition=Q(target__isnull=False) | Q(measured__isnull=False),
                name="indicator_value_has_a_figure",
                violation_error_message=_("Give a target, a measured value, or both."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}"

    @property
    def is_met(self) -> bool | None:
        return target_met(self.indicator.direction, self.target, self.measured)
