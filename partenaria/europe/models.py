"""European projects (EU1-EU4, EU6 [002]): the project sheet of a European partnership, the type of
each partner, the partner search and the organisations' answers, the learning mobilities with their
delegations, and the deliverables (job profiles, training proposals).

Who sees what (DP1):
- the sheet, its mobilities and deliverables: the people of the partnership's members (the
  partnership's own ``visible_to``), whatever the member's status (confirmed, pending, to confirm);
- a partner search: the partnership's members always; once published, every organisation of the
  product (any person but a student), so that an organisation not yet in the partnership can find
  and answer it. The search page shows only what the coordinator wrote for it (title, programme,
  call deadline, keywords, its summary, the countries and partner types sought, the coordinator and
  the contact): never the members, their status, the other answers, mobilities or deliverables;
- an answer: the partnership's members, and the people of the answering organisation.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Partnership, visible_organisation_ids
from partenaria.core.models import TimeStampedModel
from partenaria.organisations.models import Organisation, OrganisationKind, Person

from . import rules

# The countries a search may seek: the member states of the European Union.
EU_COUNTRIES = [
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("BG", _("Bulgaria")),
    ("HR", _("Croatia")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("DE", _("Germany")),
    ("GR", _("Greece")),
    ("HU", _("Hungary")),
    ("IE", _("Ireland")),
    ("IT", _("Italy")),
    ("LV", _("Latvia")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("MT", _("Malta")),
    ("NL", _("Netherlands")),
    ("PL", _("Poland")),
    ("PT", _("Portugal")),
    ("RO", _("Romania")),
    ("SK", _("Slovakia")),
    ("SI", _("Slovenia")),
    ("ES", _("Spain")),
    ("SE", _("Sweden")),
]
COUNTRY_NAMES = dict(EU_COUNTRIES)


class PartnerType(models.TextChoices):
    PUBLIC_SOCIAL = "public_social", _("Public body competent in social action")
    TRAINING = "training", _("Training organisation for social-work professionals")
    SOCIAL_ECONOMY = "social_economy", _("Social and solidarity economy actor")
    OTHER = "other", _("Other organisation of the social field")


def default_partner_type(organisation: Organisation) -> str:
    """The type an organisation brings by default: French public bodies are competent in social
    action; a school trains; an association belongs to the social economy. A foreign body is stated."""
    if organisation.is_public_body:
        return PartnerType.PUBLIC_SOCIAL
    if organisation.kind == OrganisationKind.SCHOOL:
        return PartnerType.TRAINING
    if organisation.kind == OrganisationKind.ASSOCIATION:
        return PartnerType.SOCIAL_ECONOMY
    return PartnerType.OTHER


def _visible_partnerships(user):
    return Partnership.objects.visible_to(user).values("pk")


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(partnership__in=_visible_partnerships(user))


class EuropeanProject(TimeStampedModel):
    """The sheet of a European project (EU1): « fiche projet » of a call such as Erasmus+ KA204."""

    partnership = models.OneToOneField(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="european_project",
    )
    coordinator = models.ForeignKey(
        Organisation,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinated_european_projects",
        help_text=_("The organisation that leads the application and answers the partner search."),
    )
    programme = models.CharField(
        _("programme"),
        max_length=250,
        help_text=_("For example: Erasmus+ KA204 – Strategic partnership for adult education."),
    )
    call_deadline = models.DateField(_("call deadline"), help_text=_("Last day to submit the application."))
    keywords = models.CharField(
        _("keywords"), max_length=300, blank=True, help_text=_("Separated by commas.")
    )
    objective = models.TextField(_("objective"))
    problem = models.TextField(_("problem addressed"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    contact = models.ForeignKey(
        Person,
        verbose_name=_("contact person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A person of the coordinator."),
    )
    dates_are_illustrative = models.BooleanField(_("dates are illustrative"), default=False)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("European project")
        verbose_name_plural = _("European projects")
        ordering = ["partnership__title"]

    def __str__(self) -> str:
        return self.partnership.title

    @property
    def title(self) -> str:
        return self.partnership.title

    def get_absolute_url(self) -> str:
        return reverse("europe:project_detail", args=[self.pk])

    @property
    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.split(",") if k.strip()]


class ProjectPartner(models.Model):
    """What a member of the partnership brings to the consortium (EU3): its type. Its status
    (confirmed, pending, to confirm) is the partnership member's."""

    project = models.ForeignKey(EuropeanProject, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="europe_partner_once"),
            models.CheckConstraint(
                condition=Q(partner_type__in=PartnerType.values), name="europe_partner_type_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_partner_type_display()})"


class SearchStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class SearchQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The searches of the user's partnerships, and every published one (see the module)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        own = Q(project__partnership__in=_visible_partnerships(user))
        if visible_organisation_ids(user).exists():
            return self.filter(own | Q(status=SearchStatus.PUBLISHED))
        return self.filter(own)

    def published(self):
        return self.filter(status=SearchStatus.PUBLISHED)


class PartnerSearch(TimeStampedModel):
    """The partners a project looks for (EU2): countries and partner types sought, published to every
    organisation of the product."""

    project = models.OneToOneField(EuropeanProject, on_delete=models.CASCADE, related_name="search")
    summary = models.TextField(
        _("summary for the organisations"),
        help_text=_("What organisations outside the partnership read: the project in a few lines."),
    )
    countries = models.JSONField(_("countries sought"), default=list, blank=True)
    other_countries_welcome = models.BooleanField(_("other EU countries welcome"), default=True)
    partner_types = models.JSONField(_("partner types sought"), default=list, blank=True)
    fields_of_action = models.CharField(
        _("fields of action"),
        max_length=300,
        blank=True,
        help_text=_("For example: child protection, home help, immigration."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SearchStatus.choices, default=SearchStatus.DRAFT
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    objects = SearchQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner search")
        verbose_name_plural = _("partner searches")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=SearchStatus.DRAFT) | Q(published_on__isnull=False),
                name="europe_search_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return str(_("Partner search: %(title)s") % {"title": self.project.title})

    def get_absolute_url(self) -> str:
        return reverse("europe:search_detail", args=[self.pk])

    @property
    def country_names(self) -> list[str]:
        return [str(COUNTRY_NAMES.get(code, code)) for code in self.countries]

    @property
    def partner_type_names(self) -> list[str]:
        labels = dict(PartnerType.choices)
        return [str(labels.get(code, code)) for code in self.partner_types]

    @property
    def is_published(self) -> bool:
        return self.status == SearchStatus.PUBLISHED


class AnswerStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting the coordinator")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class AnswerQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(search__project__partnership__in=_visible_partnerships(user))
            | Q(organisation__in=visible_organisation_ids(user))
        )


class SearchAnswer(TimeStampedModel):
    """An organisation's answer to a partner search (EU2): a message to the coordinator, who accepts
    (the organisation joins the partnership as a pending or confirmed partner) or declines."""

    search = models.ForeignKey(PartnerSearch, on_delete=models.CASCADE, related_name="answers")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    message = models.TextField(_("message"))
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AnswerStatus.choices, default=AnswerStatus.SUBMITTED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reply = models.TextField(_("reply of the coordinator"), blank=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer to a partner search")
        verbose_name_plural = _("answers to partner searches")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["search", "organisation"],
                condition=Q(status="submitted"),
                name="europe_one_open_answer_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted") | Q(decided_at__isnull=False),
                name="europe_answer_decided_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Answer of %(organisation)s") % {"organisation": self.organisation})


