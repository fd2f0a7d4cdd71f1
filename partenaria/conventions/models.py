"""Partnerships and their conventions, parties, approval steps, content and amendments (CV1-CV8)."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from partenaria.core.constraints import FieldCheckConstraint
from partenaria.core.models import TimeStampedModel
from partenaria.organisations.models import PARTNERSHIP_READER_ROLES, Organisation, Person

from . import terms
from .statuses import Status


def visible_organisation_ids(user):
    """Organisations through which ``user`` may see partnerships (DP1)."""
    from partenaria.organisations.models import Membership

    return (
        Membership.objects.active()
        .filter(user=user, role__in=PARTNERSHIP_READER_ROLES)
        .values("organisation_id")
    )


# --- Partnerships ------------------------------------------------------------------------------


class PartnershipKind(models.TextChoices):
    TRAINING = "training", _("School and employer cooperation")
    EUROPEAN = "european", _("European project")
    OTHER = "other", _("Other")


class PartnershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(members__organisation__in=visible_organisation_ids(user)).distinct()

    def of_organisation(self, organisation):
        return self.filter(members__organisation=organisation).distinct()


class Partnership(TimeStampedModel):
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(
        _("kind"), max_length=20, choices=PartnershipKind.choices, default=PartnershipKind.TRAINING
    )
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_partnerships",
    )
    organisations = models.ManyToManyField(
        Organisation, through="PartnershipMember", related_name="partnerships"
    )

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conventions:partnership_detail", args=[self.pk])


class MemberStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    PENDING = "pending", _("Pending validation")
    TO_CONFIRM = "to_confirm", _("To be confirmed")


class PartnershipMember(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="partnership_members"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.CONFIRMED
    )
    role = models.CharField(_("role in the partnership"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("partnership member")
        verbose_name_plural = _("partnership members")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "organisation"], name="partnership_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"


# --- Conventions -------------------------------------------------------------------------------


class ConventionKind(models.TextChoices):
    FRAMEWORK = "framework", _("Framework convention")
    AMENDMENT = "amendment", _("Amendment")
    HOST_SITE = "host_site", _("Host-site framework convention")
    OTHER = "other", _("Other convention")


class StartMode(models.TextChoices):
    SIGNATURE = "signature", _("On the signature date")
    FIXED = "fixed", _("On a fixed date")


class NoticeForm(models.TextChoices):
    REGISTERED_LETTER = "registered_letter", _("Registered letter with acknowledgment of receipt")
    SIMPLE_LETTER = "simple_letter", _("Simple letter")
    EMAIL = "email", _("E-mail")
    NONE = "none", _("No form specified")


class ConventionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(partnership__in=Partnership.objects.visible_to(user).values("pk"))

    def of_organisation(self, organisation):
        return self.filter(partnership__members__organisation=organisation).distinct()

    def with_extensions(self):
        """Annotate the months added to the term by signed amendments (one query, no N+1)."""
        extension = (
            AmendmentChange.objects.filter(
                amendment__parent=models.OuterRef("pk"),
                kind=ChangeKind.TERM_EXTENSION,
                amendment__status__in=[Status.SIGNED, Status.ACTIVE, Status.RENEWED, Status.EXPIRED],
            )
            .values("amendment__parent")
            .annotate(total=Sum("months"))
            .values("total")
        )
        return self.annotate(extension_months_total=Coalesce(models.Subquery(extension), 0))

    def for_listing(self):
        return (
            self.with_extensions()
            .select_related("partnership", "parent")
            .prefetch_related(
                models.Prefetch(
                    "parties",
                    queryset=Party.objects.select_related("organisation").order_by("position", "pk"),
                ),
                models.Prefetch(
                    "denunciations",
                    queryset=Denunciation.objects.filter(is_accepted=True).order_by("received_on"),
                ),
            )
        )

    def in_force(self):
        return self.filter(status__in=[Status.SIGNED, Status.ACTIVE, Status.RENEWED, Status.DENOUNCED])


class Convention(TimeStampedModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="conventions")
    kind = models.CharField(
        _("kind"), max_length=20, choices=ConventionKind.choices, default=ConventionKind.FRAMEWORK
    )
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("amended convention"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Signature (CV1)
    signature_place = models.CharField(_("place of signature"), max_length=120, blank=True)
    signature_date = models.DateField(_("date of signature"), null=True, blank=True)
    originals_count = models.PositiveSmallIntegerField(_("number of originals"), null=True, blank=True)
    # Term (CV2): the end is derived by terms.py, never stored.
    start_mode = models.CharField(
        _("start"), max_length=20, choices=StartMode.choices, default=StartMode.FIXED
    )
    start_date = models.DateField(
        _("start date"), null=True, blank=True, help_text=_("When the start is a fixed date.")
    )
    term_months = models.PositiveSmallIntegerField(_("term (months)"))
    # Renewal and notice (CV3)
    tacit_renewal = models.BooleanField(_("tacit renewal"), default=False)
    max_renewals = models.PositiveSmallIntegerField(
        _("maximum number of renewals"), null=True, blank=True, help_text=_("Empty: renewed until denounced.")
    )
    notice_months = models.PositiveSmallIntegerField(_("notice period (months)"), default=0)
    notice_form = models.CharField(
        _("form of the notice"), max_length=30, choices=NoticeForm.choices, default=NoticeForm.NONE
    )
    # Dates that the source documents do not give are chosen for the demo and flagged as such.
    dates_are_illustrative = models.BooleanField(_("illustrative dates"), default=False)
    synthesis = models.TextField(_("synthesis of the work done"), blank=True)
    # Optimistic locking: a save based on an older version is refused (trust 22).
    version = models.PositiveIntegerField(default=1)

    objects = ConventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        ordering = ["partnership", "start_date", "pk"]
        indexes = [models.Index(fields=["partnership", "status"], name="convention_partnership_status")]
        constraints = [
            models.CheckConstraint(condition=Q(term_months__gte=1), name="convention_term_positive"),
            models.CheckConstraint(
                condition=Q(kind="amendment", parent__isnull=False) | ~Q(kind="amendment"),
                name="amendment_has_parent",
            ),
            FieldCheckConstraint(
                field="originals_count",
                condition=Q(originals_count__isnull=True) | Q(originals_count__gte=1),
                name="convention_originals_positive",
                violation_error_message=_("At least one original is signed."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("conventions:convention_detail", args=[self.pk])

    def clean(self):
        errors = validate_convention(self)
        if errors:
            raise ValidationError(errors)

    # -- dates ---------------------------------------------------------------------------------

    @property
    def effective_start(self) -> datetime.date | None:
        return self.signature_date if self.start_mode == StartMode.SIGNATURE else self.start_date

    @property
    def extension_months(self) -> int:
        annotated = getattr(self, "extension_months_total", None)
        if annotated is not None:
            return annotated
        return (
            AmendmentChange.objects.filter(
                amendment__parent=self,
                kind=ChangeKind.TERM_EXTENSION,
                amendment__status__in=[Status.SIGNED, Status.ACTIVE, Status.RENEWED, Status.EXPIRED],
            ).aggregate(total=Sum("months"))["total"]
            or 0
        )

    def accepted_denunciation(self):
        denunciations = [d for d in self.denunciations.all() if d.is_accepted]
        return min(denunciations, key=lambda d: d.takes_effect_on) if denunciations else None

    def term_rules(self) -> terms.TermRules | None:
        start = self.effective_start
        if start is None:
            return None
        denunciation = self.accepted_denunciation()
        return terms.TermRules(
            start=start,
            term_months=self.term_months,
            extension_months=self.extension_months,
            tacit_renewal=self.tacit_renewal,
            max_renewals=self.max_renewals,
            notice_months=self.notice_months,
            stops_at=denunciation.takes_effect_on if denunciation else None,
        )

    def schedule(self, today: datetime.date | None = None) -> terms.Schedule | None:
        rules = self.term_rules()
        if rules is None:
            return None
        return terms.schedule(rules, today or timezone.localdate())

    @cached_property
    def current_schedule(self) -> terms.Schedule | None:
        return self.schedule()

    @property
    def end_date(self) -> datetime.date | None:
        """End of the current term (the final end when the convention does not renew)."""
        schedule = self.current_schedule
        return schedule.current.end if schedule else None

    @property
    def notice_deadline(self) -> datetime.date | None:
        schedule = self.current_schedule
        return schedule.notice_deadline if schedule else None

    @property
    def notice_send_by(self) -> datetime.date | None:
        deadline = self.notice_deadline
        if deadline is None or self.notice_form != NoticeForm.REGISTERED_LETTER:
            return None
        return terms.recommended_sending_date(deadline, settings.PARTENARIA_REGISTERED_LETTER_DAYS)


class Party(models.Model):
    """An organisation that signs a convention, with who signs for it and by which delegation (CV1)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="convention_parties",
    )
    designation = models.CharField(
        _("designated as"), max_length=120, blank=True, help_text=_("« Le Département », « l'ISSM »...")
    )
    representative = models.ForeignKey(
        Person, verbose_name=_("representative"), null=True, blank=True, on_delete=models.SET_NULL
    )
    representative_name = models.CharField(_("representative's name"), max_length=200, blank=True)
    capacity = models.CharField(
        _("capacity"), max_length=250, blank=True, help_text=_("« Le Président du Conseil départemental »")
    )
    delegation = models.CharField(
        _("delegation"),
        max_length=300,
        blank=True,
        help_text=_("« Pour le Président et par délégation, le Vice-Président »"),
    )
    authorised_by = models.CharField(
        _("authorised by"),
        max_length=300,
        blank=True,
        help_text=_("Deliberation that authorises the signature."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["convention", "organisation"], name="party_once_per_convention")
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def signatory(self) -> str:
        return str(self.representative) if self.representative_id else self.representative_name


class ApprovalStepKind(models.TextChoices):
    REPORT = "report", _("Report of the instructing service")
    ASSEMBLY_VOTE = "assembly_vote", _("Vote of the assembly")
    PERMANENT_COMMISSION_VOTE = (
        "permanent_commission_vote",
        _("Vote of the Commission permanente under delegation"),
    )
    BOARD_DELIBERATION = "board_deliberation", _("Deliberation of the board")
    COUNCIL_DELIBERATION = "council_deliberation", _("Deliberation of the council")
    SIGNATURE = "signature", _("Signature")
    OTHER = "other", _("Other step")


class ApprovalStep(models.Model):
    """One step of the approval of a public body (CV7): report, vote, signature."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="approval_steps")
    organisation = models.ForeignKey(Organisation, verbose_name=_("body"), on_delete=models.PROTECT)
    kind = models.CharField(_("step"), max_length=40, choices=ApprovalStepKind.choices)
    reference = models.CharField(
        _("reference"), max_length=100, blank=True, help_text=_("Report number, e.g. CP-2010-9-4-3.")
    )
    instructing_service = models.CharField(_("instructing service"), max_length=200, blank=True)
    consulted_service = models.CharField(_("consulted service"), max_length=200, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    outcome = models.CharField(_("decision"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}".strip()


# Votes and deliberations: what authorises the signature of a public body (CV7).
VOTE_KINDS = frozenset(
    {
        ApprovalStepKind.ASSEMBLY_VOTE,
        ApprovalStepKind.PERMANENT_COMMISSION_VOTE,
        ApprovalStepKind.BOARD_DELIBERATION,
        ApprovalStepKind.COUNCIL_DELIBERATION,
    }
)


def approval_order_errors(steps: Iterable[ApprovalStep], step: ApprovalStep) -> list[str]:
    """Why ``step`` breaks the order report -> vote of its body among ``steps`` (CV7), if it does.

    A body votes on the report of its instructing service: its vote cannot be dated before that
    report, nor a report after the vote it prepares. Undated steps are not compared.
    """
    if step.date is None:
        return []
    others = [s for s in steps if s.organisation_id == step.organisation_id and s.pk != step.pk and s.date]
    if step.kind in VOTE_KINDS:
        reports = [s.date for s in others if s.kind == ApprovalStepKind.REPORT and s.date > step.date]
        if reports:
            return [
                _("The vote cannot precede the report it decides on (report of %(date)s).")
                % {"date": date_format(max(reports), "j F Y")}
            ]
    elif step.kind == ApprovalStepKind.REPORT:
        votes = [s.date for s in others if s.kind in VOTE_KINDS and s.date < step.date]
        if votes:
            return [
                _("The report cannot come after the vote it prepares (vote of %(date)s).")
                % {"date": date_format(min(votes), "j F Y")}
            ]
    return []


def bodies_awaiting_vote(steps: Iterable[ApprovalStep], *, on: datetime.date) -> list[Organisation]:
    """Bodies whose report is recorded but not yet voted on by ``on``, the day of signature (CV7).

    A public body that instructs a report signs only once its assembly, its Commission permanente
    or its board has voted: a vote undated or dated after the signature does not authorise it.
    Parties that recorded no report (a school's association, say) are not held to it.
    """
    steps = list(steps)
    awaiting = []
    for step in steps:
        if step.kind != ApprovalStepKind.REPORT or step.organisation in awaiting:
            continue
        voted = any(
            s.organisation_id == step.organisation_id and s.kind in VOTE_KINDS and s.date and s.date <= on
            for s in steps
        )
        if not voted:
            awaiting.append(step.organisation)
    return awaiting


class ArticleKind(models.TextChoices):
    PREAMBLE = "preamble", _("Preamble")
    CONTEXT = "context", _("Context")
    STAKES = "stakes", _("Stakes")
    ORIENTATIONS = "orientations", _("Orientations")
    ARTICLE = "article", _("Article")
    ANNEX = "annex", _("Annex")


class Article(models.Model):
    """A block of the structured content of a convention (CV6)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="articles")
    kind = models.CharField(
        _("kind"), max_length=20, choices=ArticleKind.choices, default=ArticleKind.ARTICLE
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    body = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["position", "pk"]
        constraints = [
            FieldCheckConstraint(
                field="body",
                condition=~Q(title="", body=""),
                name="article_has_title_or_text",
                violation_error_message=_("Write a title or a text."),
            ),
            FieldCheckConstraint(
                field="number",
                condition=~Q(kind="article") | ~Q(number=""),
                name="article_numbered",
                violation_error_message=_("Give the number of the article."),
            ),
        ]

    def __str__(self) -> str:
        if self.kind == ArticleKind.ARTICLE:
            return f"{_('Article')} {self.number} – {self.title}".strip(" –")
        return f"{self.get_kind_display()} {self.title}".strip()


class Frequency(models.TextChoices):
    ONCE = "once", _("Once")
    MONTHLY = "monthly", _("Every month")
    QUARTERLY = "quarterly", _("Every quarter")
    TWICE_YEARLY = "twice_yearly", _("Twice a year")
    YEARLY = "yearly", _("Every year")


FREQUENCY_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.TWICE_YEARLY: 6,
    Frequency.YEARLY: 12,
}


class Commitment(models.Model):
    """What a party owes to another under an article, by a date or at a rhythm (CV6)."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="commitments")
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    debtor = models.ForeignKey(
        Organisation, verbose_name=_("owed by"), on_delete=models.PROTECT, related_name="commitments_owed"
    )
    creditor = models.ForeignKey(
        Organisation,
        verbose_name=_("owed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="commitments_due",
        help_text=_("Empty: the other parties."),
    )
    description = models.CharField(_("what is owed"), max_length=500)
    frequency = models.CharField(
        _("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.ONCE
    )
    due_date = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("The date, or the first occurrence when it recurs.")
    )
    fulfilled_until = models.DateField(_("fulfilled up to"), null=True, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "pk"]
        constraints = [
            FieldCheckConstraint(
                field="creditor",
                condition=Q(creditor__isnull=True) | ~Q(creditor=models.F("debtor")),
                name="commitment_creditor_not_debtor",
                violation_error_message=_("A party does not owe something to itself."),
            ),
            FieldCheckConstraint(
                field="due_date",
                condition=Q(frequency="once") | Q(due_date__isnull=False),
                name="commitment_recurring_has_date",
                violation_error_message=_("Give the date of the first occurrence of a recurring commitment."),
            ),
            FieldCheckConstraint(
                field="description",
                condition=~Q(description=""),
                name="commitment_says_what_is_owed",
                violation_error_message=_("Say what is owed."),
            ),
        ]

    def __str__(self) -> str:
        return self.description


class ChangeKind(models.TextChoices):
    TERM_EXTENSION = "term_extension", _("Term extended")
    ARTICLE_MODIFIED = "article_modified", _("Article modified")
    ARTICLE_ADDED = "article_added", _("Article added")
    AMOUNT_CHANGED = "amount_changed", _("Amount changed")
    OTHER = "other", _("Other change")


class AmendmentChange(models.Model):
    """What an amendment changes in its parent convention (CV4)."""

    amendment = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=30, choices=ChangeKind.choices)
    months = models.PositiveSmallIntegerField(_("months added"), null=True, blank=True)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article of the amended convention"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amended_by",
    )
    number = models.CharField(_("article number"), max_length=20, blank=True)
    title = models.CharField(_("article title"), max_length=300, blank=True)
    new_text = models.TextField(_("new text"), blank=True)
    amount = models.DecimalField(
        _("new amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("amendment change")
        verbose_name_plural = _("amendment changes")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="term_extension") | Q(months__gte=1), name="extension_has_months"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="change_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.description or self.get_kind_display()


class Denunciation(models.Model):
    """A party's notice that it ends the convention (CV8), with its dates of sending and receipt."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="denunciations")
    party = models.ForeignKey(Organisation, verbose_name=_("denouncing party"), on_delete=models.PROTECT)
    form = models.CharField(_("form"), max_length=30, choices=NoticeForm.choices)
    sent_on = models.DateField(_("sent on"))
    received_on = models.DateField(_("received on"))
    takes_effect_on = models.DateField(_("takes effect on"))
    is_accepted = models.BooleanField(default=True)
    reason = models.TextField(_("reason"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("denunciation")
        verbose_name_plural = _("denunciations")
        ordering = ["received_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(received_on__gte=models.F("sent_on")), name="denunciation_received_after_sent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} – {self.received_on}"


# Bounds that keep every derived date (renewals included) computable.
MAX_TERM_MONTHS = 99 * 12
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2200, 12, 31)


def validate_convention(convention: Convention) -> dict[str, list[str]]:
    """Rules on a convention's own fields, shared by the model, forms and the API (CV2, CV3, CV4)."""
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if convention.term_months is not None and convention.term_months < 1:
        add("term_months", _("The term lasts at least one month."))
    elif convention.term_months is not None and convention.term_months > MAX_TERM_MONTHS:
        add(
            "term_months", _("A convention lasts at most %(years)s years.") % {"years": MAX_TERM_MONTHS // 12}
        )
    for field in ("start_date", "signature_date"):
        day = getattr(convention, field)
        if day is not None and not (EARLIEST_DATE <= day <= LATEST_DATE):
            add(field, _("Give a date between 1900 and 2200."))
    if convention.start_mode == StartMode.FIXED and convention.start_date is None:
        add("start_date", _("Give the start date, or choose a start on the signature date."))
    if (
        convention.term_months
        and convention.notice_months is not None
        and convention.notice_months >= convention.term_months
    ):
        add("notice_months", _("The notice period must be shorter than the term of the convention."))
    if convention.max_renewals is not None and not convention.tacit_renewal:
        add("max_renewals", _("A maximum number of renewals only applies with tacit renewal."))
    if convention.kind == ConventionKind.AMENDMENT:
        if convention.parent_id is None:
            add("parent", _("An amendment must name the convention it amends."))
        elif convention.parent.kind == ConventionKind.AMENDMENT:
            add("parent", _("An amendment amends a convention, not another amendment."))
        elif convention.partnership_id and convention.parent.partnership_id != convention.partnership_id:
            add("parent", _("The amended convention belongs to another partnership."))
    elif convention.parent_id is not None:
        add("parent", _("Only an amendment names an amended convention."))
    if convention.signature_date and convention.signature_date > timezone.localdate():
        add("signature_date", _("The date of signature cannot be in the future."))
    return errors


# --- Disputes (amicable settlement clause, CV9) ---------------------------------------------------


class DisputeOutcome(models.TextChoices):
    SETTLED = "settled", _("Settled amicably")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ESCALATED = "escalated", _("Escalated to the court")


class Dispute(TimeStampedModel):
    """A difficulty in carrying out a convention that its parties try to settle amicably (CV9).

    Open while ``outcome`` is empty; closed (read-only) once it has an outcome and a closing date.
    """

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="disputes")
    opened_on = models.DateField(_("opened on"))
    raised_by = models.ForeignKey(
        Organisation, verbose_name=_("raised by"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=DisputeOutcome.choices, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    resolution = models.TextField(_("what was agreed or decided"), blank=True)
    dates_are_illustrative = models.BooleanField(_("illustrative dates"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="dispute_closed_after_opened",
            ),
            # An outcome and a closing date go together: that is what "closed" means.
            models.CheckConstraint(
                condition=Q(outcome="", closed_on__isnull=True)
                | (~Q(outcome="") & Q(closed_on__isnull=False)),
                name="dispute_outcome_with_closing_date",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_closed(self) -> bool:
        return bool(self.outcome)

    def get_absolute_url(self) -> str:
        return reverse("conventions:dispute_detail", args=[self.convention_id, self.pk])


class DisputeStepKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter")
    PROPOSAL = "proposal", _("Settlement proposal")
    MEDIATION = "mediation", _("Mediation")
    OTHER = "other", _("Other step")


class DisputeStep(models.Model):
    """A dated step of the search for an amicable settlement: a meeting, a letter, a proposal (CV9)."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="steps")
    date = models.DateField(_("date"))
    kind = models.CharField(_("step"), max_length=20, choices=DisputeStepKind.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dispute step")
        verbose_name_plural = _("dispute steps")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date}"
