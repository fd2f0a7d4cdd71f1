"""A person's data: access (export) and erasure (anonymisation), DP2; trust items 15 and 16.

The walk is generic: it starts from the records that *are* the person (their account, their
directory entries, their student and tutor files, every declared row carrying their e-mail address)
and follows, through the model meta, every relation that points to a record already found
(foreign keys, one-to-one, many-to-many), restricted to the models declared as personal data in the
register (``partenaria/core/gdpr.py``). A new model linked to a person must be declared there
(``tests/core/test_gdpr.py``), so it is followed here without a line to add.

Erasure keeps the records the law requires (agreements, payments, placements) and removes the
identity from them: names, e-mail addresses, phones, addresses replaced; the free-text fields
declared in ``Processing.cleared_on_erasure`` emptied; credentials (API tokens, two-factor devices)
deleted; the audit trail's copies of the name and address scrubbed.
"""

import csv
import datetime
import decimal
import io
import json
import re
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models.functions import Cast
from django.utils import timezone

from . import audit
from .gdpr import PERSON_MODELS, PERSONAL_NAMES, processings
from .models import AuditEvent

# How far from the person the walk goes (person -> placement -> evaluation is 2).
MAX_DEPTH = 3
# Not followed: the audit trail is exported for the person's own acts only (its ``actor`` link),
# never the other rows that merely point at the same content type.
PLACEHOLDER_NAME = "Anonyme"
ERASED_DOMAIN = "anonyme.invalid"


def declared_models() -> dict[str, type[models.Model]]:
    found = {}
    for processing in processings():
        for label in processing.models:
            try:
                found[label] = apps.get_model(label)
            except LookupError:  # an optional app not installed
                continue
    return found


def cleared_fields() -> dict[str, list[str]]:
    """Free-text fields about people, emptied on erasure, as declared by the apps."""
    cleared: dict[str, list[str]] = defaultdict(list)
    for processing in processings():
        for path in processing.cleared_on_erasure:
            label, _dot, name = path.rpartition(".")
            cleared[label].append(name)
    return cleared


def links(model: type[models.Model]) -> list[models.Field]:
    """The relations of ``model`` that point to another model (FK, one-to-one, many-to-many)."""
    return [
        f for f in model._meta.get_fields() if f.concrete and f.is_relation and f.related_model is not None
    ]


def followed_links() -> set[tuple[str, str]]:
    """Every (model, field) the walk follows: each relation of a declared model to a declared model."""
    declared = declared_models()
    return {
        (label, f.name)
        for label, model in declared.items()
        for f in links(model)
        if f.related_model._meta.label in declared
    }


def subject_link(model: type[models.Model]) -> models.Field | None:
    """The person a record is about: its first required link to a person (a placement's student,
    not its tutor), or None (a campaign's contact is not its subject)."""
    for f in links(model):
        if not f.many_to_many and not f.null and f.related_model._meta.label in PERSON_MODELS:
            return f
    return None


def email_fields(model: type[models.Model]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if not f.is_relation and ("email" in f.name or f.name == "username")
    ]


@dataclass
class PersonData:
    """The rows holding a person's data, by model label."""

    email: str
    rows: dict[str, dict[int, models.Model]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, instance: models.Model) -> bool:
        label = instance._meta.label
        if instance.pk in self.rows[label]:
            return False
        self.rows[label][instance.pk] = instance
        return True

    def labels(self) -> list[str]:
        return sorted(label for label, rows in self.rows.items() if rows)

    def count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


