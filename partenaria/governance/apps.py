from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "partenaria.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from partenaria.core.audit import register_verbs
        from partenaria.deadlines.engine import register_source

        from .deadlines import KINDS, governance_source

        register_source(governance_source, kinds=KINDS)
        # Words of the history: "<actor> planned a meeting — 12 March 2025" (DP3).
        register_verbs(
            {
                "governance.body_created": _("created the body"),
                "governance.body_changed": _("changed the body"),
                "governance.commitment_taken_over": _(
                    "let the body carry the meeting rhythm of a commitment"
                ),
                "governance.rule_added": _("added a line to the composition rule"),
                "governance.rule_changed": _("changed the composition rule"),
                "governance.rule_deleted": _("removed a line of the composition rule"),
                "governance.seat_added": _("gave a seat"),
                "governance.seat_changed": _("changed a seat"),
                "governance.meeting_created": _("planned a meeting"),
                "governance.meeting_changed": _("changed a meeting"),
                "governance.meeting_invited": _("sent the invitations to a meeting"),
                "governance.attendance_recorded": _("recorded the attendance of a meeting"),
                "governance.minutes_saved": _("wrote the minutes of a meeting"),
                "governance.decision_added": _("recorded a decision"),
                "governance.action_added": _("recorded a follow-up action"),
                "governance.action_done": _("marked a follow-up action as done"),
                "governance.representation_added": _("recorded a representation in a partner's body"),
                "governance.representation_changed": _("changed a representation in a partner's body"),
            }
        )
