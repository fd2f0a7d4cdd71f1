"""Shared infrastructure models: the audit trail and the access journal (DP3)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One business act, written inside the transaction of the act itself (append-only)."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_label = models.CharField(_("actor name"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # Set when the retention scrubbed the names from the row (trust 14): scrubbed, never deleted.
    scrubbed_at = models.DateTimeField(_("scrubbed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.target_label}"


class AppendOnlyError(Exception):
    """An attempt to change or remove an entry of an append-only journal."""


class AccessRecordQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access journal is append-only.")

    def delete(self):
        raise AppendOnlyError("The access journal is append-only: only purge_access_journal removes entries.")


class AccessRecord(models.Model):
    """One reading of a sensitive record (a student's placement or evaluation, a research project or
    deliverable): who, when, what (DP3, trust 18). Append-only: never updated, never deleted but by
    ``manage.py purge_access_journal`` once past its retention (``core/journal.py``)."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    # A plain id and a name, not a foreign key: removing an account must not rewrite its readings.
    reader_id = models.PositiveBigIntegerField(_("reader id"), null=True, blank=True)
    reader_label = models.CharField(_("reader"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=20)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    target_id = models.PositiveBigIntegerField()
    target_label = models.CharField(_("object"), max_length=300, blank=True)

    objects = AccessRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access journal")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.reader_label} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The access journal is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access journal is append-only: only purge_access_journal removes entries.")


class ErasureRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at__isnull=True)

    def visible_to(self, user):
        """Staff see every request; an organisation's administrators, the requests addressed to it."""
        from partenaria.organisations.models import Membership, Role

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff or user.is_superuser:
            return self
        administered = Membership.objects.active().filter(user=user, role=Role.ADMIN).values("organisation")
        return self.filter(organisation__in=administered)


class ErasureRequest(models.Model):
    """A person asks for the erasure of their data (« demande d'effacement », GDPR art. 17, DP2).

    Addressed to the administrators of one organisation of theirs, who must answer within one month
    (art. 12-3): ``due_on``. Answered when the person is anonymised (``privacy.person_anonymise``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_requests"
    )
    # None: the person belongs to no organisation; the platform's staff answer.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="erasure_requests",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    due_on = models.DateField(_("answer due by"))
    done_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ErasureRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return _("Erasure request no. %(pk)s") % {"pk": self.pk}
