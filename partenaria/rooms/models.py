"""Rooms of an organisation, the free-booking quota a convention grants, bookings and the invoice
lines of billed bookings (EV2, FN3).

No two live bookings of a room overlap: on PostgreSQL an exclusion constraint says so (a range over
start and end, with ``btree_gist`` for the room); on every database the booking service checks it
after taking the room's write lock (services.py). The constraint exists only where the database
can hold it: it is added to the model, and by migration 0002, on PostgreSQL only.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import connection, models
from django.db.models import Func, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partenaria.conventions.models import Article, Convention
from partenaria.core.models import TimeStampedModel
from partenaria.organisations.models import PARTNERSHIP_READER_ROLES, Membership, Organisation

from .rules import PricingUnit

ON_POSTGRESQL = connection.vendor == "postgresql"
WEEKDAY_CHOICES = [
    ("1", _("Monday")),
    ("2", _("Tuesday")),
    ("3", _("Wednesday")),
    ("4", _("Thursday")),
    ("5", _("Friday")),
    ("6", _("Saturday")),
    ("7", _("Sunday")),
]


class TsTzRange(Func):
    function = "TSTZRANGE"
    output_field = DateTimeRangeField()


def _reader_organisation_ids(user):
    return (
        Membership.objects.active()
        .filter(user=user, role__in=PARTNERSHIP_READER_ROLES)
        .values("organisation_id")
    )


def partner_organisation_ids(user):
    """The user's organisations and those sharing a partnership with one of them."""
    from partenaria.conventions.models import PartnershipMember

    own = _reader_organisation_ids(user)
    return PartnershipMember.objects.filter(
        Q(organisation__in=own) | Q(partnership__members__organisation__in=own)
    ).values("organisation_id")


class PricingUnitChoices(models.TextChoices):
    BOOKING = PricingUnit.BOOKING, _("per booking")
    HOUR = PricingUnit.HOUR, _("per hour")
    HALF_DAY = PricingUnit.HALF_DAY, _("per half-day (4 hours)")


class RoomQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rooms of the user's organisations and of their partners (DP1)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(owner__in=partner_organisation_ids(user))


