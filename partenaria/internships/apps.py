from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "partenaria.internships"
    label = "internships"
    verbose_name = _("Internships")

    def ready(self):
        from partenaria.core.audit import register_verbs

        from . import agreement, certificate, deadlines  # noqa: F401  (documents, deadline sources)

        # Words of the history (DP3).
        register_verbs(
            {
                "internships.site_created": _("declared a host site"),
                "internships.site_changed": _("changed a host site"),
                "internships.site_diploma_set": _("set a diploma accepted by a host site"),
                "internships.tutor_added": _("added a tutor to a host site"),
                "internships.contact_added": _("added a sector contact to a host site"),
                "internships.campaign_created": _("opened an internship campaign"),
                "internships.request_added": _("asked for internship places"),
                "internships.offer_added": _("offered internship places"),
                "internships.student_added": _("recorded a student"),
                "internships.application_transmitted": _("transmitted an application"),
                "internships.application_accepted": _("accepted an application"),
                "internships.application_declined": _("declined an application"),
                "internships.placed": _("placed a student"),
                "internships.amended": _("amended an internship"),
                "internships.visit_planned": _("planned a follow-up visit"),
                "internships.visit_held": _("recorded a follow-up visit"),
                "internships.evaluation_requested": _("sent the evaluation link to the tutor"),
                "internships.evaluation_submitted": _("received the tutor's evaluation"),
                "internships.training_scheduled": _("scheduled a tutor training session"),
                "internships.training_attended": _("recorded the attendance of a tutor training session"),
            }
        )
