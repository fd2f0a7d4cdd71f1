from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlanConfig(AppConfig):
    name = "partenaria.actionplan"
    label = "actionplan"
    verbose_name = _("Action plan")

    def ready(self):
        from partenaria.core.audit import register_verbs

        from . import deadlines  # noqa: F401  (registers the open actions as a source of deadlines)

        # Words of the convention's history tab (DP3).
        register_verbs(
            {
                "actionplan.axis_added": _("added an axis to the action plan"),
                "actionplan.axis_changed": _("changed an axis of the action plan"),
                "actionplan.axis_moved": _("moved an axis of the action plan"),
                "actionplan.axis_deleted": _("deleted an axis of the action plan"),
                "actionplan.action_added": _("added an action to the action plan"),
                "actionplan.action_changed": _("changed an action of the action plan"),
                "actionplan.action_deleted": _("deleted an action of the action plan"),
                "actionplan.note_added": _("recorded the progress of an action"),
                "actionplan.note_changed": _("corrected a progress note"),
                "actionplan.indicator_added": _("defined an indicator"),
                "actionplan.indicator_changed": _("changed an indicator"),
                "actionplan.indicator_deleted": _("deleted an indicator"),
                "actionplan.value_added": _("recorded the values of an indicator for a year"),
                "actionplan.value_changed": _("corrected the values of an indicator for a year"),
                "actionplan.value_deleted": _("deleted the values of an indicator for a year"),
            }
        )