class Room(TimeStampedModel):
    """A room an organisation lends to its partners (EV2)."""

    owner = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=150)
    location = models.CharField(_("address or building"), max_length=250, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity (people)"), validators=[MinValueValidator(1)])
    equipment = models.TextField(
        _("equipment"), blank=True, help_text=_("« videoprojector, sound system, 30 tables »")
    )
    opens_at = models.TimeField(_("bookable from"), default=datetime.time(8, 30))
    closes_at = models.TimeField(_("bookable until"), default=datetime.time(18, 0))
    open_weekdays = models.CharField(
        _("open days"),
        max_length=7,
        default="12345",
        validators=[RegexValidator(r"^[1-7]{1,7}$", _("Choose at least one open day."))],
    )
    price = models.DecimalField(
        _("price of a billed booking (€)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    pricing_unit = models.CharField(
        _("price charged"),
        max_length=20,
        choices=PricingUnitChoices.choices,
        default=PricingUnitChoices.BOOKING,
    )
    open_to_partners = models.BooleanField(
        _("open to every partner"),
        default=False,
        help_text=_(
            "Bookable by the parties of any convention in force with the organisation, even without a "
            "quota of free bookings (they are then billed from the first one)."
        ),
    )
    is_active = models.BooleanField(_("bookable"), default=True)
    # Bumped by every booking of the room: the UPDATE takes the room's write lock (services.py).
    booking_revision = models.PositiveIntegerField(default=0, editable=False)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["owner__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="room_name_once_per_owner"),
            models.CheckConstraint(condition=Q(closes_at__gt=models.F("opens_at")), name="room_hours_order"),
            models.CheckConstraint(condition=Q(price__gte=0), name="room_price_not_negative"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("rooms:room_detail", args=[self.pk])

    @property
    def weekdays(self) -> set[int]:
        return {int(d) for d in self.open_weekdays}

    def weekday_labels(self) -> list[str]:
        labels = dict(WEEKDAY_CHOICES)
        return [str(labels[d]) for d in sorted(self.open_weekdays)]


class RoomQuotaQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(convention__in=Convention.objects.visible_to(user).values("pk"))


class RoomQuota(TimeStampedModel):
    """How many bookings of an organisation's rooms a convention makes free each convention year (FN3).

    « La gratuité sera accordée à concurrence de 6 réservations de salles. Au-delà, les réservations
    feront l'objet d'une facturation. » [000 art. 1]: the rule belongs to the convention, with the
    article that says it. The row is also the lock that serialises the counting (services.py).
    """

    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="room_quotas")
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation lending its rooms"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    free_per_year = models.PositiveSmallIntegerField(
        _("free bookings per convention year"), validators=[MaxValueValidator(1000)]
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article that grants them"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RoomQuotaQuerySet.as_manager()

    class Meta:
        verbose_name = _("quota of free room bookings")
        verbose_name_plural = _("quotas of free room bookings")
        ordering = ["convention", "owner"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "owner"], name="room_quota_once_per_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.convention} – {self.owner} : {self.free_per_year}"


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("booking status", "Requested")
    CONFIRMED = "confirmed", pgettext_lazy("booking status", "Confirmed")
    CANCELLED = "cancelled", pgettext_lazy("booking status", "Cancelled")


LIVE_STATUSES = [BookingStatus.REQUESTED, BookingStatus.CONFIRMED]


class BookingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Bookings made by the user's organisations, or of rooms they own (DP1)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        own = _reader_organisation_ids(user)
        return self.filter(Q(organisation__in=own) | Q(room__owner__in=own))

    def live(self):
        return self.filter(status__in=LIVE_STATUSES)


def _booking_constraints():
    constraints = [
        models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="booking_ends_after_start"),
        models.CheckConstraint(condition=Q(attendees__gte=1), name="booking_attendees_positive"),
    ]
    if ON_POSTGRESQL:
        constraints.append(
            ExclusionConstraint(
                name="booking_no_overlap",
                expressions=[
                    (TsTzRange("start", "end", RangeBoundary()), RangeOperators.OVERLAPS),
                    ("room", RangeOperators.EQUAL),
                ],
                condition=~Q(status=BookingStatus.CANCELLED),
                violation_error_message=_("This room is already booked at that time."),
            )
        )
    return constraints


class Booking(TimeStampedModel):
    """A partner's booking of a room under a convention, free or billed (EV2, FN3).

    Whether it is free is decided once, when it is made, and shown before it is confirmed; the
    convention year it counts in is stored with it (``year_start``, ``year_end``).
    """

    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, related_name="bookings")
    convention = models.ForeignKey(
        Convention,
        verbose_name=_("under the convention"),
        on_delete=models.PROTECT,
        related_name="room_bookings",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("booked for"), on_delete=models.PROTECT, related_name="room_bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    purpose = models.CharField(_("purpose"), max_length=250)
    attendees = models.PositiveSmallIntegerField(_("expected attendees"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    is_free = models.BooleanField(_("free"))
    year_start = models.DateField(_("convention year from"))
    year_end = models.DateField(_("convention year until"))
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for the cancellation"), max_length=250, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("room booking")
        verbose_name_plural = _("room bookings")
        ordering = ["start", "pk"]
        indexes = [
            models.Index(fields=["room", "start"], name="booking_room_start"),
            models.Index(fields=["convention", "year_start", "status"], name="booking_quota_count"),
        ]
        constraints = _booking_constraints()

    def __str__(self) -> str:
        return f"{self.room} – {self.purpose}"

    def get_absolute_url(self) -> str:
        return reverse("rooms:booking_detail", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_STATUSES


class InvoiceLineQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(booking__in=Booking.objects.visible_to(user).values("pk"))


class InvoiceLine(models.Model):
    """What a billed booking costs, frozen when it is made (FN3): the finance service of the room's
    owner bills it to the partner. A line of a cancelled booking is kept and shown as cancelled."""

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="invoice_line")
    owner = models.ForeignKey(
        Organisation, verbose_name=_("billed by"), on_delete=models.PROTECT, related_name="+"
    )
    customer = models.ForeignKey(
        Organisation, verbose_name=_("billed to"), on_delete=models.PROTECT, related_name="+"
    )
    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("duration (minutes)"))
    pricing_unit = models.CharField(_("price charged"), max_length=20, choices=PricingUnitChoices.choices)
    unit_price = models.DecimalField(_("unit price (€)"), max_digits=9, decimal_places=2)
    quantity = models.DecimalField(_("quantity"), max_digits=7, decimal_places=2)
    amount = models.DecimalField(_("amount (€)"), max_digits=11, decimal_places=2)

    objects = InvoiceLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["day", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="invoice_line_amount_not_negative"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="invoice_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.day} – {self.booking}"
