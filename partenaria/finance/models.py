"""Money of a convention: the yearly forecast subsidy, its commitments by decision and its payments
(FN1), contributions paid once on a condition (FN2), and contributions in kind (FN4). Euros are
``Decimal`` with two places, never floats."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Convention
from partenaria.core.constraints import FieldCheckConstraint
from partenaria.core.models import TimeStampedModel
from partenaria.organisations.models import Organisation

CENT = Decimal("0.01")
YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2200)]


def money_field(verbose_name, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(CENT, message=_("Give an amount greater than zero."))],
        **kwargs,
    )


class ConventionChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(convention__in=Convention.objects.visible_to(user).values("pk"))


class Subsidy(TimeStampedModel):
    """What a party plans to pay another for one year of a convention (FN1: 55 000 € a year [001])."""

    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="subsidies")
    payer = models.ForeignKey(
        Organisation, verbose_name=_("paying party"), on_delete=models.PROTECT, related_name="+"
    )
    beneficiary = models.ForeignKey(
        Organisation, verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    forecast = money_field(_("forecast amount (€)"))
    purpose = models.CharField(
        _("purpose"), max_length=500, help_text=_("What the subsidy funds, as published in the open data.")
    )
    is_illustrative = models.BooleanField(_("illustrative figures"), default=False)

    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("subsidy")
        verbose_name_plural = _("subsidies")
        ordering = ["year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "payer", "beneficiary", "year"], name="subsidy_once_a_year"
            ),
            models.CheckConstraint(condition=Q(forecast__gt=0), name="subsidy_forecast_positive"),
            models.CheckConstraint(
                condition=Q(year__gte=1900) & Q(year__lte=2200), name="subsidy_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} – {self.payer} → {self.beneficiary}"


class FundingCommitment(TimeStampedModel):
    """A vote of the paying party that commits an amount of a year's subsidy (FN1)."""

    subsidy = models.ForeignKey(Subsidy, on_delete=models.PROTECT, related_name="commitments")
    reference = models.CharField(
        _("decision reference"), max_length=100, help_text=_("« CP-2022-04-12 », « délibération n° ... »")
    )
    voted_on = models.DateField(_("date of the vote"))
    amount = money_field(_("amount committed (€)"))

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["voted_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_commitment_positive"),
        ]

    def __str__(self) -> str:
        return self.reference


class Payment(TimeStampedModel):
    """Money paid against a commitment (FN1); an excess over it is confirmed by a manager of the payer."""

    commitment = models.ForeignKey(FundingCommitment, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("date of payment"))
    reference = models.CharField(
        _("payment reference"), max_length=100, help_text=_("Mandate or order number.")
    )
    amount = money_field(_("amount paid (€)"))
    excess_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("excess confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return self.reference


class ConditionalContribution(TimeStampedModel):
    """An amount paid once when a deliverable is accepted, no later than a date (FN2 [000])."""

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="conditional_contributions"
    )
    payer = models.ForeignKey(
        Organisation, verbose_name=_("paying party"), on_delete=models.PROTECT, related_name="+"
    )
    beneficiary = models.ForeignKey(
        Organisation, verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=500)
    amount = money_field(_("amount (€)"))
    deliverable = models.ForeignKey(
        "research.Deliverable",
        verbose_name=_("condition: deliverable accepted"),
        on_delete=models.PROTECT,
        related_name="conditional_contributions",
    )
    due_by = models.DateField(_("condition met no later than"))
    cost_share = models.DecimalField(
        _("share of the beneficiary's costs (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("« about 50 % of the costs » [000]"),
    )
    decision_reference = models.CharField(_("decision reference"), max_length=100, blank=True)
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    paid_on = models.DateField(_("date of payment"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=100, blank=True)

    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("conditional contribution")
        verbose_name_plural = _("conditional contributions")
        ordering = ["due_by", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="conditional_amount_positive"),
            models.CheckConstraint(
                condition=Q(cost_share__isnull=True) | (Q(cost_share__gt=0) & Q(cost_share__lte=100)),
                name="conditional_cost_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.purpose

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None


class InKindKind(models.TextChoices):
    PREMISES = "premises", _("Premises made available")
    AGENT_TIME = "agent_time", _("Agents' time")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other")


class InKindContribution(TimeStampedModel):
    """Something given without money, valued in euros for a year (FN4: premises since 1993 [004])."""

    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="in_kind_contributions")
    provider = models.ForeignKey(
        Organisation, verbose_name=_("provided by"), on_delete=models.PROTECT, related_name="+"
    )
    beneficiary = models.ForeignKey(
        Organisation, verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InKindKind.choices)
    description = models.CharField(_("description"), max_length=500)
    since = models.DateField(_("made available since"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = money_field(_("value for the year (€)"))
    is_illustrative = models.BooleanField(_("illustrative value"), default=False)

    objects = ConventionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("contribution in kind")
        verbose_name_plural = _("contributions in kind")
        ordering = ["year", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "kind", "description", "year"], name="in_kind_once_a_year"
            ),
            models.CheckConstraint(condition=Q(value__gt=0), name="in_kind_value_positive"),
            FieldCheckConstraint(
                field="year",
                condition=Q(since__isnull=True) | Q(since__year__lte=models.F("year")),
                name="in_kind_since_not_after_year",
                violation_error_message=_("This year is before the contribution was made available."),
            ),
        ]

    def __str__(self) -> str:
        return self.description

    def since_year(self) -> int | None:
        return self.since.year if isinstance(self.since, datetime.date) else None
