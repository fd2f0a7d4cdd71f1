"""E-mail reminders of deadlines at configurable offsets (CV3: "warns ahead of it").

For a deadline ``d`` days away, the reminder due is the one of the smallest offset >= ``d``
(settings.PARTENARIA_REMINDER_OFFSETS, e.g. 120, 60, 30 and 7 days before). A day missed is caught
up on the next run; a reminder already sent (ReminderSent, unique per deadline, offset and person)
is never sent again. Recipients: the partnership officers and administrators of the organisations
concerned. Each person receives at most one e-mail per run, listing all their reminders.
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partenaria.conventions.models import Partnership
from partenaria.organisations.models import MANAGER_ROLES, Membership

from . import engine
from .models import ReminderSent

logger = logging.getLogger(__name__)


def offset_due(days_left: int, offsets: list[int]) -> int | None:
    """The reminder offset that applies to a deadline ``days_left`` days away, if any."""
    eligible = [offset for offset in offsets if offset >= days_left]
    if days_left < 0 or not eligible:
        return None
    return min(eligible)


def send_reminders(today: datetime.date | None = None) -> int:
    """E-mail the reminders due on ``today``; returns the number of e-mails. Safe to run twice."""
    today = today or timezone.localdate()
    offsets = sorted(set(settings.PARTENARIA_REMINDER_OFFSETS))
    if not offsets:
        return 0
    until = today + datetime.timedelta(days=max(offsets))
    due: list[tuple[engine.Deadline, int]] = []
    with translation.override(settings.LANGUAGE_CODE):
        for deadline in engine.collect(Partnership.objects.all(), today=today, until=until):
            if deadline.is_late:
                continue
            offset = offset_due((deadline.date - today).days, offsets)
            if offset is not None:
                due.append((deadline, offset))
    if not due:
        return 0

    organisation_ids = set().union(*(deadline.organisation_ids for deadline, _ in due))
    people_by_organisation = defaultdict(set)
    users = {}
    for membership in (
        Membership.objects.active()
        .filter(organisation_id__in=organisation_ids, role__in=MANAGER_ROLES, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    ):
        people_by_organisation[membership.organisation_id].add(membership.user_id)
        users[membership.user_id] = membership.user
    already = set(
        ReminderSent.objects.filter(deadline_date__gte=today).values_list(
            "deadline_key", "offset_days", "recipient_id"
        )
    )

    per_user: dict[int, dict[str, tuple[engine.Deadline, int]]] = defaultdict(dict)
    for deadline, offset in due:
        for organisation_id in deadline.organisation_ids:
            for user_id in people_by_organisation.get(organisation_id, ()):
                if (deadline.key, offset, user_id) not in already:
                    per_user[user_id][deadline.key] = (deadline, offset)

    messages = []
    with transaction.atomic():
        for user_id, items in per_user.items():
            reminders = sorted(items.values(), key=lambda item: item[0].sort_key())
            try:
                with transaction.atomic():
                    ReminderSent.objects.bulk_create(
                        [
                            ReminderSent(
                                deadline_key=deadline.key,
                                deadline_date=deadline.date,
                                offset_days=offset,
                                recipient_id=user_id,
                            )
                            for deadline, offset in reminders
                        ]
                    )
            except IntegrityError:
                # Another run sent these at the same moment: they are not sent twice.
                continue
            messages.append(_message(users[user_id], reminders, today))
        if messages:
            transaction.on_commit(lambda: _send(messages))
    return len(messages)


def _message(user, reminders, today) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "today": today,
            "reminders": [
                {"deadline": deadline, "offset": offset, "days_left": (deadline.date - today).days}
                for deadline, offset in reminders
            ],
            "site_url": getattr(settings, "PARTENARIA_SITE_URL", "").rstrip("/"),
        }
        if len(reminders) == 1:
            subject = _("Partenaria reminder: %(title)s on %(date)s") % {
                "title": reminders[0][0].title,
                "date": reminders[0][0].date.strftime("%d/%m/%Y"),
            }
        else:
            subject = _("Partenaria: %(count)s deadlines are coming") % {"count": len(reminders)}
        body = render_to_string("deadlines/reminder_email.txt", context)
    return EmailMessage(subject=subject[:200], body=body, to=[user.email])


def _send(messages: list[EmailMessage]) -> None:
    sent = mailers.default.send_messages(messages)
    logger.info("Deadline reminders: %s e-mail(s) sent", sent)
