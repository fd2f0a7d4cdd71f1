"""The life cycle of a convention (CV8): statuses and the transitions allowed between them.

This is the one place that says which move is allowed. Each transition is carried out by a
service in ``services.py`` that checks it here, writes the audit event and refuses with a clear
message otherwise.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_APPROVAL = "in_approval", _("In approval")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("Active")
    RENEWED = "renewed", _("Renewed")
    DENOUNCED = "denounced", _("Denounced")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")


# Statuses in which a convention binds its parties.
IN_FORCE = {Status.SIGNED, Status.ACTIVE, Status.RENEWED, Status.DENOUNCED}
# Statuses whose content can still be edited.
EDITABLE = {Status.DRAFT, Status.IN_APPROVAL}


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[Status]
    target: Status
    label: str
    # Automatic transitions are applied by the daily job from the dates, never by a person.
    automatic: bool = False


def _t(name, sources, target, label, automatic=False):
    return Transition(name, frozenset(sources), target, label, automatic)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("submit", {Status.DRAFT}, Status.IN_APPROVAL, _("Submit for approval")),
        _t("return_to_draft", {Status.IN_APPROVAL}, Status.DRAFT, _("Return to draft")),
        _t("sign", {Status.IN_APPROVAL}, Status.SIGNED, _("Record the signature")),
        _t("activate", {Status.SIGNED, Status.EXPIRED}, Status.ACTIVE, _("Activate"), automatic=True),
        _t("renew", {Status.ACTIVE, Status.RENEWED}, Status.RENEWED, _("Renew tacitly"), automatic=True),
        _t("denounce", {Status.SIGNED, Status.ACTIVE, Status.RENEWED}, Status.DENOUNCED, _("Denounce")),
        _t(
            "expire",
            {Status.SIGNED, Status.ACTIVE, Status.RENEWED, Status.DENOUNCED},
            Status.EXPIRED,
            _("Expire"),
            automatic=True,
        ),
        _t(
            "supersede",
            {Status.ACTIVE, Status.RENEWED, Status.DENOUNCED, Status.EXPIRED},
            Status.SUPERSEDED,
            _("Mark as superseded"),
        ),
    ]
}


def allowed(current: str, name: str) -> bool:
    transition = TRANSITIONS.get(name)
    return transition is not None and current in transition.sources


def manual_transitions_from(current: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if not t.automatic and current in t.sources]


def refusal(current: str, name: str) -> str | None:
    """Why the act ``name`` is not possible from ``current``, in words; None when it is allowed."""
    if allowed(current, name):
        return None
    transition = TRANSITIONS[name]
    return gettext(
        "This act is not possible: the convention is « %(status)s », and « %(act)s » needs it to be %(sources)s."
    ) % {
        "status": Status(current).label,
        "act": transition.label,
        "sources": ", ".join(f"« {Status(s).label} »" for s in sorted(transition.sources)),
    }
