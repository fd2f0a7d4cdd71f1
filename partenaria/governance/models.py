"""Bodies, seats, meetings, minutes, decisions and representation (GV1-GV5).

A partnership's *bodies* (comité de pilotage, comité de suivi...) have a composition rule by role and
party, seats held by people, a meeting rhythm, and meetings with their agenda, attendance, minutes,
decisions and follow-up actions. A *representation* records a partner's seat in the other partner's
own bodies (the Département at the school's general assembly). The checks themselves (is the body
complete? is it behind its rhythm?) are pure functions in ``rules.py``.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Convention, Partnership
from partenaria.core.constraints import FieldCheckConstraint
from partenaria.core.models import TimeStampedModel
from partenaria.core.templatetags.partenaria import longdate
from partenaria.organisations.models import Organisation, Person


def member_ids(partnership) -> set[int]:
    """Organisations that are members (parties) of ``partnership``."""
    cached = getattr(partnership, "_member_ids", None)
    if cached is None:
        cached = set(partnership.members.values_list("organisation_id", flat=True))
        partnership._member_ids = cached
    return cached


def _raise(errors: dict[str, list]) -> None:
    if errors:
        raise ValidationError(errors)


# --- Bodies --------------------------------------------------------------------------------------


class BodyKind(models.TextChoices):
    # The codes are stable: other domains find the steering committee by "steering_committee".
    STEERING_COMMITTEE = "steering_committee", _("Steering committee")
    FOLLOW_UP_COMMITTEE = "follow_up_committee", _("Follow-up committee")
    INTERNSHIP_WATCH_COMMITTEE = "internship_watch_committee", _("Internship-watch committee")
    WORKING_GROUP = "working_group", _("Working group")
    RESEARCH_TEAM = "research_team", _("Mixed research team")
    OTHER = "other", _("Other body")


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership__in=Partnership.objects.visible_to(user).values("pk"))

    def of_partnerships(self, partnerships):
        return self.filter(partnership__in=partnerships.values("pk"))

    def active(self):
        return self.filter(is_active=True)

    def in_kind_order(self, *first: str):
        """The steering committee first, then the other kinds in the order of ``BodyKind``."""
        order = models.Case(
            *[models.When(kind=kind, then=position) for position, kind in enumerate(BodyKind.values)],
            default=len(BodyKind.values),
        )
        return self.alias(kind_order=order).order_by(*first, "kind_order", "name", "pk")


class Body(TimeStampedModel):
    """A committee or group of a partnership, possibly instituted by one of its conventions (GV1)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("kind"), max_length=40, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=200)
    mission = models.TextField(_("mission"), blank=True)
    convention = models.ForeignKey(
        Convention,
        verbose_name=_("instituted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bodies",
        help_text=_("The convention whose article creates the body, if any."),
    )
    established_on = models.DateField(
        _("established on"),
        null=True,
        blank=True,
        help_text=_("Without a meeting held yet, the rhythm counts from this date."),
    )
    # The rhythm (GV3): a number of meetings per year; the words of the convention are kept as well.
    meetings_per_year = models.PositiveSmallIntegerField(
        _("meetings per year"),
        null=True,
        blank=True,
        help_text=_("At least this many meetings a year. Empty: no rhythm set."),
    )
    rhythm_text = models.CharField(
        _("rhythm as written"),
        max_length=300,
        blank=True,
        help_text=_("« au moins deux fois par an, à l'initiative de l'une ou l'autre partie »"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("governance body")
        verbose_name_plural = _("bodies")
        ordering = ["partnership", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(meetings_per_year__isnull=True)
                | Q(meetings_per_year__gte=1, meetings_per_year__lte=12),
                name="body_meetings_per_year_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("governance:body_detail", args=[self.pk])

    def clean(self):
        errors: dict[str, list] = {}
        if (
            self.convention_id
            and self.partnership_id
            and self.convention.partnership_id != self.partnership_id
        ):
            errors["convention"] = [_("This convention belongs to another partnership.")]
        if self.meetings_per_year is not None and not 1 <= self.meetings_per_year <= 12:
            errors["meetings_per_year"] = [_("Give a number of meetings between 1 and 12 a year.")]
        if self.pk and self.established_on:
            # The same rule as Meeting.clean, seen from the body: its past meetings stay possible.
            first = self.meetings.order_by("starts_at").values_list("starts_at", flat=True).first()
            if first and timezone.localtime(first).date() < self.established_on:
                errors["established_on"] = [
                    _("This body already met on %(day)s: it was established on that day or before.")
                    % {"day": longdate(timezone.localtime(first).date())}
                ]
        _raise(errors)


class CompositionRule(models.Model):
    """« Un conseiller départemental », « 1 à 4 personnes qualifiées de l'ISSM » (GV2)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="rules")
    role = models.CharField(_("role"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    min_count = models.PositiveSmallIntegerField(_("minimum"), default=1)
    max_count = models.PositiveSmallIntegerField(
        _("maximum"), null=True, blank=True, help_text=_("Empty: no maximum.")
    )
    may_be_represented = models.BooleanField(
        _("or a representative"), default=False, help_text=_("The holder may send a representative.")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("composition rule")
        verbose_name_plural = _("composition rules")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_count__isnull=True) | Q(max_count__gte=models.F("min_count")),
                name="composition_rule_max_not_below_min",
            ),
            FieldCheckConstraint(
                field="max_count",
                condition=Q(max_count__isnull=True) | Q(max_count__gte=1),
                name="composition_rule_max_positive",
                violation_error_message=_(
                    "A maximum of zero seats makes no rule: leave it empty or give 1 or more."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.role} ({self.organisation.display_name})"

    def clean(self):
        errors: dict[str, list] = {}
        if self.organisation_id and self.organisation_id not in member_ids(self.body.partnership):
            errors["organisation"] = [_("Choose a party of the partnership.")]
        if self.max_count is not None and self.min_count is not None and self.max_count < self.min_count:
            errors["max_count"] = [_("The maximum cannot be below the minimum.")]
        if self.max_count == 0:
            errors["max_count"] = [
                _("A maximum of zero seats makes no rule: leave it empty or give 1 or more.")
            ]
        _raise(errors)


class SeatKind(models.TextChoices):
    TITULAR = "titular", _("Titular")
    SUBSTITUTE = "substitute", _("Substitute")


class SeatQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=on)).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=on)
        )


class Seat(models.Model):
    """A person holding a place in a body, titular or substitute, for a term (GV2)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="seats"
    )
    rule = models.ForeignKey(
        CompositionRule,
        verbose_name=_("role in the rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seats",
    )
    kind = models.CharField(_("seat"), max_length=20, choices=SeatKind.choices, default=SeatKind.TITULAR)
    substitute_for = models.ForeignKey(
        "self",
        verbose_name=_("substitute of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitutes",
        help_text=_("The titular whom this substitute replaces when absent."),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    designated_by = models.CharField(
        _("designation act"),
        max_length=300,
        blank=True,
        help_text=_("« Délibération de l'assemblée départementale »"),
    )
    designated_on = models.DateField(_("designated on"), null=True, blank=True)

    objects = SeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["kind", "person__last_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="seat_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(kind="substitute") | Q(substitute_for__isnull=True),
                name="seat_only_substitutes_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"

    @property
    def role_label(self) -> str:
        return self.rule.role if self.rule_id else ""

    def clean(self):
        from .rules import periods_overlap

        errors: dict[str, list] = {}
        body = self.body
        if self.person_id and self.person.organisation_id not in member_ids(body.partnership):
            errors["person"] = [
                _("This person belongs to an organisation that is not a party of the partnership.")
            ]
        if self.rule_id and (self.rule.body_id != body.pk):
            errors["rule"] = [_("This role belongs to another body.")]
        elif self.rule_id and self.person_id and self.rule.organisation_id != self.person.organisation_id:
            errors["rule"] = [
                _("This role is held by a person of %(party)s.")
                % {"party": self.rule.organisation.display_name}
            ]
        if self.kind == SeatKind.SUBSTITUTE:
            if self.substitute_for_id is None:
                errors["substitute_for"] = [_("Name the titular whom this substitute replaces.")]
            elif self.substitute_for.body_id != body.pk or self.substitute_for.kind != SeatKind.TITULAR:
                errors["substitute_for"] = [_("Choose a titular seat of the same body.")]
        elif self.substitute_for_id is not None:
            errors["substitute_for"] = [_("Only a substitute replaces a titular.")]
        if self.kind == SeatKind.SUBSTITUTE and self.pk and self.substitutes.exists():
            errors["kind"] = [
                _("Substitutes are paired with this titular: pair them with another titular first.")
            ]
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = [_("The term cannot end before it starts.")]
        if self.person_id and "person" not in errors:
            others = Seat.objects.filter(body=body, person_id=self.person_id).exclude(pk=self.pk)
            if any(periods_overlap(self.starts_on, self.ends_on, o.starts_on, o.ends_on) for o in others):
                errors["person"] = [_("This person already holds a seat in this body over the same period.")]
        _raise(errors)

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.starts_on is None or self.starts_on <= on) and (
            self.ends_on is None or self.ends_on >= on
        )


# --- Meetings ------------------------------------------------------------------------------------


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(body__in=Body.objects.visible_to(user).values("pk"))

    def of_partnership(self, partnership):
        return self.filter(body__partnership=partnership)

    def steering_committee(self):
        return self.filter(body__kind=BodyKind.STEERING_COMMITTEE)

    def planned(self):
        return self.filter(status=MeetingStatus.PLANNED)

    def held(self):
        return self.filter(status=MeetingStatus.HELD)

    def upcoming(self, now: datetime.datetime | None = None):
        return self.planned().filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def next_steering_committee(self, partnership, now: datetime.datetime | None = None):
        """The next planned meeting of ``partnership``'s steering committee, or None.

        The progress report is due at least one month before it (seed 001): its domain asks here.
        """
        return (
            self.of_partnership(partnership).steering_committee().upcoming(now).select_related("body").first()
        )


class Meeting(TimeStampedModel):
    """One meeting of a body: when, where, who convenes, the agenda, then what happened (GV4)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    convened_by = models.ForeignKey(
        Organisation,
        verbose_name=_("convened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    # Sanitised with nh3 by the service before it is stored (trust: no script from a user's text).
    minutes = models.TextField(_("minutes"), blank=True)
    invitations_sent_at = models.DateTimeField(_("invitations sent at"), null=True, blank=True)
    # Dates the source documents do not give are chosen for the demo and flagged as such.
    date_is_illustrative = models.BooleanField(_("illustrative date"), default=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "pk"]
        indexes = [models.Index(fields=["body", "status", "starts_at"], name="meeting_body_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.body} – {local:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", args=[self.pk])

    def clean(self):
        errors: dict[str, list] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = [_("The meeting cannot end before it starts.")]
        established = self.body.established_on if self.body_id else None
        if self.starts_at and established and timezone.localtime(self.starts_at).date() < established:
            errors["starts_at"] = [
                _("The body was established on %(day)s: a meeting cannot take place before that day.")
                % {"day": longdate(established)}
            ]
        if self.convened_by_id and self.convened_by_id not in member_ids(self.body.partnership):
            errors["convened_by"] = [_("Choose a party of the partnership.")]
        if self.status == MeetingStatus.HELD and self.starts_at and self.starts_at > timezone.now():
            errors["status"] = [_("A meeting that has not started yet cannot be recorded as held.")]
        _raise(errors)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("item"), max_length=500)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent")
    REPLACED = "replaced", _("Replaced by the substitute")


class Attendance(models.Model):
    """Who sat at a meeting, seat by seat; a substitute stands in for an absent titular (GV4)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    replaced_by = models.ForeignKey(
        Seat,
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stood_in",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="attendance_once_per_seat"),
            models.CheckConstraint(
                condition=Q(status="replaced", replaced_by__isnull=False)
                | (~Q(status="replaced") & Q(replaced_by__isnull=True)),
                name="attendance_replacement_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat.person} – {self.get_status_display()}"


class Decision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="decision_number_once")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class ActionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)


class Action(models.Model):
    """A follow-up action decided at a meeting: who does what by when (GV4). Open ones are deadlines."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action"), max_length=500)
    owner_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner (party)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_person = models.ForeignKey(
        Person,
        verbose_name=_("owner (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_organisation__isnull=False) | Q(owner_person__isnull=False),
                name="action_has_an_owner",
            )
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        errors: dict[str, list] = {}
        members = member_ids(self.meeting.body.partnership)
        if not self.owner_organisation_id and not self.owner_person_id:
            errors["owner_organisation"] = [_("Say who carries the action: a party or a person.")]
        if self.owner_organisation_id and self.owner_organisation_id not in members:
            errors["owner_organisation"] = [_("Choose a party of the partnership.")]
        if self.owner_person_id and self.owner_person.organisation_id not in members:
            errors["owner_person"] = [_("Choose a person of one of the parties.")]
        if self.done_on and self.done_on > timezone.localdate():
            errors["done_on"] = [_("An action cannot be done in the future.")]
        _raise(errors)

    @property
    def owner(self) -> str:
        if self.owner_person_id:
            return str(self.owner_person)
        return self.owner_organisation.display_name if self.owner_organisation_id else ""


# --- Representation in the partner's own bodies -------------------------------------------------


class RepresentationMode(models.TextChoices):
    MEMBER = "member", _("Member")
    INVITED = "invited", _("Invited")


class Representation(models.Model):
    """A partner's place in the other partner's own bodies (GV5)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="representations")
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("body of"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The organisation whose body it is."),
    )
    body_name = models.CharField(
        _("body of the partner"), max_length=300, help_text=_("« Assemblée générale de l'ISSM »")
    )
    represented = models.ForeignKey(
        Organisation, verbose_name=_("represented organisation"), on_delete=models.PROTECT, related_name="+"
    )
    mode = models.CharField(
        _("as"), max_length=20, choices=RepresentationMode.choices, default=RepresentationMode.MEMBER
    )
    seats_count = models.PositiveSmallIntegerField(
        _("number of representatives"), null=True, blank=True, help_text=_("As the convention says.")
    )
    people = models.ManyToManyField(Person, verbose_name=_("representatives"), blank=True, related_name="+")
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("« Convention, article 2 »")
    )

    class Meta:
        verbose_name = _("representation")
        verbose_name_plural = _("representations")
        ordering = ["host__name", "body_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(since__isnull=True) | Q(until__gte=models.F("since")),
                name="representation_ends_after_it_starts",
            ),
            FieldCheckConstraint(
                field="represented",
                condition=~Q(host=models.F("represented")),
                name="representation_between_two_partners",
                violation_error_message=_("A partner is represented in the other partner's bodies."),
            ),
        ]

    def __str__(self) -> str:
        return self.body_name

    def clean(self):
        errors: dict[str, list] = {}
        members = member_ids(self.partnership)
        if self.host_id and self.host_id not in members:
            errors["host"] = [_("Choose a party of the partnership.")]
        if self.represented_id and self.represented_id not in members:
            errors["represented"] = [_("Choose a party of the partnership.")]
        if self.host_id and self.host_id == self.represented_id:
            errors["represented"] = [_("A partner is represented in the other partner's bodies.")]
        if self.since and self.until and self.until < self.since:
            errors["until"] = [_("The representation cannot end before it starts.")]
        _raise(errors)
