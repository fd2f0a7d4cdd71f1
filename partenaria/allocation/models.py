"""What the allocation assistant keeps beside the internship cycle (IN9).

The internship models stay as they are: the assistant adds a student's ranked wishes, where they
live and how they travel, where a host site is, the assignments a person locked, and each run with
its inputs and results. Accepted proposals become ``internships.Application`` rows.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from partenaria.core.models import TimeStampedModel
from partenaria.internships.models import Campaign, HostSite, Offer, Student

LAT = [MinValueValidator(-90), MaxValueValidator(90)]
LON = [MinValueValidator(-180), MaxValueValidator(180)]


class Transport(models.TextChoices):
    PUBLIC = "public_transport", _("Public transport")
    CAR = "car", _("Car")
    BIKE = "bike", _("Bicycle")
    WALK = "walk", _("On foot")


class StudentProfile(TimeStampedModel):
    """Where a student lives, how they travel and when they are free for an internship (IN9)."""

    student = models.OneToOneField(Student, on_delete=models.CASCADE, related_name="allocation_profile")
    home_town = models.CharField(_("home town"), max_length=150, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, validators=LAT)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, validators=LON)
    transport = models.CharField(
        _("means of transport"), max_length=20, choices=Transport.choices, default=Transport.PUBLIC
    )
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)

    class Meta:
        verbose_name = _("allocation profile")
        verbose_name_plural = _("allocation profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(available_until__isnull=True)
                | Q(available_from__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="profile_available_until_after_from",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="profile_lat_lon_together",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.home_town}"

    def clean(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Give both the latitude and the longitude, or neither.")})
        if self.available_from and self.available_until and self.available_until < self.available_from:
            raise ValidationError({"available_until": _("The end must be on or after the start.")})


class SiteLocation(models.Model):
    """Where a host site is, to count each student's travel (IN9)."""

    site = models.OneToOneField(HostSite, on_delete=models.CASCADE, related_name="location")
    town = models.CharField(_("town"), max_length=150)
    latitude = models.FloatField(_("latitude"), validators=LAT)
    longitude = models.FloatField(_("longitude"), validators=LON)

    class Meta:
        verbose_name = _("host site location")
        verbose_name_plural = _("host site locations")

    def __str__(self) -> str:
        return f"{self.site} · {self.town}"


class Wish(models.Model):
    """A student's wish for an offer of a campaign, by rank (1 = first wish) (IN9)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="allocation_wishes")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="allocation_wishes")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="allocation_wishes")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["student_id", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["student", "offer"], name="wish_unique_offer"),
            models.UniqueConstraint(fields=["student", "campaign", "rank"], name="wish_unique_rank"),
            models.CheckConstraint(condition=Q(rank__gte=1), name="wish_rank_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.student} #{self.rank} → {self.offer}"


class Lock(TimeStampedModel):
    """An assignment a person fixed (the proposal kept, or another offer chosen): solved around (IN9)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="allocation_locks")
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="allocation_locks")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="allocation_locks")
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("locked assignment")
        verbose_name_plural = _("locked assignments")
        constraints = [models.UniqueConstraint(fields=["campaign", "student"], name="lock_one_per_student")]

    def __str__(self) -> str:
        return f"{self.student} → {self.offer}"


class RunQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(campaign__in=Campaign.objects.visible_to(user).values("pk"))


class Run(models.Model):
    """One run of the assistant: who, when, what went in (summary), what came out (IN9, DP3)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="allocation_runs")
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField(_("run at"), auto_now_add=True)
    inputs = models.JSONField(_("inputs"), default=dict)
    summary = models.JSONField(_("summary"), default=dict)
    results = models.JSONField(_("results"), default=dict)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-run_at", "-pk"]
        get_latest_by = ["run_at", "pk"]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.run_at:%Y-%m-%d %H:%M}"
