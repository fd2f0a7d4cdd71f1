"""The access journal: who read which sensitive record, and when (DP3, trust 18).

The audit trail (``core/audit.py``) says who *did* what; this journal says who *read* the records
whose reading itself must be accountable: a student's placement and the tutor's evaluation, a
research project (data on the people studied) and its deliverables. A view calls
:func:`record_access` once it has fetched the object through ``visible_to`` (one line).

Entries are append-only: ``AccessRecord.save`` refuses a change, ``delete`` and queryset
``update``/``delete`` refuse outright, and on PostgreSQL a trigger refuses ``UPDATE`` always and
``DELETE`` outside :func:`purge` (SQLite: ``UPDATE`` refused by a trigger). :func:`purge` removes
the entries older than the retention, ``PARTENARIA_ACCESS_JOURNAL_DAYS`` (365 days by default, the
CNIL's recommendation for access logs being six months to a year).
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from .models import AccessRecord

DEFAULT_RETENTION_DAYS = 365
# The session flag the PostgreSQL trigger checks before letting a DELETE through.
PURGE_FLAG = "partenaria.journal_purge"


def retention_days() -> int:
    return int(getattr(settings, "PARTENARIA_ACCESS_JOURNAL_DAYS", DEFAULT_RETENTION_DAYS))


def record_access(user, target, action: str = "read", *, reader_label: str = "") -> AccessRecord:
    """Write one entry: ``user`` read (or downloaded) ``target``. A reader without an account (a
    tutor through the link of an e-mail) is named by ``reader_label``."""
    authenticated = user is not None and user.is_authenticated
    return AccessRecord.objects.create(
        reader_id=user.pk if authenticated else None,
        reader_label=(user.get_full_name() or user.get_username())[:200]
        if authenticated
        else reader_label[:200],
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_label=str(target)[:300],
    )


def purge(*, today: datetime.date | None = None) -> int:
    """Remove the entries older than the retention; return how many were removed."""
    now = (
        timezone.now()
        if today is None
        else timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    )
    limit = now - datetime.timedelta(days=retention_days())
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_FLAG])
        # The queryset's delete() refuses: the purge is the one place that removes rows.
        return AccessRecord.objects.filter(at__lt=limit)._raw_delete(connection.alias)
