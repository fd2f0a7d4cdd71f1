from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    name = "partenaria.finance"
    label = "finance"
    verbose_name = _("Money")

    def ready(self):
        from partenaria.core.audit import register_verbs

        from . import deadlines  # noqa: F401  (registers the conditions of the contributions as deadlines)

        register_verbs(
            {
                "finance.subsidy_planned": _("planned a yearly subsidy"),
                "finance.committed": _("recorded a commitment"),
                "finance.paid": _("recorded a payment"),
                "finance.paid_beyond_commitment": _("recorded a payment beyond its commitment, confirmed"),
                "finance.conditional_added": _("recorded a conditional contribution"),
                "finance.conditional_paid": _("recorded the payment of a conditional contribution"),
                "finance.in_kind_added": _("valued a contribution in kind"),
            }
        )
