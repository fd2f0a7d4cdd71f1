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
                "teaching.job_offer_published": _("handed a job offer to the school"),
                "teaching.job_offer_relayed": _("relayed a job offer to the new graduates"),
                "teaching.documentation_registered": _("registered an agent at the documentation centre"),
                "teaching.documentation_withdrawn": _(
                    "withdrew an agent's access to the documentation centre"
                ),
                "teaching.qualification_recorded": _("recorded an action for access to qualifications"),
                "teaching.qualification_status": _(
                    "changed the status of an action for access to qualifications"
                ),
                "teaching.speaker_registered": _("recorded an occasional speaker under the charter"),
                "teaching.speaker_assessed": _("analysed a speaker's pedagogical competence"),
            }
        )
