"""What the reminders have already sent, so that no one receives the same reminder twice (CV3)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """One reminder of one deadline at one offset, e-mailed to one person.

    The unique constraint is what guarantees "never twice", even when two runs overlap.
    """

    deadline_key = models.CharField(_("deadline"), max_length=200)
    deadline_date = models.DateField(_("deadline date"))
    offset_days = models.PositiveSmallIntegerField(_("days before"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_received"
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline_key", "offset_days", "recipient"], name="reminder_sent_once"
            )
        ]
        indexes = [models.Index(fields=["deadline_date"])]

    def __str__(self) -> str:
        return f"{self.deadline_key} (J-{self.offset_days}) → {self.recipient_id}"
