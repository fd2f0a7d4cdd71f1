from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EuropeConfig(AppConfig):
    name = "partenaria.europe"
    label = "europe"
    verbose_name = _("European projects")

    def ready(self):
        from partenaria.core.audit import register_verbs

        from . import deadlines  # noqa: F401  (registers the call deadlines and mobilities)

        register_verbs(
            {
                "europe.project_created": _("wrote the sheet of the European project"),
                "europe.project_updated": _("changed the sheet of the European project"),
                "europe.partner_updated": _("changed a partner of the European project"),
                "europe.search_updated": _("changed the partner search"),
                "europe.search_published": _("published the partner search"),
                "europe.search_closed": _("closed the partner search"),
                "europe.answered": _("answered a partner search"),
                "europe.answer_accepted": _("accepted an answer to the partner search"),
                "europe.answer_declined": _("declined an answer to the partner search"),
                "europe.mobility_planned": _("planned a learning mobility"),
                "europe.participant_added": _("added a participant to a learning mobility"),
                "europe.participant_removed": _("removed a participant from a learning mobility"),
                "europe.job_profile_added": _("added a job profile"),
                "europe.training_proposal_added": _("added a training proposal"),
            }
        )
