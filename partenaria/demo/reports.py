"""Progress reports of the demo (AP3): the rule of the Askoria texts [000 art. 3], played through the services.

The 2025 amendment and the 2026-2028 convention both ask for a detailed report in the 4th quarter,
at least one month before the steering committee. The 2025 report was sent (illustrative date); the
2026 one is due a month before the steering committee planned in the coming weeks, and not sent yet.
"""

from partenaria.conventions.models import Article, Convention
from partenaria.reports import services
from partenaria.reports.models import ProgressReport

from .data import D

__all__ = ["ProgressReport", "load"]  # ProgressReport: the loader's reset also deletes its audit trail


def load(demo) -> None:
    by = demo.officer("ille-et-vilaine")
    amendment = Convention.objects.get(
        title__startswith="Avenant 2025", partnership__members__organisation=demo.orgs["askoria"]
    )
    convention = Convention.objects.get(
        title="Convention de partenariat 2026-2028", partnership__members__organisation=demo.orgs["askoria"]
    )
    services.report_rule_set(
        by=by,
        convention=amendment,
        lead_months=1,
        quarter=4,
        article=Article.objects.get(convention=amendment, number="3"),
    )
    services.report_rule_set(
        by=by,
        convention=convention,
        lead_months=1,
        quarter=4,
        article=Article.objects.get(convention=convention, number="2"),
    )
    report = services.progress_report_open(by=by, convention=amendment, year=2025)
    services.progress_report_change(
        by=by,
        report=report,
        foreword=(
            "État d'avancement établi conjointement par les services du Département et d'Askoria "
            "chargés du suivi de la convention, pour le comité de pilotage de décembre 2025."
        ),
    )
    services.progress_report_send(by=by, report=report, sent_on=D(2025, 11, 7))
