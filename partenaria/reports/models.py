"""The annual progress report of a convention ("état d'avancement", AP3) and the rule that dates it."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Article, Convention
from partenaria.core.models import TimeStampedModel


class ReportRule(TimeStampedModel):
    """What a convention says of its progress report: how long before the steering committee (AP3)."""

    convention = models.OneToOneField(Convention, on_delete=models.CASCADE, related_name="report_rule")
    lead_months = models.PositiveSmallIntegerField(
        _("months before the steering committee"),
        default=1,
        validators=[MaxValueValidator(12)],
        help_text=_("« Au moins un mois avant la date du comité de pilotage »: 1."),
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter in which it is drawn up"),
        null=True,
        blank=True,
        choices=[(1, _("1st quarter")), (2, _("2nd quarter")), (3, _("3rd quarter")), (4, _("4th quarter"))],
        help_text=_("Empty: any time of the year. The report is due at the latest at the end of it."),
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article that sets the rule"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("progress report rule")
        verbose_name_plural = _("progress report rules")
        constraints = [
            models.CheckConstraint(condition=Q(lead_months__lte=12), name="report_lead_at_most_a_year"),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="report_quarter_1_4",
            ),
        ]

    def __str__(self) -> str:
        return str(self.convention)


class ProgressReport(TimeStampedModel):
    """The report of one year, once someone works on it: its generated versions and when it was sent."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="progress_reports")
    year = models.PositiveSmallIntegerField(_("year"))
    foreword = models.TextField(
        _("foreword"), blank=True, help_text=_("A few words of the partners, at the head of the report.")
    )
    sent_on = models.DateField(_("sent to the partners on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["convention", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "year"], name="one_progress_report_a_year"),
            models.CheckConstraint(condition=Q(year__gte=1900, year__lte=2200), name="report_year_bounds"),
        ]

    def __str__(self) -> str:
        return _("Progress report %(year)s – %(convention)s") % {
            "year": self.year,
            "convention": self.convention,
        }

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.convention_id, self.year])