def collect(*, user=None, email: str = "", person=None, roots=()) -> PersonData:
    """Every declared row about the person: the account ``user``, the directory entry ``person``,
    the other records that are them (``roots``: a student file) and every declared row carrying the
    e-mail address ``email`` (the account's by default)."""
    email = (email or (user.email if user is not None else "")).strip()
    data = PersonData(email=email)
    declared = declared_models()
    frontier: list[models.Model] = []
    for root in (user, person, *roots):
        if root is not None and data.add(root):
            frontier.append(root)
    if email:
        for model in declared.values():
            query = models.Q()
            for name in email_fields(model):
                query |= models.Q(**{f"{name}__iexact": email})
            if query:
                for row in model._default_manager.filter(query):
                    if data.add(row):
                        frontier.append(row)
    for _depth in range(MAX_DEPTH):
        by_model: dict[type[models.Model], list] = defaultdict(list)
        for row in frontier:
            by_model[row._meta.concrete_model].append(row.pk)
        frontier = []
        for model in declared.values():
            for link in links(model):
                target = link.related_model._meta.concrete_model
                if target not in by_model or (
                    model._meta.label == "core.AuditEvent" and link.name != "actor"
                ):
                    continue
                if target._meta.label not in PERSON_MODELS and model._meta.label in PERSON_MODELS:
                    # A person pointing at a record (a tutor at a host site) is another person.
                    continue
                for row in model._default_manager.filter(**{f"{link.name}__in": by_model[target]}).distinct():
                    # The walk goes on from the person's other files (their directory entry, their
                    # student file) and from the records whose subject they are (their placement,
                    # not the placements they tutor; not a campaign they are the contact of).
                    if data.add(row) and (model._meta.label in PERSON_MODELS or link == subject_link(model)):
                        frontier.append(row)
        if not frontier:
            break
    return data


SKIPPED = {"password", "calendar_token", "key", "key_hash", "session_data", "token"}


