from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeachingConfig(AppConfig):
    name = "partenaria.teaching"
    label = "teaching"
    verbose_name = _("Teaching cooperation")

    def ready(self):
        from partenaria.core.audit import register_verbs

        register_verbs(
            {
                "teaching.intervention_planned": _("planned an intervention at the school"),
                "teaching.intervention_changed": _("changed an intervention at the school"),
                "teaching.approval_requested": _("asked the employer's approval of an intervention"),
                "teaching.approved": _("approved an intervention of an agent"),
                "teaching.refused": _("refused an intervention of an agent"),
                "teaching.intervention_confirmed": _("confirmed an intervention"),
                "teaching.intervention_cancelled": _("cancelled an intervention"),
                "teaching.programme_duty_set": _("recorded the duty to send the annual programme"),
                "teaching.programme_sent": _("sent the annual provisional programme to the referents"),
            }
        )
