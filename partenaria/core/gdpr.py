"""The register of processing activities (GDPR art. 30, trust 13), generated from the code.

Each app declares, in its own ``gdpr.py`` (autodiscovered), the processings its models serve::

    from partenaria.core.gdpr import LegalBasis, Processing, declare

    declare(
        Processing(
            key="internships",
            name="Internship placements",
            purpose="...",
            legal_basis=LegalBasis.PUBLIC_TASK,
            data_subjects=["students", "tutors"],
            categories=["identity", "contact details", "school and internship"],
            recipients=["..."],
            retention="...",
            models=["internships.Student", "internships.Placement"],
        )
    )

``manage.py gdpr_register`` writes the register (Markdown) from these declarations, with the personal
fields of each model found in the schema. ``tests/core/test_gdpr.py`` fails when a model holding
personal data (see :func:`personal_fields`) is covered by no declaration: a new model with a name,
an e-mail address or a link to a person cannot be added without saying why it is kept and how long.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.db import models
from django.utils.module_loading import autodiscover_modules


class LegalBasis:
    """Art. 6(1) GDPR."""

    CONSENT = "consent (art. 6-1-a)"
    CONTRACT = "contract (art. 6-1-b)"
    LEGAL_OBLIGATION = "legal obligation (art. 6-1-c)"
    VITAL_INTERESTS = "vital interests (art. 6-1-d)"
    PUBLIC_TASK = "task carried out in the public interest (art. 6-1-e)"
    LEGITIMATE_INTERESTS = "legitimate interests (art. 6-1-f)"


@dataclass(frozen=True)
class Processing:
    key: str
    name: str
    purpose: str
    legal_basis: str
    data_subjects: list[str]
    categories: list[str]
    recipients: list[str]
    retention: str
    models: list[str]
    # Data of art. 9 (health, ...) or of minors, transfers outside the EU: said when there are some.
    special_categories: str = "none"
    transfers: str = "none outside the European Union"
    notes: list[str] = field(default_factory=list)
    # Free-text fields about a person ("model.field"), emptied when the person is erased (trust 16).
    cleared_on_erasure: list[str] = field(default_factory=list)
    # The retention, machine-readable: what ``manage.py apply_retention`` does every day (trust 14).
    retention_rules: list["RetentionRule"] = field(default_factory=list)


@dataclass(frozen=True)
class RetentionRule:
    """Rows of ``model`` whose ``date_field`` is more than the period old are anonymised (or
    deleted with ``delete=True``). The period is the setting named ``setting`` (days; each has a
    default in settings.py, « proposed » until each party's DPO confirms it), else ``days``.
    ``pending`` narrows to the rows still to do, so that a second run finds nothing; ``apply``, when
    given, replaces all this with the app's own service: called as ``apply(today=, dry_run=)``, it
    returns the count (what it would do when ``dry_run``, changing nothing). ``kept_by_law`` says,
    instead of a period, which law requires keeping the rows (the command then does nothing)."""

    model: str
    days: int = 0
    date_field: str = ""
    delete: bool = False
    pending: dict = field(default_factory=dict)
    apply: object = None
    setting: str = ""
    kept_by_law: str = ""

    def period_days(self) -> int:
        return retention_days(self.setting) if self.setting else self.days


def retention_days(setting: str) -> int:
    """A retention period: a key of ``PARTENARIA_RETENTION_DAYS`` or the name of a setting."""
    from django.conf import settings

    periods = getattr(settings, "PARTENARIA_RETENTION_DAYS", {})
    return int(periods[setting] if setting in periods else getattr(settings, setting))


_REGISTRY: dict[str, Processing] = {}

# Field names that hold personal data by themselves.
PERSONAL_NAMES = (
    "email",
    "first_name",
    "last_name",
    "phone",
    "mobile",
    "birth",
    "address",
    "ip_address",
    "user_agent",
    "username",
    "session_data",
)
# Models that are people: a link to one of them is personal data.
PERSON_MODELS = {"accounts.User", "organisations.Person", "internships.Student", "internships.Tutor"}


def declare(processing: Processing) -> Processing:
    if processing.key in _REGISTRY and _REGISTRY[processing.key] != processing:
        raise ValueError(f"Processing {processing.key!r} declared twice.")
    _REGISTRY[processing.key] = processing
    return processing


def processings() -> list[Processing]:
    autodiscover_modules("gdpr")
    return sorted(_REGISTRY.values(), key=lambda p: p.key)


def personal_fields(model: type[models.Model]) -> list[str]:
    """The fields of ``model`` that identify a person: by their name, or as a link to a person."""
    found = []
    for model_field in model._meta.concrete_fields:
        related = model_field.related_model
        if (related is not None and related._meta.label in PERSON_MODELS) or any(
            part in model_field.name for part in PERSONAL_NAMES
        ):
            found.append(model_field.name)
    return found


def models_with_personal_data() -> dict[str, list[str]]:
    return {
        model._meta.label: fields
        for model in apps.get_models()
        if (fields := personal_fields(model)) and not model._meta.proxy
    }


def undeclared() -> list[str]:
    covered = {label for p in processings() for label in p.models}
    return sorted(set(models_with_personal_data()) - covered)


def register_markdown(*, controller: str) -> str:
    """The register of processing activities, one section per processing (art. 30-1 GDPR)."""
    personal = models_with_personal_data()
    lines = [
        "# Register of processing activities (GDPR art. 30)",
        "",
        f"Controller: {controller}. Generated by `manage.py gdpr_register` from the declarations of "
        "each app (`partenaria/*/gdpr.py`); retention periods marked « proposed » await the DPO.",
        "",
    ]
    for p in processings():
        lines += [
            f"## {p.name}",
            "",
            f"- **Purpose**: {p.purpose}",
            f"- **Legal basis**: {p.legal_basis}",
            f"- **Data subjects**: {', '.join(p.data_subjects)}",
            f"- **Categories of personal data**: {', '.join(p.categories)}",
            f"- **Special categories, minors**: {p.special_categories}",
            f"- **Recipients**: {', '.join(p.recipients)}",
            f"- **Transfers**: {p.transfers}",
            f"- **Retention**: {p.retention}",
            "- **Security measures**: access limited to the parties of each partnership and checked on "
            "every request; two-factor authentication for research data; lockout after failed logins; "
            "audit trail; encrypted transport (HTTPS, HSTS); dated backups checked after restore.",
            "- **Where in the code** (model: personal fields):",
        ]
        for label in p.models:
            fields = personal.get(label, [])
            lines.append(f"  - `{label}`: {', '.join(fields) if fields else '(linked to the records above)'}")
        lines.append("- **Applied every day by `manage.py apply_retention`**:")
        for rule in p.retention_rules:
            if rule.kept_by_law:
                lines.append(f"  - `{rule.model}`: kept by law: {rule.kept_by_law}")
            else:
                period = f"{rule.period_days()} days" + (
                    f" (`{rule.setting}`, proposed)" if rule.setting else ""
                )
                verb = "deleted" if rule.delete else "anonymised"
                how = (
                    f"{verb} after {period}" if rule.apply is None else f"{period}: {_first_line(rule.apply)}"
                )
                lines.append(f"  - `{rule.model}`: {how}")
        for note in p.notes:
            lines.append(f"- {note}")
        lines.append("")
    return "\n".join(lines)


def _first_line(function) -> str:
    return " ".join((function.__doc__ or "").strip().split("\n\n")[0].split())


def scrub_old_audit(*, today, dry_run):
    """Audit rows older than the period lose the names they copied (the actor's name; the object's
    name when the object is a person; the personal values of the changes), never the row itself:
    who did what stays provable through the ids (trust 14: scrubbed, not deleted)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone

    from .models import AuditEvent
    from .privacy import PLACEHOLDER_NAME, aware, retention_cutoff

    rows = AuditEvent.objects.filter(at__lt=aware(retention_cutoff(today, "audit")), scrubbed_at__isnull=True)
    if dry_run:
        return rows.count()
    people = {
        ContentType.objects.get_for_model(apps.get_model(label)).pk
        for label in PERSON_MODELS | {"events.Registration"}
    }
    count = 0
    now = timezone.now()
    with transaction.atomic(durable=True):
        for event in rows.order_by("pk").iterator():
            AuditEvent.objects.filter(pk=event.pk).update(
                actor_label=PLACEHOLDER_NAME if event.actor_label else "",
                target_label=PLACEHOLDER_NAME if event.target_type_id in people else event.target_label,
                changes=_scrubbed(event.changes),
                scrubbed_at=now,
            )
            count += 1
    return count


def _scrubbed(value, key: str = ""):
    """``value`` (the changes of an audit row) with every value under a personal key replaced."""
    from .privacy import PLACEHOLDER_NAME

    if isinstance(value, dict):
        return {k: _scrubbed(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrubbed(v, key) for v in value]
    if any(part in key for part in PERSONAL_NAMES) or key in ("name", "label", "person", "student", "tutor"):
        return PLACEHOLDER_NAME if value else value
    return value


def _purge_access_journal(*, today, dry_run):
    """Entries older than the period removed (``core/journal.py::purge``), the one way out of this
    append-only journal."""
    from .journal import purge, retention_days
    from .models import AccessRecord
    from .privacy import aware

    if dry_run:
        return AccessRecord.objects.filter(at__lt=aware(today - timedelta(days=retention_days()))).count()
    return purge(today=today)


# The audit trail is core's own processing; every app writes to it.
declare(
    Processing(
        key="audit",
        name="Audit trail of the acts",
        purpose="Say who did what and when on conventions, money, internships, research and "
        "accounts (DP3): accountability of the public bodies and proof in a dispute.",
        legal_basis=LegalBasis.PUBLIC_TASK,
        data_subjects=["users of Partenaria (agents of the authorities, school staff)"],
        categories=["name of the person acting", "date and time", "the values changed"],
        recipients=["the officers of the parties of the partnership concerned", "the administrators"],
        retention="10 years after the act (PARTENARIA_RETENTION_DAYS audit, proposed), then the names are "
        "scrubbed and the row kept; an erased person's name is scrubbed at once (trust 14)",
        models=["core.AuditEvent"],
        retention_rules=[RetentionRule(model="core.AuditEvent", apply=scrub_old_audit, setting="audit")],
    )
)


# The access journal is core's too: the readings of sensitive records (core/journal.py).
declare(
    Processing(
        key="access_journal",
        name="Access journal of sensitive records",
        purpose="Say who read a student's placement or evaluation, or a research project and its "
        "deliverables (DP3): detect and prove an undue consultation of personal data.",
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data_subjects=["users of Partenaria who read those records"],
        categories=["name and id of the reader", "date and time", "the record read"],
        recipients=["the administrators", "the data protection officer, on request"],
        retention="365 days (PARTENARIA_ACCESS_JOURNAL_DAYS, proposed), then removed by "
        "manage.py purge_access_journal; append-only until then",
        models=["core.AccessRecord"],
        retention_rules=[
            RetentionRule(
                model="core.AccessRecord",
                apply=_purge_access_journal,
                setting="PARTENARIA_ACCESS_JOURNAL_DAYS",
            )
        ],
        notes=[
            "GDPR art. 32 (security of processing); CNIL recommendation on logging: six months to a year."
        ],
    )
)


# Erasure requests (art. 17): the proof that a person's request was answered in time.
declare(
    Processing(
        key="erasure_requests",
        name="Erasure requests",
        purpose="Record a person's request for the erasure of their data, tell their organisation's "
        "administrators, and prove it was answered within the month the law allows (GDPR art. 12-3 "
        "and 17).",
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        data_subjects=["users of Partenaria who ask for the erasure of their data"],
        categories=["the account that asked", "dates of the request, the deadline and the answer"],
        recipients=["the administrators of the person's organisation", "the platform's staff"],
        retention="3 years after the answer (PARTENARIA_RETENTION_DAYS erasure_requests, proposed: the "
        "time to prove the answer), then deleted",
        models=["core.ErasureRequest"],
        retention_rules=[
            RetentionRule(
                model="core.ErasureRequest",
                setting="erasure_requests",
                date_field="done_at",
                pending={"done_at__isnull": False},
                delete=True,
            )
        ],
    )
)