def _value(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def as_dicts(data: PersonData) -> dict[str, list[dict]]:
    """The rows as plain values, secrets left out, many-to-many as lists of ids."""
    out = {}
    for label in data.labels():
        model = apps.get_model(label)
        rows = []
        for instance in sorted(data.rows[label].values(), key=lambda r: r.pk):
            row = {}
            for f in model._meta.concrete_fields:
                if f.name in SKIPPED:
                    continue
                row[f.attname] = _value(getattr(instance, f.attname))
            for f in model._meta.many_to_many:
                row[f.name] = sorted(getattr(instance, f.name).values_list("pk", flat=True))
            rows.append(row)
        out[label] = rows
    return out


def export_json(data: PersonData) -> str:
    payload = {"email": data.email, "records": as_dicts(data)}
    return json.dumps(payload, ensure_ascii=False, indent=2, default=str)


def export_csv_zip(data: PersonData) -> bytes:
    """A zip of one CSV per model (UTF-8 with BOM, ``;`` separated, as French spreadsheets expect)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for label, rows in as_dicts(data).items():
            text = io.StringIO()
            columns = list(rows[0]) if rows else []
            writer = csv.DictWriter(text, fieldnames=columns, delimiter=";")
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in row.items()}
                )
            archive.writestr(f"{label}.csv", "\ufeff" + text.getvalue())
    return buffer.getvalue()


def _target(by, user, person, roots=()):
    for candidate in (user, person, *roots, by):
        if candidate is not None:
            return candidate
    return None


def person_export(*, by, fmt: str, user=None, email: str = "", person=None) -> tuple[bytes, str]:
    """A person's data, as JSON or a zip of CSVs (DP2, access right), the export written to the audit
    trail without the data itself. Returns the bytes and the content type."""
    data = collect(user=user, email=email, person=person)
    target = _target(by, user, person)
    with transaction.atomic(durable=True):
        audit.log_action(
            actor=by,
            action="privacy.person_exported",
            target=target,
            changes={"format": fmt, "records": data.count(), "models": data.labels()},
        )
    if fmt == "json":
        return export_json(data).encode(), "application/json"
    return export_csv_zip(data), "application/zip"


# --- Erasure -----------------------------------------------------------------------------------

CREDENTIALS = ("accounts.ApiToken", "otp_totp.TOTPDevice", "otp_static.StaticDevice")


def _anonymise_row(instance: models.Model, cleared: list[str]) -> list[str]:
    changed = []
    for f in instance._meta.concrete_fields:
        if f.is_relation or f.primary_key:
            continue
        name = f.name
        if not (any(part in name for part in PERSONAL_NAMES) or name in cleared):
            continue
        if name == "session_data":
            continue
        old = getattr(instance, f.attname)
        if isinstance(f, models.EmailField) or (name in ("email", "username") and not f.blank):
            new = f"personne-{instance._meta.model_name}-{instance.pk}@{ERASED_DOMAIN}"
        elif name in ("first_name", "last_name") and not f.blank:
            new = PLACEHOLDER_NAME if name == "last_name" else "-"
        elif name in cleared and old:
            # A note about the person: replaced by the placeholder, so that a record the law keeps
            # (a submitted evaluation must carry an appreciation) stays valid.
            new = PLACEHOLDER_NAME
        elif f.null:
            new = None
        elif isinstance(f, models.CharField | models.TextField):
            new = PLACEHOLDER_NAME if not f.blank else ""
        else:
            continue
        if isinstance(f, models.EmailField) and f.blank and name != "email":
            new = ""
        if old != new:
            setattr(instance, f.attname, new)
            changed.append(f.attname)
    return changed


def anonymise_rows(rows: list[models.Model], *, cleared: dict[str, list[str]] | None = None) -> int:
    """Replace the identity in ``rows`` in place; returns the number of rows changed. No audit: the
    caller writes one event for the whole act."""
    cleared = cleared if cleared is not None else cleared_fields()
    done = 0
    for instance in rows:
        fields = _anonymise_row(instance, cleared.get(instance._meta.label, []))
        if fields:
            type(instance)._default_manager.filter(pk=instance.pk).update(
                **{name: getattr(instance, name) for name in fields}
            )
            done += 1
    return done


def scrub_audit(strings: list[str]) -> int:
    """Remove ``strings`` (a name, an address) from the audit trail's labels and changes."""
    strings = [s for s in {s.strip() for s in strings} if len(s) >= 3]
    if not strings:
        return 0
    query = models.Q()
    for s in strings:
        query |= (
            models.Q(actor_label__icontains=s)
            | models.Q(target_label__icontains=s)
            | models.Q(changes_text__icontains=s)
        )
    done = 0
    for event in AuditEvent.objects.annotate(changes_text=Cast("changes", models.TextField())).filter(query):
        changes = json.dumps(event.changes, ensure_ascii=False)
        actor_label, target_label = event.actor_label, event.target_label
        for s in sorted(strings, key=len, reverse=True):
            changes = _replace(changes, s)
            actor_label = _replace(actor_label, s)
            target_label = _replace(target_label, s)
        AuditEvent.objects.filter(pk=event.pk).update(
            actor_label=actor_label, target_label=target_label, changes=json.loads(changes)
        )
        done += 1
    return done


def _replace(text: str, needle: str) -> str:
    return re.sub(re.escape(needle), PLACEHOLDER_NAME, text, flags=re.IGNORECASE)


def identity_strings(data: PersonData) -> list[str]:
    """The names and addresses under which the person appears, to find their copies."""
    strings = {data.email}
    for label in PERSON_MODELS:
        for instance in data.rows.get(label, {}).values():
            first = getattr(instance, "first_name", "") or ""
            last = getattr(instance, "last_name", "") or ""
            strings |= {f"{first} {last}".strip(), f"{last} {first}".strip(), getattr(instance, "email", "")}
            strings |= {last, getattr(instance, "phone", "") or ""}
    return [s for s in strings if s and PLACEHOLDER_NAME not in s and not s.endswith(ERASED_DOMAIN)]


def person_anonymise(
    *, by, user=None, email: str = "", person=None, roots=(), reason: str = "request"
) -> dict[str, int]:
    """Erase a person (DP2, right to erasure): every declared row about them loses its identity,
    their credentials go, their account is closed; the records the law requires stay, nameless.
    Written to the audit trail with counts only (``reason``: « request » or « retention »). Open
    erasure requests of the person are answered. Returns the rows changed per model."""
    from .models import ErasureRequest

    with transaction.atomic(durable=True):
        data = collect(user=user, email=email, person=person, roots=roots)
        strings = identity_strings(data)
        cleared = cleared_fields()
        counts = {}
        for label in data.labels():
            if label in CREDENTIALS:
                model = apps.get_model(label)
                counts[label] = model._default_manager.filter(pk__in=list(data.rows[label])).delete()[0]
            elif label != "core.AuditEvent":
                counts[label] = anonymise_rows(list(data.rows[label].values()), cleared=cleared)
        if user is not None:
            user.refresh_from_db()
            user.is_active = False
            user.set_unusable_password()
            user.calendar_token = uuid.uuid4().hex
            user.save(update_fields=["is_active", "password", "calendar_token"])
        counts["core.AuditEvent"] = scrub_audit(strings)
        accounts = [u.pk for u in data.rows.get(user_label(), {}).values()]
        answered = (
            ErasureRequest.objects.open().filter(user__in=accounts).update(done_at=timezone.now(), done_by=by)
        )
        target = _target(by, user, person, roots)
        audit.log_action(
            actor=by,
            action="privacy.person_anonymised",
            target=target,
            changes={
                "records": {k: v for k, v in counts.items() if v},
                "reason": reason,
                "requests_answered": answered,
            },
        )
    return counts


def user_label() -> str:
    from django.conf import settings

    return settings.AUTH_USER_MODEL


# --- Retention (trust 14) ------------------------------------------------------------------------


def _cutoff_filter(model: type[models.Model], date_field: str, cutoff: datetime.date) -> dict:
    """``date_field`` (a path, ``event__ends_at``) before ``cutoff``, whether a date or a datetime."""
    current, last = model, None
    for part in date_field.split("__"):
        last = current._meta.get_field(part)
        current = last.related_model or current
    if isinstance(last, models.DateTimeField):
        return {
            f"{date_field}__lt": timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
        }
    return {f"{date_field}__lt": cutoff}


def expired(rule, today: datetime.date):
    model = apps.get_model(rule.model)
    cutoff = today - datetime.timedelta(days=rule.period_days())
    return model._default_manager.filter(**_cutoff_filter(model, rule.date_field, cutoff), **rule.pending)


def retention_apply(*, today: datetime.date, dry_run: bool = False) -> list[tuple[str, str, int | None]]:
    """Apply every declared retention rule (trust 14): the rows past their period are anonymised
    (or deleted when the rule says so). Returns (processing, model, count) per rule, count None for a
    rule that keeps the rows by law; with ``dry_run``, the counts of what would be done, nothing
    changed. Safe to run every day."""
    results = []
    for processing in processings():
        for rule in processing.retention_rules:
            if rule.kept_by_law:
                results.append((processing.key, rule.model, None))
                continue
            if rule.apply is not None:
                count = rule.apply(today=today, dry_run=dry_run)
            elif dry_run:
                count = expired(rule, today).count()
            else:
                with transaction.atomic(durable=True):
                    rows = expired(rule, today)
                    count = rows.delete()[1].get(rule.model, 0) if rule.delete else anonymise_rows(list(rows))
                    if count:
                        audit.log_action(
                            actor=None,
                            action="privacy.retention_applied",
                            target=ContentType.objects.get_for_model(rows.model),
                            changes={"model": rule.model, "count": count, "deleted": rule.delete},
                        )
            results.append((processing.key, rule.model, count))
    return results


def retention_cutoff(today: datetime.date, setting: str) -> datetime.date:
    from .gdpr import retention_days

    return today - datetime.timedelta(days=retention_days(setting))


def aware(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def retention_erase(candidates, *, dry_run: bool, kind: str) -> int:
    """Erase each record of ``candidates`` (people past their retention) through the erasure service,
    one transaction per person: an account (``kind="user"``), a directory entry (``"person"``) or
    another record that is a person (``"root"``: a student file). Returns how many."""
    rows = list(candidates)
    if dry_run:
        return len(rows)
    for row in rows:
        target = {"user": {"user": row}, "person": {"person": row, "email": ""}}.get(kind, {"roots": [row]})
        person_anonymise(by=None, reason="retention", **target)
    return len(rows)


def is_erased(prefix: str = "") -> models.Q:
    """Rows already anonymised: their e-mail address is the placeholder one."""
    return models.Q(**{f"{prefix}email__endswith": "@" + ERASED_DOMAIN})


# --- Erasure requests (trust 16, GDPR art. 17) -----------------------------------------------------

# The controller answers within one month of the request (GDPR art. 12-3).
ANSWER_MONTHS = 1


def erasure_request(*, user, today: datetime.date | None = None) -> list:
    """A person asks for the erasure of their data: one request to each organisation they belong
    to (to the platform's staff when they belong to none), due one month ahead; audited; the
    organisation's administrators are told by e-mail after commit. Asking again while a request is
    open changes nothing. Returns the open requests."""
    from dateutil.relativedelta import relativedelta

    from partenaria.organisations.models import Membership

    from .models import ErasureRequest

    today = today or timezone.localdate()
    with transaction.atomic(durable=True):
        organisations = list(
            Membership.objects.filter(user=user, is_active=True)
            .values_list("organisation", flat=True)
            .order_by("organisation")
        ) or [None]
        already = set(ErasureRequest.objects.open().filter(user=user).values_list("organisation", flat=True))
        created = [
            ErasureRequest.objects.create(
                user=user, organisation_id=pk, due_on=today + relativedelta(months=ANSWER_MONTHS)
            )
            for pk in organisations
            if pk not in already
        ]
        for request in created:
            audit.log_action(
                actor=user,
                action="privacy.erasure_requested",
                target=request,
                changes={"organisation": request.organisation_id, "due_on": request.due_on},
            )
        if created:
            transaction.on_commit(lambda: _notify_administrators(created))
    return list(ErasureRequest.objects.open().filter(user=user))


def _notify_administrators(requests) -> None:
    """One e-mail to the administrators of each organisation addressed (staff for none), without
    the person's name: the link leads to the list, behind the login."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import EmailMessage, mailers
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation
    from django.utils.translation import gettext as _

    from partenaria.organisations.models import Membership, Role

    messages = []
    url = settings.PARTENARIA_SITE_URL.rstrip("/") + reverse("core:erasure_requests")
    for request in requests:
        if request.organisation_id is None:
            recipients = get_user_model().objects.filter(is_staff=True, is_active=True)
        else:
            recipients = get_user_model().objects.filter(
                pk__in=Membership.objects.active()
                .filter(organisation_id=request.organisation_id, role=Role.ADMIN)
                .values("user")
            )
        addresses = sorted(recipients.values_list("email", flat=True))
        if not addresses:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Erasure request to answer by %(date)s") % {
                "date": request.due_on.strftime("%d/%m/%Y")
            }
            body = render_to_string("core/email_erasure_request.txt", {"request": request, "url": url})
        messages.append(EmailMessage(subject=subject, body=body, bcc=addresses))
    if messages:
        mailers.default.send_messages(messages)


def can_erase_people(user, organisation) -> bool:
    """Who may erase a person of ``organisation``: its administrators, and the platform's staff."""
    from partenaria.organisations.models import Membership, Role

    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.active().filter(user=user, organisation=organisation, role=Role.ADMIN).exists()


@dataclass
class PlanLine:
    name: str
    count: int
    fate: str  # "removed", "nameless" or "scrubbed"


def erasure_plan(data: PersonData) -> list[PlanLine]:
    """What an erasure of ``data`` does, kind by kind: credentials removed, records kept without
    the name, audit rows scrubbed (counts from :func:`collect`)."""
    lines = []
    for label in data.labels():
        model = apps.get_model(label)
        fate = "removed" if label in CREDENTIALS else "scrubbed" if label == "core.AuditEvent" else "nameless"
        lines.append(PlanLine(str(model._meta.verbose_name_plural), len(data.rows[label]), fate))
    order = {"removed": 0, "nameless": 1, "scrubbed": 2}
    return sorted(lines, key=lambda line: (order[line.fate], line.name))


def other_organisations(person) -> list:
    """The other organisations where the person's account has a role: erasing closes it there too."""
    from partenaria.organisations.models import Organisation

    if person.user_id is None:
        return []
    return list(
        Organisation.objects.filter(memberships__user=person.user_id, memberships__is_active=True)
        .exclude(pk=person.organisation_id)
        .order_by("name")
        .distinct()
    )
