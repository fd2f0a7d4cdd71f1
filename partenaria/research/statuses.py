"""The life of a research-action project (RS1): the one place that says which move is allowed.

Exploration → running → finalisation → valorisation → closed, with a step back where the work
requires it (a finalisation reopened, a valorisation resumed). Each move is done by
``services.project_transition``, which checks it here and writes the audit event.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import ProjectStatus as S


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    label: object


def _t(name, sources, target, label):
    return Transition(name, frozenset(sources), target, label)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _t("start", {S.EXPLORATION}, S.RUNNING, _("Start the research")),
        _t("finalise", {S.RUNNING}, S.FINALISATION, _("Move to finalisation")),
        _t("reopen", {S.FINALISATION}, S.RUNNING, _("Resume the fieldwork")),
        _t("valorise", {S.FINALISATION}, S.VALORISATION, _("Move to valorisation")),
        _t("close", {S.EXPLORATION, S.VALORISATION}, S.CLOSED, _("Close the research")),
    ]
}


def allowed(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources]
