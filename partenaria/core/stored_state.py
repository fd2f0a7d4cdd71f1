"""Two people editing the same record: the second save is refused (trust 22), on every edit form.

No version column is needed. When an edit form is rendered, it carries (hidden, ``{% submission_field
form %}``) a fingerprint of the record *as stored*: a hash of the stored values of the fields the form
edits (many-to-many included). When that form comes back:

1. ``StyledFormMixin.full_clean`` arms the check for this request: record (model, pk), fields, and
   the fingerprint the person started from;
2. the act's service saves the record inside its own transaction (``transaction.atomic(durable=True)``,
   as every act); just before the ``UPDATE``, the ``pre_save`` handler below locks the row
   (``select_for_update``), reads it again and recomputes the fingerprint;
3. if it differs, someone else saved the record meanwhile: ``ValidationError`` with the French message
   « Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez… ». The transaction is
   rolled back (the first edit stays intact), the view puts the message at the top of the form as any
   refusal of a service, and the form is shown again with what the second person typed.

Only the form's own fields are compared: a counter moved by another act (an event quota's places
taken) or a status changed by the daily job does not stop an edit of the title. The check is armed
per request (``StoredStateMiddleware``) and only by a form that posted a fingerprint, so services
called from the shell, the API or tests are unaffected; each armed record is checked once per request.
Conventions keep their own ``version`` column (``conventions/services.convention_update``), which
the convention form already carries.
"""

import hashlib
from contextvars import ContextVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models, router, transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

FIELD = "stored_state"

# (app_label.model, pk) -> (field names, fingerprint): armed for the current request only.
_armed: ContextVar[dict | None] = ContextVar("stored_state_armed", default=None)


def conflict_message() -> str:
    return _(
        "Someone else saved this record while you were editing it. Your changes were not saved; "
        "they are still in the form below. Open the page again to see the other version, then apply "
        "yours."
    )


def _fields(model, names):
    found = []
    for name in names:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if (field.many_to_many and not field.auto_created) or field.concrete:
            found.append(field)
    return found


def _value(obj, field):
    if field.many_to_many:
        return sorted(getattr(obj, field.name).values_list("pk", flat=True))
    value = field.value_from_object(obj)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    return value


def fingerprint(obj, names) -> str:
    """A hash of the values ``obj`` holds for the fields ``names`` (those that are model fields; all
    its columns but the primary key and timestamps when none is)."""
    fields = _fields(type(obj), sorted(names)) or [
        f
        for f in type(obj)._meta.concrete_fields
        if not f.primary_key and not getattr(f, "auto_now", False) and not getattr(f, "auto_now_add", False)
    ]
    data = [(field.name, _value(obj, field)) for field in fields]
    return hashlib.sha256(repr(data).encode()).hexdigest()[:32]


def stored(model, pk, *, lock: bool = False):
    """The record as stored; locked until the end of the transaction when ``lock`` and inside one."""
    using = router.db_for_write(model)
    rows = model._base_manager.using(using).filter(pk=pk)
    if lock and transaction.get_connection(using).in_atomic_block:
        rows = rows.select_for_update()
    return rows.first()


def _key(obj) -> tuple[str, object]:
    return obj._meta.concrete_model._meta.label_lower, obj.pk


def arm(obj, names, state: str) -> None:
    """Check at the next save of ``obj`` in this request that it still has the fingerprint ``state``."""
    armed = _armed.get()
    if armed is not None and obj is not None and obj.pk is not None and state:
        armed[_key(obj)] = (tuple(names), state[:64])


@receiver(pre_save, dispatch_uid="core.stored_state.check")
def _check_stored_state(sender, instance, raw=False, **kwargs):
    armed = _armed.get()
    if not armed or raw or instance.pk is None:
        return
    expected = armed.pop(_key(instance), None)
    if expected is None:
        return
    names, state = expected
    current = stored(type(instance)._meta.concrete_model, instance.pk, lock=True)
    if current is None or fingerprint(current, names) != state:
        raise ValidationError(conflict_message(), code="stale")


class StoredStateMiddleware:
    """Arms the checks for the length of one request, then forgets them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _armed.set({})
        try:
            return self.get_response(request)
        finally:
            _armed.reset(token)
