"""Joint events of the partners (EV1), their programme and participatory formats (EV3), the
registrations with quotas by audience and waiting lists, and the news of the school's resource pole
(EV4).

The capacity of an event is split into quotas: one per audience with reserved places (« 50 places
réservées aux étudiants » [000]) and the general places, which hold what the reserved quotas leave.
Each quota counts its confirmed registrations in ``taken``, moved only by the registration services
under a row lock; a check constraint keeps ``taken`` within ``places`` whatever the code does, so a
quota can never be overbooked.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Partnership, visible_organisation_ids
from partenaria.core.models import TimeStampedModel
from partenaria.organisations.models import Organisation


def new_token() -> str:
    return secrets.token_urlsafe(24)


class EventKind(models.TextChoices):
    STUDY_DAY = "study_day", _("Study day")
    SEMINAR = "seminar", _("Seminar")
    COLLOQUIUM = "colloquium", _("Colloquium")
    FORUM = "forum", _("Forum")
    OPEN_DAY = "open_day", _("Open day")
    SALON = "salon", _("Salon")


class SessionFormat(models.TextChoices):
    """Participatory formats of a programme (EV3, the Erasmus+ colloquia [002])."""

    PLENARY = "plenary", _("Plenary lecture")
    ROUND_TABLE = "round_table", _("Round table")
    DISCOVERY_TABLES = "discovery_tables", _("Discovery tables")
    PROJECT_ACCELERATOR = "project_accelerator", _("Project accelerator")
    CO_CONSTRUCTION = "co_construction", _("Co-construction workshop")
    GESTICULATED_LECTURE = "gesticulated_lecture", _("Gesticulated lecture")
    MOVING_DEBATE = "moving_debate", _("Moving debate")
    WORLD_CAFE = "world_cafe", _("World café")
    HACKATHON = "hackathon", _("Hackathon")
    OPEN_FORUM = "open_forum", _("Open forum")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    GENERAL = "general", _("General places")
    STUDENTS = "students", _("Students")
    PARTNER_AGENTS = "partner_agents", _("Agents of the partners")
    PROFESSIONALS = "professionals", _("Professionals of the sector")
    ELECTED = "elected", _("Elected representatives")
    PEOPLE_CONCERNED = "people_concerned", _("People concerned")
    EUROPEAN_PARTNERS = "european_partners", _("European partners")


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Events of one's organisations, of one's partnerships, and those one's partners organise
        outside a partnership (EV1: « par partenariat ou par organisation »)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        own = visible_organisation_ids(user)
        partnerships = Partnership.objects.filter(members__organisation__in=own).values("pk")
        partners = Organisation.objects.filter(partnership_members__partnership__in=partnerships).values("pk")
        return self.filter(
            Q(organiser__in=own)
            | Q(partnership__in=partnerships)
            | Q(partnership__isnull=True, organiser__in=partners)
        ).distinct()

    def of_organisation(self, organisation):
        """What the « Événements » page of an organisation lists: its own, its partnerships' and its
        partners' events."""
        partnerships = Partnership.objects.filter(members__organisation=organisation).values("pk")
        partners = Organisation.objects.filter(partnership_members__partnership__in=partnerships).values("pk")
        return self.filter(
            Q(organiser=organisation)
            | Q(partnership__in=partnerships)
            | Q(partnership__isnull=True, organiser__in=partners)
        ).distinct()


