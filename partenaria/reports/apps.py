from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "partenaria.reports"
    label = "reports"
    verbose_name = _("Progress reports")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from partenaria.core.audit import register_verbs
        from partenaria.deadlines.engine import register_source

        from . import (
            builder,  # noqa: F401  (registers the progress report as a document type)
            deadlines,
        )

        register_source(deadlines.report_source, kinds=deadlines.KINDS)
        # Each domain writes its section of the report in its own ``report.py`` (sections.py).
        autodiscover_modules("report")
        register_verbs(
            {
                "report.rule_set": _("recorded when the progress report is due"),
                "report.opened": _("started the progress report"),
                "report.changed": _("changed the foreword of the progress report"),
                "report.sent": _("recorded that the progress report was sent to the partners"),
            }
        )
