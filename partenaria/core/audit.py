"""Audit trail helpers (DP3): every business act writes one AuditEvent inside its transaction.

Action codes are dotted (``convention.signed``); each app registers the words that describe its
codes in the history tab with :func:`register_verbs`.
"""

import datetime
import decimal
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent

SECRET_FIELDS = {"password", "key", "token", "key_hash", "calendar_token"}
_VERBS: dict[str, Any] = {}


def register_verbs(verbs: Mapping[str, Any]) -> None:
    _VERBS.update(verbs)


def describe(action: str) -> str:
    """Words for an action code ("a signé la convention"), or the code itself when unknown."""
    return str(_VERBS.get(action, action))


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}, secrets masked."""
    changed = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old != new:
            if field in SECRET_FIELDS:
                changed[field] = ["***", "***"]
            else:
                changed[field] = [_jsonable(old), _jsonable(new)]
    return changed


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: getattr(instance, name) for name in names}


def stored(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The values of ``instance`` as the database holds them: the "before" of a change. A model form
    has already set the new values on the instance it validated, so a snapshot of that instance
    would see no change and the act would go unaudited (tests/test_audit_coverage.py)."""
    if instance.pk is None:
        return snapshot(instance, fields)
    return snapshot(type(instance)._base_manager.get(pk=instance.pk), fields)


def log_action(
    *, actor, action: str, target: models.Model, changes: Mapping[str, Any] | None = None
) -> AuditEvent:
    """Record one act. Call it inside the service's transaction so both land or neither does."""
    label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        label = actor.get_full_name() or actor.email
    else:
        actor = None
        label = str(_("Partenaria (automatic)"))
    return AuditEvent.objects.create(
        actor=actor,
        actor_label=label,
        action=action,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=target.pk,
        target_label=str(target)[:300],
        changes={k: _jsonable(v) for k, v in (changes or {}).items()},
    )


def history_for(target: models.Model):
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False), target_id=target.pk
    ).select_related("actor")
