"""Teaching cooperation between an authority and a school (PD1-PD7).

- ``Intervention``: an agent of the authority teaching, sitting on a jury, selecting students... at
  the school (PD1), with the HR approval it needs before it is confirmed (PD3): « toute activité
  rémunérée doit faire l'objet d'une pose d'un congé auprès de l'employeur ; pour les interventions non
  rémunérées, le professionnel doit demander l'accord de son responsable de service » [003 art. 2].
  A check constraint holds the rule in the database: an intervention is approved or confirmed only
  with an approving decision, dated.
- ``ProgrammeDuty`` and ``Programme``: the convention's duty to send « un programme annuel
  prévisionnel (à la rentrée de septembre) » to « les référents sites qualifiant de chaque direction »
  (PD2) is a yearly commitment of the convention, hence already a deadline; the programme of a school
  year lists its planned interventions, records when it was sent, and its sending fulfils the
  commitment's occurrence of that school year.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partenaria.conventions.models import Commitment, Convention, Partnership
from partenaria.core.models import TimeStampedModel
from partenaria.organisations.models import Organisation, Person

from .rules import school_year_label


class PartnershipScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rows of the partnerships ``user`` reads (DP1): another tenant's row is a 404."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user).values("pk"))


class InterventionKind(models.TextChoices):
    """The forms of pedagogical participation of [003 art. 2] and [004 art. 4]."""

    TEACHING = "teaching", _("Teaching")
    SELECTION = "selection", _("Selection of students")
    JURY = "jury", _("State diploma jury")
    TUTORIAL = "tutorial", _("Tutorial or round table")
    INTERN_EVALUATION = "intern_evaluation", _("Intern supervision and evaluation")
    CONFERENCE = "conference", _("Conference or study day")
    FORUM = "forum", _("Jobs promotion: forum")
    OPEN_DAY = "open_day", _("Jobs promotion: open day")
    DIGITAL_MEDIA = "digital_media", _("Jobs promotion: digital media")
    INNOVATIVE_MODULE = "innovative_module", _("Innovative module")


class InterventionStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("intervention status", "Planned")
    REQUESTED = "requested", pgettext_lazy("intervention status", "Awaiting approval")
    APPROVED = "approved", pgettext_lazy("intervention status", "Approved")
    REFUSED = "refused", pgettext_lazy("intervention status", "Refused")
    CONFIRMED = "confirmed", pgettext_lazy("intervention status", "Confirmed")
    CANCELLED = "cancelled", pgettext_lazy("intervention status", "Cancelled")


class Decision(models.TextChoices):
    APPROVED = "approved", pgettext_lazy("HR decision", "Approved")
    REFUSED = "refused", pgettext_lazy("HR decision", "Refused")


class ApprovalRoute(models.TextChoices):
    """What the agent needs from the employer (PD3, [003 art. 2])."""

    LEAVE = "leave", _("Leave request to the employer (paid intervention)")
    MANAGER = "manager", _("Approval of the head of service (unpaid intervention)")


# Statuses in which the intervention still counts in the programme.
LIVE_STATUSES = [
    InterventionStatus.PLANNED,
    InterventionStatus.REQUESTED,
    InterventionStatus.APPROVED,
    InterventionStatus.CONFIRMED,
]


class InterventionQuerySet(PartnershipScopedQuerySet):
    def live(self):
        return self.filter(status__in=LIVE_STATUSES)

    def of_school_year(self, year: int):
        return self.filter(school_year=year)


class Intervention(TimeStampedModel):
    """An agent of the authority intervening at the school (PD1), approved by the employer (PD3)."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="interventions"
    )
    convention = models.ForeignKey(
        Convention,
        verbose_name=_("under the convention"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interventions",
    )
    school = models.ForeignKey(
        Organisation, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    # Empty while the programme only proposes a theme and a date: the directions' referents then
    # propose an agent (PD2); the approval is asked for a named agent.
    agent = models.ForeignKey(
        Person,
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teaching_interventions",
        help_text=_("Leave empty to propose the theme and date to the directions' referents first."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=InterventionKind.choices)
    theme = models.CharField(
        _("theme"),
        max_length=250,
        help_text=_("« Protection de l'enfance : l'évaluation des informations préoccupantes »"),
    )
    course = models.CharField(
        _("course or diploma"), max_length=200, blank=True, help_text=_("« DEASS 2e année », « jury DEES »")
    )
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(
        _("last day"), null=True, blank=True, help_text=_("For an intervention over several days.")
    )
    hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(500)],
    )
    is_paid = models.BooleanField(
        _("paid by the school"),
        default=False,
        help_text=_(
            "A paid intervention needs a leave request to the employer; an unpaid one, the approval of "
            "the agent's head of service."
        ),
    )
    # Derived from ``starts_on`` by the services (rules.school_year_of), never typed.
    school_year = models.PositiveSmallIntegerField(_("school year"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=InterventionStatus.choices, default=InterventionStatus.PLANNED
    )
    requested_at = models.DateTimeField(_("approval asked on"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The approver's name as it was: the trace survives the account.
    decided_by_label = models.CharField(_("approver"), max_length=200, blank=True)
    decision_note = models.CharField(_("comment on the decision"), max_length=500, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for the cancellation"), max_length=250, blank=True)

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("intervention at the school")
        verbose_name_plural = _("interventions at the school")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["partnership", "school_year"], name="intervention_programme")]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="intervention_hours_positive"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="intervention_ends_after_start",
            ),
            # PD3: no approval, no confirmation. An approved or confirmed intervention carries an
            # approving decision and its date; a refused one, a refusal and its date.
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "confirmed"])
                | Q(decision="approved", decided_at__isnull=False),
                name="intervention_confirmed_only_if_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | Q(decision="refused", decided_at__isnull=False),
                name="intervention_refusal_is_decided",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "cancelled"]) | Q(agent__isnull=False),
                name="intervention_agent_named_before_approval",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="intervention_confirmation_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.theme}"

    def get_absolute_url(self) -> str:
        return reverse("teaching:intervention_detail", args=[self.pk])

    def clean(self):
        # The constraint says it to the database; this says it next to the field.
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The last day cannot be before the first: give a day on or after it.")}
            )

    @property
    def approval_route(self) -> str:
        return ApprovalRoute.LEAVE if self.is_paid else ApprovalRoute.MANAGER

    def get_approval_route_display(self) -> str:
        return str(ApprovalRoute(self.approval_route).label)

    @property
    def school_year_label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def is_editable(self) -> bool:
        # Once approval is asked, the employer decides on what was asked: no silent change after.
        return self.status == InterventionStatus.PLANNED


class ProgrammeDutyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(commitment__convention__in=Convention.objects.visible_to(user).values("pk"))


class ProgrammeDuty(TimeStampedModel):
    """Which commitment of a convention is the yearly provisional programme (PD2).

    « La participation à ces activités pédagogiques sera anticipée autant que possible avec l'envoi d'un
    programme annuel prévisionnel (à la rentrée de septembre) » [003 art. 2]. The convention already
    says it as a yearly commitment of the school, with its date (CV6): that commitment is the deadline
    (deadlines/engine.py), typed once. This row only says that sending the programme fulfils it.
    """

    commitment = models.OneToOneField(
        Commitment,
        verbose_name=_("commitment of the convention"),
        on_delete=models.CASCADE,
        related_name="teaching_programme_duty",
    )
    school = models.ForeignKey(
        Organisation, verbose_name=_("school that sends it"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ProgrammeDutyQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual programme duty")
        verbose_name_plural = _("annual programme duties")

    def __str__(self) -> str:
        return str(self.commitment)


class Programme(TimeStampedModel):
    """The provisional programme of one school year of a partnership (PD2), once sent.

    Its content is the year's live interventions (never copied); the row records the sending: when,
    by whom, to how many referents."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="programmes"
    )
    school_year = models.PositiveSmallIntegerField(_("school year"))
    foreword = models.TextField(_("foreword"), blank=True)
    sent_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recipients_count = models.PositiveSmallIntegerField(_("referents reached"), default=0)

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual provisional programme")
        verbose_name_plural = _("annual provisional programmes")
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "school_year"], name="programme_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.partnership} – {school_year_label(self.school_year)}"

    def get_absolute_url(self) -> str:
        return reverse("teaching:programme", args=[self.partnership_id, self.school_year])


# --- Job offers relayed to new graduates (PD5) ----------------------------------------------------


class RelayChannel(models.TextChoices):
    GRADUATES_LIST = "graduates_list", _("Mailing to the new graduates")
    NEWSLETTER = "newsletter", _("Newsletter of the school")
    WEBSITE = "website", _("Website or intranet of the school")
    SOCIAL_MEDIA = "social_media", _("Social media")
    NOTICE_BOARD = "notice_board", _("Notice board")


class JobOffer(TimeStampedModel):
    """A job offer of the authority that the school relays to its new graduates (PD5).

    « L'IRTESS s'engage à relayer les offres d'emploi de Dijon Métropole, de la Ville et du CCAS de Dijon
    auprès des nouveaux diplômés » [003 art. 3]."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="job_offers"
    )
    employer = models.ForeignKey(
        Organisation, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("post"), max_length=250)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    diplomas = models.CharField(
        _("diplomas sought"), max_length=200, blank=True, help_text=_("« DEASS, DEES »")
    )
    url = models.URLField(_("link to the offer"), blank=True)
    closes_on = models.DateField(_("applications until"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    relayed_at = models.DateTimeField(_("relayed on"), null=True, blank=True)
    relayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    relay_channel = models.CharField(
        _("relayed through"), max_length=20, choices=RelayChannel.choices, blank=True
    )
    relay_audience = models.CharField(
        _("to whom"), max_length=200, blank=True, help_text=_("« Diplômés DEASS et DEES 2026 »")
    )

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relayed_at__isnull=True) | ~Q(relay_channel=""),
                name="job_offer_relay_has_channel",
            )
        ]

    def __str__(self) -> str:
        return self.title


