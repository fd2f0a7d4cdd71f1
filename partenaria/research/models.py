"""Research-action projects of a partnership (RS1), their methodology targets (RS2), deliverables and
valorisation actions (RS3), funding search (RS4), and the study requests of the authority (RS5)."""

import datetime
import secrets
from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partenaria.conventions.models import Convention, Partnership
from partenaria.core.constraints import FieldCheckConstraint
from partenaria.core.models import TimeStampedModel
from partenaria.organisations.models import Organisation, Person


class ProjectStatus(models.TextChoices):
    EXPLORATION = "exploration", _("Exploration")
    RUNNING = "running", _("Running")
    FINALISATION = "finalisation", _("Finalisation")
    VALORISATION = "valorisation", _("Valorisation")
    CLOSED = "closed", _("Closed")


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership__in=Partnership.objects.visible_to(user).values("pk"))


class ResearchProject(TimeStampedModel):
    """A research-action carried by the school with the authority (RS1); past ones keep their synthesis."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="research_projects")
    convention = models.ForeignKey(
        Convention,
        verbose_name=_("convention"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="research_projects",
        help_text=_("The convention that frames the research, if any."),
    )
    title = models.CharField(_("title"), max_length=300)
    question = models.TextField(_("research question"), blank=True)
    description = models.TextField(_("description"), blank=True)
    methodology = models.TextField(_("methodology"), blank=True)
    stakeholders = models.TextField(
        _("stakeholders"), blank=True, help_text=_("Services, associations, people consulted, one per line.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.EXPLORATION
    )
    started_on = models.DateField(_("start"), null=True, blank=True)
    ended_on = models.DateField(_("end"), null=True, blank=True)
    synthesis = models.TextField(
        _("synthesis"), blank=True, help_text=_("What the research found; kept once it is closed.")
    )
    # Data on children and families needs a data-protection impact assessment first (GDPR art. 35).
    concerns_children = models.BooleanField(
        _("concerns children or families"),
        default=False,
        help_text=_("Interviews, observations or files of children, young people or families."),
    )
    dpia_reference = models.CharField(
        _("DPIA reference"),
        max_length=100,
        blank=True,
        help_text=_("The reference of the data-protection impact assessment (« AIPD »), given by the DPO."),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("research-action project")
        verbose_name_plural = _("research-action projects")
        ordering = ["-started_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(started_on__isnull=True)
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="research_project_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(concerns_children=False) | ~Q(dpia_reference=""),
                name="research_children_need_a_dpia",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("research:project_detail", args=[self.pk])

    def stakeholder_list(self) -> list[str]:
        return [line.strip() for line in self.stakeholders.splitlines() if line.strip()]


class TeamMember(models.Model):
    """A person of one of the parties working on the project (RS1)."""

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the project"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["person__last_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="research_team_once")]

    def __str__(self) -> str:
        return str(self.person)


class MethodTarget(models.Model):
    """A planned range of a methodology category and what is done so far (RS2)."""

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="targets")
    category = models.CharField(
        _("category"), max_length=300, help_text=_("« Entretiens biographiques », « Dossiers analysés »...")
    )
    planned_min = models.PositiveIntegerField(_("planned (minimum)"))
    planned_max = models.PositiveIntegerField(_("planned (maximum)"))
    done = models.PositiveIntegerField(_("done so far"), default=0)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("methodology target")
        verbose_name_plural = _("methodology targets")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_max__gte=F("planned_min")), name="method_target_range"
            ),
        ]

    def __str__(self) -> str:
        return self.category

    @property
    def percent(self) -> int:
        """Progress against the minimum planned: the range's floor is what the convention promises."""
        if not self.planned_min:
            return 100
        return min(100, round(100 * self.done / self.planned_min))

    @property
    def is_reached(self) -> bool:
        return self.done >= self.planned_min


class DeliverableKind(models.TextChoices):
    SYNTHESIS = "synthesis", _("Synthesis")
    REPORT = "report", _("Report")
    LITERATURE_REVIEW = "literature_review", _("Literature review")
    ARTICLE = "article", _("Article")
    STUDY_DAY = "study_day", _("Study day")


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    SUBMITTED = "submitted", _("Submitted for review")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Sent back for changes")


OPEN_DELIVERABLE_STATUSES = [
    DeliverableStatus.PLANNED,
    DeliverableStatus.SUBMITTED,
    DeliverableStatus.REJECTED,
]


def deliverable_path(instance, filename: str) -> str:
    # A random name: the uploader's file name never reaches the disk, nor guessable URLs (trust 12).
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"research/{secrets.token_hex(16)}.{extension}"


class DeliverableQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=ResearchProject.objects.visible_to(user).values("pk"))

    def open(self):
        return self.filter(status__in=OPEN_DELIVERABLE_STATUSES)


class Deliverable(TimeStampedModel):
    """What the research produces by a date (RS3): its acceptance may release a payment (FN2)."""

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="deliverables")
    kind = models.CharField(_("kind"), max_length=30, choices=DeliverableKind.choices)
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"))
    responsible = models.ForeignKey(
        Organisation, verbose_name=_("responsible party"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DeliverableStatus.choices, default=DeliverableStatus.PLANNED
    )
    file = models.FileField(_("file"), upload_to=deliverable_path, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    objects = DeliverableQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_DELIVERABLE_STATUSES

    def is_late(self, today: datetime.date) -> bool:
        return self.is_open and self.due_date < today


class ValorisationAction(models.Model):
    """How the research is made known: a study day, a publication, a presentation (RS3)."""

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="valorisations")
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"))
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("valorisation action")
        verbose_name_plural = _("valorisation actions")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.title


class FunderStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    CONTACTED = "contacted", _("Contacted")
    APPLIED = "applied", _("Applied")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class FunderApplication(TimeStampedModel):
    """A potential funder of a project and where the search stands with it (RS4)."""

    project = models.ForeignKey(ResearchProject, on_delete=models.CASCADE, related_name="funders")
    funder = models.CharField(_("funder"), max_length=200, help_text=_("« Région », « ADEME », « CNFPT »..."))
    status = models.CharField(
        _("status"), max_length=20, choices=FunderStatus.choices, default=FunderStatus.IDENTIFIED
    )
    amount_asked = models.DecimalField(
        _("amount asked (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    amount_granted = models.DecimalField(
        _("amount granted (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("potential funder")
        verbose_name_plural = _("potential funders")
        ordering = ["funder"]
        constraints = [
            models.UniqueConstraint("project", Lower("funder"), name="research_funder_once_per_project"),
            models.CheckConstraint(
                condition=Q(amount_asked__isnull=True) | Q(amount_asked__gte=0), name="funder_asked_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount_granted__isnull=True) | Q(amount_granted__gte=0),
                name="funder_granted_positive",
            ),
            FieldCheckConstraint(
                field="amount_granted",
                condition=Q(amount_granted__isnull=True) | Q(status="granted"),
                name="funder_granted_only_when_granted",
                violation_error_message=_("An amount granted goes with the status « Granted »."),
            ),
            FieldCheckConstraint(
                field="decided_on",
                condition=Q(applied_on__isnull=True)
                | Q(decided_on__isnull=True)
                | Q(decided_on__gte=F("applied_on")),
                name="funder_decided_after_applied",
                violation_error_message=_("The decision is dated before the application."),
            ),
        ]

    def __str__(self) -> str:
        return self.funder


class StudyKind(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation")
    DIAGNOSIS = "diagnosis", _("Territorial diagnosis")
    OTHER = "other", _("Other study")


class StudyStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    QUOTED = "quoted", _("Answered with a quote")
    ACCEPTED = "accepted", _("Quote accepted")
    DELIVERED = "delivered", _("Delivered")
    DECLINED = "declined", _("Declined")


class StudyRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership__in=Partnership.objects.visible_to(user).values("pk"))


class StudyRequest(TimeStampedModel):
    """The authority asks the school for an evaluation or a territorial diagnosis (RS5)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="study_requests")
    requester = models.ForeignKey(
        Organisation, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    provider = models.ForeignKey(
        Organisation, verbose_name=_("asked of"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StudyKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    details = models.TextField(_("what is asked"), blank=True)
    requested_on = models.DateField(_("requested on"))
    wanted_by = models.DateField(_("wanted by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=StudyStatus.choices, default=StudyStatus.REQUESTED
    )
    answer = models.TextField(_("answer"), blank=True)
    quote = models.DecimalField(
        _("quote (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)

    objects = StudyRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("study request")
        verbose_name_plural = _("study requests")
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quote__isnull=True) | Q(quote__gte=0), name="study_quote_positive"
            ),
            FieldCheckConstraint(
                field="provider",
                condition=~Q(requester=F("provider")),
                name="study_request_between_two_organisations",
                violation_error_message=_(
                    "The study is asked of another organisation than the one that asks."
                ),
            ),
            FieldCheckConstraint(
                field="wanted_by",
                condition=Q(wanted_by__isnull=True) | Q(wanted_by__gte=F("requested_on")),
                name="study_wanted_after_requested",
                violation_error_message=_("This date is before the request."),
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("research:study_detail", args=[self.pk])