class Event(TimeStampedModel):
    """A study day, seminar, colloquium, forum, open day or salon held by a partner (EV1)."""

    organiser = models.ForeignKey(
        Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="events"
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("Leave empty for an event of the organisation alone."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=300)
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("Total number of places."))
    registration_closes_on = models.DateField(
        _("registrations close on"),
        null=True,
        blank=True,
        help_text=_("Last day to register; empty: until the day before the event."),
    )
    is_public = models.BooleanField(
        _("open to outsiders"),
        default=False,
        help_text=_("Gives the event a public registration link, usable without an account."),
    )
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    dates_are_illustrative = models.BooleanField(_("illustrative dates"), default=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def public_url(self) -> str:
        return reverse("events:public_register", args=[self.public_token])

    def last_registration_day(self):
        """The last day one may register: the day given, otherwise the day before the event."""
        import datetime

        from django.utils import timezone

        if self.registration_closes_on:
            return self.registration_closes_on
        return timezone.localtime(self.starts_at).date() - datetime.timedelta(days=1)


class Quota(TimeStampedModel):
    """Places of an event for one audience; ``taken`` counts its confirmed registrations (EV1)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas")
    audience = models.CharField(_("audience"), max_length=30, choices=Audience.choices)
    places = models.PositiveIntegerField(_("places"))
    taken = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    open_to_public = models.BooleanField(
        _("open to the public link"),
        default=False,
        help_text=_("Outsiders registering through the public link may take these places."),
    )

    class Meta:
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        ordering = ["event", "audience"]
        constraints = [
            models.UniqueConstraint(fields=["event", "audience"], name="quota_one_per_audience"),
            # The guarantee against overbooking that no code path can get around.
            models.CheckConstraint(condition=Q(taken__lte=models.F("places")), name="quota_never_overbooked"),
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} ({self.places})"

    @property
    def free(self) -> int:
        return max(self.places - self.taken, 0)


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def waiting_line(self, quota):
        return self.filter(quota=quota, status=RegistrationStatus.WAITING).order_by("created_at", "pk")


class Registration(TimeStampedModel):
    """A person's registration to an event, in one quota (EV1).

    Personal data: see ``PERSONAL_DATA`` below (purpose, legal basis, retention) and
    ``events/privacy.py``; registrations of outsiders are anonymised after the retention period by
    ``manage.py anonymise_event_registrations``.
    """

    PERSONAL_DATA = {
        "purpose": _("Organising the event: places, waiting list, attendance list, messages about it."),
        "legal_basis": _("Consent of the person, given when registering."),
        "categories": _("Name, e-mail address, organisation, attendance."),
        "recipients": _("The organiser of the event and the managers of its partnership."),
        "retention": _(
            "Outsiders' registrations are anonymised %(days)s days after the end of the event; partners' "
            "agents' registrations are kept with the partnership's records."
        ),
    }

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    quota = models.ForeignKey(
        Quota, verbose_name=_("places"), on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices)
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_registrations",
    )
    organisation_name = models.CharField(_("organisation or school"), max_length=200, blank=True)
    is_outsider = models.BooleanField(_("registered through the public link"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consent_at = models.DateTimeField(_("consent given at"))
    cancel_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    promoted_at = models.DateTimeField(_("promoted from the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            # Registering twice (a double submit, two tabs) keeps one registration.
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled") & Q(anonymised_at__isnull=True),
                name="registration_once_per_event",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="registration_checked_in_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def cancel_url(self) -> str:
        return reverse("events:cancel", args=[self.cancel_token])


class EventSession(TimeStampedModel):
    """One slot of the programme with its participatory format (EV3)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=250)
    format = models.CharField(_("format"), max_length=30, choices=SessionFormat.choices)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    room = models.CharField(_("room"), max_length=200, blank=True)
    facilitators = models.CharField(_("facilitated by"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="event_session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NewsKind(models.TextChoices):
    STUDY_DAY = "study_day", _("Study day")
    COLLOQUIUM = "colloquium", _("Colloquium")
    PUBLICATION = "publication", _("Publication")
    OTHER = "other", _("Other news")


class NewsQuerySet(models.QuerySet):
    def visible_to(self, user):
        """News of one's organisations and of their partners (EV4: shared with the partner's agents)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        own = visible_organisation_ids(user)
        partnerships = Partnership.objects.filter(members__organisation__in=own).values("pk")
        partners = Organisation.objects.filter(partnership_members__partnership__in=partnerships).values("pk")
        return self.filter(Q(publisher__in=own) | Q(publisher__in=partners)).distinct()

    def for_organisation(self, organisation):
        partnerships = Partnership.objects.filter(members__organisation=organisation).values("pk")
        partners = Organisation.objects.filter(partnership_members__partnership__in=partnerships).values("pk")
        return self.filter(Q(publisher=organisation) | Q(publisher__in=partners)).distinct()


class NewsItem(TimeStampedModel):
    """News of a school's resource pole: a study day, a colloquium, a publication (EV4 [003 art. 3])."""

    publisher = models.ForeignKey(
        Organisation, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="news"
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("« Pôle ressource régional (PREFAS) »")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NewsKind.choices)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"))
    link = models.URLField(_("link"), blank=True)
    event = models.ForeignKey(
        Event, verbose_name=_("event"), null=True, blank=True, on_delete=models.SET_NULL, related_name="news"
    )
    published_on = models.DateField(_("published on"))

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title