# --- Documentation centre (PD6) -------------------------------------------------------------------


class DocumentationAccessQuerySet(PartnershipScopedQuerySet):
    def active(self):
        return self.filter(withdrawn_on__isnull=True)


class DocumentationAccess(TimeStampedModel):
    """An agent's registration at the school's documentation centre, its rules accepted (PD6).

    « Une fiche d'inscription pour chaque agent sera à transmettre au Cerdim. L'utilisation des
    ressources devra respecter le règlement de fonctionnement du Cerdim » [003 art. 4]: the date the
    agent accepted the rules and the version accepted are kept; no access without them."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="documentation_accesses",
    )
    school = models.ForeignKey(
        Organisation, verbose_name=_("documentation centre of"), on_delete=models.PROTECT, related_name="+"
    )
    agent = models.ForeignKey(
        Person, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="documentation_accesses"
    )
    registered_on = models.DateField(_("registered on"))
    rules_version = models.CharField(_("version of the rules accepted"), max_length=60)
    rules_accepted_on = models.DateField(_("rules accepted on"))
    withdrawn_on = models.DateField(_("access withdrawn on"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = DocumentationAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("documentation centre registration")
        verbose_name_plural = _("documentation centre registrations")
        ordering = ["agent__last_name", "agent__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "agent"],
                condition=Q(withdrawn_on__isnull=True),
                name="documentation_access_once_per_agent",
                violation_error_message=_("This agent is already registered at this documentation centre."),
            ),
            models.CheckConstraint(condition=~Q(rules_version=""), name="documentation_rules_version_given"),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("registered_on")),
                name="documentation_withdrawn_after_registration",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent} – {self.school}"


# --- Access to qualifications (PD7) ---------------------------------------------------------------


class QualificationKind(models.TextChoices):
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    VAE = "vae", _("Validation of prior experience (VAE)")
    TUTOR_TRAINING = "tutor_training", _("Training of internship tutors")
    OTHER = "other", _("Other path to a qualification")


class QualificationStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("cooperation action", "Planned")
    RUNNING = "running", pgettext_lazy("cooperation action", "Running")
    DONE = "done", pgettext_lazy("cooperation action", "Done")
    CANCELLED = "cancelled", pgettext_lazy("cooperation action", "Cancelled")


class QualificationAction(TimeStampedModel):
    """A cooperation action that widens access to qualifications (PD7): « favorisera également la
    diversité de l'accès aux qualifications et compétences, grâce au développement de l'apprentissage,
    la VAE, la formation des tuteurs de stage » [004 art. 5].

    A tutor training is the internships' training session (IN10), linked, never copied: its date and
    attendees are read from it."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="qualification_actions",
    )
    convention = models.ForeignKey(
        Convention,
        verbose_name=_("under the convention"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QualificationKind.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    people = models.PositiveSmallIntegerField(
        _("people concerned"), default=0, help_text=_("Apprentices, VAE candidates... (a number, no names).")
    )
    training_session = models.ForeignKey(
        "internships.TrainingSession",
        verbose_name=_("tutor training session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("For a tutor training: the session recorded under « Stages »."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=QualificationStatus.choices, default=QualificationStatus.PLANNED
    )

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("action for access to qualifications")
        verbose_name_plural = _("actions for access to qualifications")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(training_session__isnull=True) | Q(kind="tutor_training"),
                name="qualification_session_only_for_tutor_training",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="qualification_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.training_session_id and self.kind != QualificationKind.TUTOR_TRAINING:
            errors["training_session"] = _("Only a tutor training is linked to a training session.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The end cannot be before the start.")
        if errors:
            raise ValidationError(errors)


# --- Occasional speakers' charter (PD4) -----------------------------------------------------------


class SpeakerLevel(models.TextChoices):
    CONTRIBUTES = "contributes", _("Can contribute")
    CONFIRMED = "confirmed", _("Confirmed")
    REFERENT = "referent", _("Referent of the block")


class Speaker(TimeStampedModel):
    """An agent who intervenes occasionally at the school under the speakers' charter (PD4): « dans le
    cadre de la charte des intervenants occasionnels, poursuivre l'analyse des compétences pédagogiques
    des agents [...] en lien avec les référentiels de formation et de certification » [000]."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="speakers"
    )
    school = models.ForeignKey(
        Organisation, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    agent = models.ForeignKey(
        Person, verbose_name=_("agent"), on_delete=models.PROTECT, related_name="speaker_charters"
    )
    charter_version = models.CharField(_("version of the charter"), max_length=60)
    charter_signed_on = models.DateField(_("charter signed on"))

    objects = PartnershipScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("occasional speaker")
        verbose_name_plural = _("occasional speakers")
        ordering = ["agent__last_name", "agent__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "agent"], name="speaker_once_per_school"),
            models.CheckConstraint(condition=~Q(charter_version=""), name="speaker_charter_version_given"),
        ]

    def __str__(self) -> str:
        return str(self.agent)

    def get_absolute_url(self) -> str:
        return reverse("teaching:speaker_detail", args=[self.pk])


class SpeakerCompetence(models.Model):
    """A competence block of a diploma's framework (internships' ``CompetenceBlock``) an agent can
    teach, at a level, as analysed on a date (PD4)."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="competences")
    block = models.ForeignKey(
        "internships.CompetenceBlock",
        verbose_name=_("competence block"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=20, choices=SpeakerLevel.choices)
    assessed_on = models.DateField(_("analysed on"))
    note = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pedagogical competence")
        verbose_name_plural = _("pedagogical competences")
        ordering = ["block__diploma__code", "block__code"]
        constraints = [models.UniqueConstraint(fields=["speaker", "block"], name="speaker_block_once")]

    def __str__(self) -> str:
        return f"{self.speaker} – {self.block}"
