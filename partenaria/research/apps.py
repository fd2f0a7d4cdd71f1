from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "partenaria.research"
    label = "research"
    verbose_name = _("Research")

    def ready(self):
        from partenaria.core.audit import register_verbs

        from . import deadlines  # noqa: F401  (registers the open deliverables as a source of deadlines)

        register_verbs(
            {
                "research.project_created": _("recorded a research-action"),
                "research.project_changed": _("changed a research-action"),
                "research.project_moved": _("moved a research-action to another stage"),
                "research.team_added": _("added a person to a research team"),
                "research.team_removed": _("took a person off a research team"),
                "research.target_added": _("planned a methodology target"),
                "research.target_changed": _("recorded the progress of a methodology target"),
                "research.deliverable_added": _("planned a deliverable"),
                "research.deliverable_changed": _("changed a deliverable"),
                "research.deliverable_submitted": _("submitted a deliverable"),
                "research.deliverable_accepted": _("accepted a deliverable"),
                "research.deliverable_rejected": _("sent a deliverable back for changes"),
                "research.valorisation_added": _("recorded a valorisation action"),
                "research.funder_added": _("added a potential funder"),
                "research.funder_changed": _("updated the search with a funder"),
                "research.study_requested": _("asked for a study"),
                "research.study_quote": _("answered a study request with a quote"),
                "research.study_accept": _("accepted the quote of a study"),
                "research.study_deliver": _("delivered a study"),
                "research.study_decline": _("declined a study request"),
                "research.exported": _("exported the partnership's research, pseudonymised"),
            }
        )