# --- Learning mobilities (EU4) --------------------------------------------------------------------


class Mobility(TimeStampedModel):
    """A learning mobility (« voyage apprenant »): five days in the host country, which receives a
    delegation of ten professionals from every other country of the consortium (EU4)."""

    project = models.ForeignKey(EuropeanProject, on_delete=models.CASCADE, related_name="mobilities")
    host = models.ForeignKey(
        Organisation, verbose_name=_("host organisation"), on_delete=models.PROTECT, related_name="+"
    )
    host_country = models.CharField(_("host country"), max_length=60)
    starts_on = models.DateField(_("first day"))
    theme = models.CharField(_("theme"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("learning mobility")
        verbose_name_plural = _("learning mobilities")
        ordering = ["starts_on", "pk"]
        constraints = [
            # Every country hosts once.
            models.UniqueConstraint("project", Lower("host_country"), name="europe_country_hosts_once"),
        ]

    def __str__(self) -> str:
        return str(_("Learning mobility in %(country)s") % {"country": self.host_country})

    def get_absolute_url(self) -> str:
        return reverse("europe:mobility_detail", args=[self.pk])

    @property
    def ends_on(self):
        return rules.mobility_ends_on(self.starts_on)


class Delegation(models.Model):
    """The professionals one country sends to a mobility; ``size`` counts them, moved only by the
    participant services under the mobility's lock, and held within ten by a check constraint."""

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="delegations")
    country = models.CharField(_("country"), max_length=60)
    size = models.PositiveSmallIntegerField(_("participants"), default=0)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["country"]
        constraints = [
            models.UniqueConstraint("mobility", Lower("country"), name="europe_one_delegation_per_country"),
            models.CheckConstraint(
                condition=Q(size__gte=0) & Q(size__lte=rules.DELEGATION_SIZE),
                name="europe_delegation_at_most_ten",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.size}/{rules.DELEGATION_SIZE})"

    @property
    def is_complete(self) -> bool:
        return self.size == rules.DELEGATION_SIZE


class Participant(models.Model):
    """A professional of a partner in a delegation (EU4)."""

    delegation = models.ForeignKey(Delegation, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("mobility participant")
        verbose_name_plural = _("mobility participants")
        constraints = [
            models.UniqueConstraint(fields=["delegation", "person"], name="europe_participant_once")
        ]

    def __str__(self) -> str:
        return str(self.person)


# --- Deliverables (EU6) ------------------------------------------------------------------------


class JobProfile(TimeStampedModel):
    """A job profile of the typology of social-work jobs (EU6): its family, missions, know-how and
    soft skills (« missions, savoir-faire, savoir-être »)."""

    project = models.ForeignKey(EuropeanProject, on_delete=models.CASCADE, related_name="job_profiles")
    family = models.CharField(
        _("job family"), max_length=150, help_text=_("The family of the typology, e.g. child protection.")
    )
    title = models.CharField(_("job title"), max_length=200)
    missions = models.TextField(_("missions"))
    know_how = models.TextField(_("know-how"), blank=True)
    soft_skills = models.TextField(_("soft skills"), blank=True)
    country = models.CharField(
        _("country of practice"), max_length=60, blank=True, help_text=_("Leave empty if shared.")
    )

    class Meta:
        verbose_name = _("job profile")
        verbose_name_plural = _("job profiles")
        ordering = ["family", "title"]
        constraints = [
            models.UniqueConstraint(
                "project", Lower("family"), Lower("title"), name="europe_job_profile_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.family} · {self.title}"


class TrainingKind(models.TextChoices):
    INITIAL = "initial", _("Initial training")
    CONTINUING = "continuing", _("Continuing training")
    CAREER = "career", _("Career path")
    ATTRACTIVENESS = "attractiveness", _("Attractiveness of the jobs")


class TrainingProposal(TimeStampedModel):
    """A proposal to improve initial or continuing training, career paths or the attractiveness of the
    jobs (EU6)."""

    project = models.ForeignKey(EuropeanProject, on_delete=models.CASCADE, related_name="training_proposals")
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    proposal = models.TextField(_("proposal"))
    profile = models.ForeignKey(
        JobProfile,
        verbose_name=_("job profile concerned"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_proposals",
    )

    class Meta:
        verbose_name = _("training proposal")
        verbose_name_plural = _("training proposals")
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=TrainingKind.values), name="europe_training_kind_known"
            )
        ]

    def __str__(self) -> str:
        return self.title
