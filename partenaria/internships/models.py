"""Diplomas, host sites, campaigns, applications, placements, gratification (IN1-IN8).

Three layers of agreement frame an internship: the framework convention school <-> authority (a
``conventions.Partnership``), the host-site convention (a ``Convention`` of kind host_site linked to
a ``HostSite``) and the tripartite internship agreement (generated from a ``Placement``).
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Convention, Partnership, visible_organisation_ids
from partenaria.core.models import TimeStampedModel
from partenaria.organisations.models import Organisation, Person, Unit

from . import hours

# --- Reference data (IN1) ----------------------------------------------------------------------


class Diploma(TimeStampedModel):
    """A social-work diploma and the rules of its practical training (IN1)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=100, blank=True)
    practical_hours = models.PositiveIntegerField(
        _("practical-training hours"), null=True, blank=True, help_text=_("Empty when the title's rules say.")
    )
    rules = models.TextField(_("practical-training rules"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("diploma")
        verbose_name_plural = _("diplomas")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="diploma_valid_until_after_from",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class CompetenceBlock(models.Model):
    """A block of the diploma's official competence framework ("DC1 ...") (IN4)."""

    diploma = models.ForeignKey(Diploma, on_delete=models.CASCADE, related_name="blocks")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("competence block")
        verbose_name_plural = _("competence blocks")
        ordering = ["diploma__code", "code"]
        constraints = [models.UniqueConstraint(fields=["diploma", "code"], name="block_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class GratificationRate(models.Model):
    """The legal minimum hourly gratification from a date (15 % of the hourly ceiling) (IN8)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    hourly_rate = models.DecimalField(_("hourly rate (EUR)"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("gratification rate")
        verbose_name_plural = _("gratification rates")
        ordering = ["-valid_from"]
        constraints = [models.CheckConstraint(condition=Q(hourly_rate__gt=0), name="rate_positive")]

    def __str__(self) -> str:
        return f"{self.hourly_rate} € / h ({self.valid_from})"

    @classmethod
    def in_force_on(cls, day: datetime.date) -> Decimal | None:
        return hours.rate_on(cls.objects.values_list("valid_from", "hourly_rate"), day)


# --- Host sites (IN2-IN4) ----------------------------------------------------------------------


class HostSiteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sites of the organisations ``user`` may see (their own and their partners') (DP1)."""
        return self.filter(organisation__in=Organisation.objects.visible_to(user).values("pk"))


class HostSite(TimeStampedModel):
    """A unit of an organisation that hosts interns, a « site qualifiant » (IN2)."""

    unit = models.OneToOneField(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="host_site"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="host_sites")
    manager = models.ForeignKey(
        Person,
        verbose_name=_("site manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_host_sites",
    )
    headcount = models.PositiveIntegerField(
        _("staff headcount"), default=0, help_text=_("Sets how many interns the site may host at once.")
    )
    recruitment_url = models.URLField(
        _("recruitment page"),
        blank=True,
        help_text=_("Where spontaneous applications go; the organisation's page when empty."),
    )
    convention = models.ForeignKey(
        Convention,
        verbose_name=_("host-site convention"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="host_sites",
    )
    evaluation_held_on = models.DateField(
        _("evaluation meeting held on"),
        null=True,
        blank=True,
        help_text=_("At least one evaluation meeting before the convention is renewed."),
    )

    objects = HostSiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("host site")
        verbose_name_plural = _("host sites")
        ordering = ["unit__name"]

    def __str__(self) -> str:
        return self.unit.name

    def get_absolute_url(self) -> str:
        return reverse("internships:site_detail", args=[self.pk])

    @property
    def intern_cap(self) -> int:
        return hours.host_intern_cap(self.headcount)

    @property
    def spontaneous_url(self) -> str:
        return self.recruitment_url or self.organisation.recruitment_url

    def clean(self):
        if self.unit_id and self.organisation_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("Choose a unit of this organisation.")})
        if self.manager_id and self.manager.organisation_id != self.organisation_id:
            raise ValidationError({"manager": _("The site manager must be a person of this organisation.")})
        if self.convention_id and self.convention.kind != "host_site":
            raise ValidationError({"convention": _("Choose a host-site framework convention.")})


class HostSiteDiploma(models.Model):
    """A diploma the site accepts, covered by its convention, with the blocks workable on site (IN3, IN4)."""

    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="diplomas")
    diploma = models.ForeignKey(Diploma, on_delete=models.PROTECT, related_name="host_sites")
    covered_blocks = models.ManyToManyField(
        CompetenceBlock, verbose_name=_("blocks that can be worked on site"), blank=True
    )

    class Meta:
        verbose_name = _("accepted diploma")
        verbose_name_plural = _("accepted diplomas")
        ordering = ["diploma__code"]
        constraints = [models.UniqueConstraint(fields=["site", "diploma"], name="site_diploma_unique")]

    def __str__(self) -> str:
        return f"{self.site} · {self.diploma.code}"

    def uncovered_blocks(self) -> list[CompetenceBlock]:
        """Blocks that cannot be worked on site: sent to the school before the internship (IN4)."""
        covered = {b.pk for b in self.covered_blocks.all()}
        return [b for b in self.diploma.blocks.all() if b.pk not in covered]


class TutorQuerySet(models.QuerySet):
    def with_training(self):
        """Each tutor with ``trained_on``: the last tutor-training session they attended (IN10), or None.

        Derived from the attendance sheets, never typed on the tutor."""
        return self.annotate(trained_on=models.Max("trainings__session__held_on"))


class Tutor(models.Model):
    """A referent of a site who supervises interns, with the diploma that qualifies them (IN2)."""

    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="tutors")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="tutorships"
    )
    qualification = models.ForeignKey(
        Diploma, verbose_name=_("qualification"), on_delete=models.PROTECT, related_name="tutors"
    )

    objects = TutorQuerySet.as_manager()

    class Meta:
        verbose_name = _("tutor")
        verbose_name_plural = _("tutors")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["site", "person"], name="tutor_unique_per_site")]

    def __str__(self) -> str:
        return f"{self.person} ({self.qualification.code})"

    def clean(self):
        if self.person_id and self.site_id and self.person.organisation_id != self.site.organisation_id:
            raise ValidationError({"person": _("The tutor must be a person of the site's organisation.")})


class SectorContact(models.Model):
    """Who to call for a sector of the site (Dijon annex 2: « Coordinatrice secteur Nord »)."""

    site = models.ForeignKey(HostSite, on_delete=models.CASCADE, related_name="contacts")
    sector = models.CharField(_("sector"), max_length=100)
    role = models.CharField(_("role"), max_length=200)
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("sector contact")
        verbose_name_plural = _("sector contacts")
        ordering = ["sector", "role"]

    def __str__(self) -> str:
        return f"{self.role} – {self.person}"


# --- Campaigns and offers (IN5) ----------------------------------------------------------------


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership__in=Partnership.objects.visible_to(user).values("pk"))


class Campaign(TimeStampedModel):
    """The school's yearly request for internship places to an authority (IN5)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="internship_campaigns"
    )
    school = models.ForeignKey(
        Organisation, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    host = models.ForeignKey(
        Organisation, verbose_name=_("host organisation"), on_delete=models.PROTECT, related_name="+"
    )
    school_year = models.PositiveIntegerField(
        _("school year"), help_text=_("Its first calendar year: 2026 for 2026-2027.")
    )
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    hr_contact = models.ForeignKey(
        Person,
        verbose_name=_("HR contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("internship campaign")
        verbose_name_plural = _("internship campaigns")
        ordering = ["-school_year", "host__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "school", "host", "school_year"], name="campaign_unique"
            )
        ]

    def __str__(self) -> str:
        return _("Internships %(year)s · %(school)s → %(host)s") % {
            "year": self.school_year_label,
            "school": self.school.display_name,
            "host": self.host.display_name,
        }

    @property
    def school_year_label(self) -> str:
        return f"{self.school_year}-{self.school_year + 1}"

    def get_absolute_url(self) -> str:
        return reverse("internships:campaign_detail", args=[self.pk])

    def clean(self):
        if self.school_id and self.host_id and self.school_id == self.host_id:
            raise ValidationError({"host": _("The host must be another organisation than the school.")})


class CampaignRequest(models.Model):
    """Places the school asks for one diploma and period (IN5)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="requests")
    diploma = models.ForeignKey(
        Diploma, verbose_name=_("diploma"), on_delete=models.PROTECT, related_name="+"
    )
    students = models.PositiveIntegerField(_("number of students"), validators=[MinValueValidator(1)])
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["diploma__code", "period_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="request_end_after_start"
            ),
            models.CheckConstraint(condition=Q(students__gte=1), name="request_students_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.diploma.code} × {self.students}"


class Offer(TimeStampedModel):
    """A site's answer to the campaign: places for a diploma and a period (IN5)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="offers")
    site = models.ForeignKey(
        HostSite, verbose_name=_("host site"), on_delete=models.PROTECT, related_name="offers"
    )
    diploma = models.ForeignKey(
        Diploma, verbose_name=_("diploma"), on_delete=models.PROTECT, related_name="+"
    )
    post = models.CharField(
        _("post"), max_length=200, help_text=_("The post the intern holds; the waiting period applies to it.")
    )
    places = models.PositiveIntegerField(_("places"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    collective = models.BooleanField(_("collective internship"), default=False)
    tutor = models.ForeignKey(
        Tutor,
        verbose_name=_("tutor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["diploma__code", "period_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="offer_end_after_start"
            ),
            models.CheckConstraint(condition=Q(places__gte=1), name="offer_places_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.site} · {self.diploma.code} · {self.post}"


# --- Students and applications (IN6) -----------------------------------------------------------


class StudentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The school's readers see its students; a student sees only their own record (DP1)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(Q(school__in=visible_organisation_ids(user)) | Q(user=user))


class Student(TimeStampedModel):
    """A student recorded by their school: minimal data only (DP2)."""

    school = models.ForeignKey(
        Organisation, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="student_records",
    )
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    diploma = models.ForeignKey(
        Diploma, verbose_name=_("diploma"), on_delete=models.PROTECT, related_name="+"
    )
    training_year = models.PositiveSmallIntegerField(
        _("year of training"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )

    objects = StudentQuerySet.as_manager()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name"]
        constraints = [models.UniqueConstraint(fields=["school", "email"], name="student_unique_email")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ApplicationStatus(models.TextChoices):
    TRANSMITTED = "transmitted", _("Transmitted to the site")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    PLACED = "placed", _("Placed")


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(offer__campaign__in=Campaign.objects.visible_to(user).values("pk")) | Q(student__user=user)
        )


class Application(TimeStampedModel):
    """A student's application for an offer, centralised by the school (IN6)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="applications")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="applications")
    preference = models.PositiveSmallIntegerField(_("rank of preference"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.TRANSMITTED
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["student__last_name", "preference"]
        constraints = [models.UniqueConstraint(fields=["student", "offer"], name="application_unique")]

    def __str__(self) -> str:
        return f"{self.student} → {self.offer}"


# --- Placements (IN7, IN8) ---------------------------------------------------------------------


class PlacementStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INTERRUPTED = "interrupted", _("Interrupted")
    ENDED_EARLY = "ended_early", _("Ended early")


class PlacementQuerySet(models.QuerySet):
    """Placements; ``with_student_host_hours()`` adds, once the rows are read, each student's hours in
    the same host legal entity and school year (what gratification depends on, L124-6): one grouped
    query for the rows read, whatever their number, also on a sliced page."""

    _student_host_hours = False

    def with_student_host_hours(self):
        clone = self._chain()
        clone._student_host_hours = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._student_host_hours = self._student_host_hours
        return clone

    def _fetch_all(self):
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._student_host_hours and self._result_cache:
            attach_student_host_hours(self._result_cache)

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(campaign__in=Campaign.objects.visible_to(user).values("pk")) | Q(student__user=user)
        )


class Placement(TimeStampedModel):
    """A student placed on a site: the schedule, the tutor, the totals the caps read (IN7).

    ``start_date``, ``end_date`` and ``total_hours`` are derived from the periods and changes by
    ``hours.py`` and stored by the services only, so that caps and counts are one query.
    """

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="placement")
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="placements")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="placements")
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="placements")
    site = models.ForeignKey(HostSite, on_delete=models.PROTECT, related_name="placements")
    host = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    tutor = models.ForeignKey(
        Tutor, verbose_name=_("tutor"), on_delete=models.PROTECT, related_name="placements"
    )
    school_referent = models.ForeignKey(
        Person,
        verbose_name=_("school referent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    school_year = models.PositiveIntegerField(_("school year"))
    activities = models.TextField(_("activities"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.PLANNED
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    total_hours = models.DecimalField(_("hours of presence"), max_digits=7, decimal_places=2, default=0)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["start_date", "pk"]
        indexes = [models.Index(fields=["host", "school_year"], name="placement_host_year")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="placement_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return _("Internship of %(student)s at %(site)s") % {"student": self.student, "site": self.site}

    def get_absolute_url(self) -> str:
        return reverse("internships:placement_detail", args=[self.pk])

    def schedule(self) -> hours.Schedule:
        """The schedule as ``hours.py`` reads it (periods, interruptions, early end)."""
        changes = list(self.changes.all())
        ended = [c.on for c in changes if c.kind == ChangeKind.EARLY_END]
        return hours.Schedule(
            periods=tuple(hours.Period(p.start, p.end, p.weekly_hours) for p in self.periods.all()),
            interruptions=tuple((c.on, c.until) for c in changes if c.kind == ChangeKind.INTERRUPTION),
            ended_on=min(ended) if ended else None,
        )


def attach_student_host_hours(placements) -> None:
    """Set ``student_host_hours`` on each placement: the hours of every placement of the same student
    (by e-mail, across schools), host and school year, this one included. One query."""
    placements = [p for p in placements if isinstance(p, Placement)]
    if not placements:
        return
    emails = {p.student.email.lower() for p in placements}
    totals = {
        (email, host_id, year): total
        for email, host_id, year, total in Placement.objects.filter(
            host_id__in={p.host_id for p in placements}, school_year__in={p.school_year for p in placements}
        )
        .annotate(email_key=Lower("student__email"))
        .filter(email_key__in=emails)
        .order_by()
        .values_list("email_key", "host_id", "school_year")
        .annotate(total=Sum("total_hours"))
    }
    for p in placements:
        p.student_host_hours = totals.get((p.student.email.lower(), p.host_id, p.school_year), Decimal(0))


class PlacementPeriod(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    weekly_hours = models.DecimalField(
        _("weekly hours"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(hours.MAX_WEEKLY_HOURS)],
    )

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="period_end_after_start"),
            models.CheckConstraint(
                condition=Q(weekly_hours__gt=0) & Q(weekly_hours__lte=hours.MAX_WEEKLY_HOURS),
                name="period_weekly_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start} – {self.end} ({self.weekly_hours} h)"


class ChangeKind(models.TextChoices):
    EXTENSION = "extension", _("Extension")
    INTERRUPTION = "interruption", _("Interruption")
    EARLY_END = "early_end", _("Early end")


class PlacementChange(TimeStampedModel):
    """An amendment to the internship agreement: extension, interruption or early end (IN7)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("kind"), max_length=20, choices=ChangeKind.choices)
    on = models.DateField(_("from"), help_text=_("Early end: the last day of presence."))
    until = models.DateField(_("until"), null=True, blank=True, help_text=_("Extension: the new last day."))
    reason = models.TextField(_("reason"), blank=True)
    hours_before = models.DecimalField(max_digits=7, decimal_places=2)
    hours_after = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("amendment to the placement")
        verbose_name_plural = _("amendments to the placement")
        ordering = ["on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("on")), name="change_until_after_on"
            )
        ]


# --- Follow-up: trainer visits and the tutor's evaluation (IN7) --------------------------------


class VisitKind(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")


class TrainerVisitQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(held_on__isnull=True)


class TrainerVisit(TimeStampedModel):
    """A follow-up visit of the school's trainer to the intern and the tutor, planned then held (IN7)."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices, default=VisitKind.ON_SITE)
    trainer = models.ForeignKey(
        Person, verbose_name=_("trainer"), on_delete=models.PROTECT, related_name="internship_visits"
    )
    planned_on = models.DateField(_("planned on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = TrainerVisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("trainer visit")
        verbose_name_plural = _("trainer visits")
        ordering = ["planned_on", "pk"]
        indexes = [models.Index(fields=["held_on", "planned_on"], name="visit_pending_date")]

    def __str__(self) -> str:
        return _("%(kind)s visit of %(date)s") % {"kind": self.get_kind_display(), "date": self.planned_on}

    @property
    def is_done(self) -> bool:
        return self.held_on is not None


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(placement__in=Placement.objects.visible_to(user).values("pk"))


class TutorEvaluation(TimeStampedModel):
    """The on-site evaluation the tutor fills through a link that needs no account (IN7).

    Only the SHA-256 of the link's random secret is stored; the link expires at ``expires_at`` and
    serves once: ``submitted_at`` closes it.
    """

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    tutor = models.ForeignKey(Tutor, verbose_name=_("tutor"), on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("link valid until"))
    sent_to = models.EmailField(_("sent to"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    appreciation = models.TextField(_("global appreciation"), blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tutor's evaluation")
        verbose_name_plural = _("tutor's evaluations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | ~Q(appreciation=""),
                name="evaluation_submitted_has_appreciation",
            )
        ]

    def __str__(self) -> str:
        return _("Evaluation of %(student)s by %(tutor)s") % {
            "student": self.placement.student,
            "tutor": self.tutor.person,
        }

    def get_absolute_url(self) -> str:
        return reverse("internships:evaluation_detail", args=[self.pk])


class Level(models.TextChoices):
    NOT_OBSERVED = "not_observed", _("Not observed")
    BEGINNING = "beginning", _("Beginning")
    IN_PROGRESS = "in_progress", _("In progress")
    ACQUIRED = "acquired", _("Acquired")


class EvaluationLine(models.Model):
    """The tutor's level and comment on one competence block worked on site (IN4, IN7)."""

    evaluation = models.ForeignKey(TutorEvaluation, on_delete=models.CASCADE, related_name="lines")
    block = models.ForeignKey(CompetenceBlock, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("evaluated block")
        verbose_name_plural = _("evaluated blocks")
        ordering = ["block__code"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "block"], name="evaluation_block_unique")
        ]

    def __str__(self) -> str:
        return f"{self.block.code}: {self.get_level_display()}"


# --- Tutor training (IN10) ---------------------------------------------------------------------


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sessions organised by the organisations whose partnerships ``user`` reads, or by their
        partners (DP1); a student's account sees none."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        readers = visible_organisation_ids(user)
        organisers = Organisation.objects.filter(
            Q(pk__in=readers) | Q(partnership_members__partnership__members__organisation_id__in=readers)
        )
        return self.filter(organiser__in=organisers.values("pk"))

    def annotate_attendees(self):
        return self.annotate(attendees=models.Count("attendances"))


class TrainingSession(TimeStampedModel):
    """A training session of internship tutors and site referents (IN10, Haut-Rhin art. 4)."""

    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organised by"), on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    topic = models.CharField(_("topic"), max_length=300)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("tutor training session")
        verbose_name_plural = _("tutor training sessions")
        ordering = ["-held_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_capacity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.held_on})"

    def get_absolute_url(self) -> str:
        return reverse("internships:training_detail", args=[self.pk])


class TrainingAttendance(models.Model):
    """A tutor or site referent who attended a training session (IN10)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendances")
    tutor = models.ForeignKey(
        Tutor, verbose_name=_("tutor"), on_delete=models.CASCADE, related_name="trainings"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["tutor__person__last_name", "tutor__person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "tutor"], name="training_attendance_unique")
        ]

    def __str__(self) -> str:
        return f"{self.tutor.person} – {self.session}"
