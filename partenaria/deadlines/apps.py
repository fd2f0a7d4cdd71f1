from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "partenaria.deadlines"
    label = "deadlines"
    verbose_name = _("Deadlines")

    def ready(self):
        from partenaria.core.audit import register_verbs

        from . import engine  # noqa: F401  (registers the conventions' source of deadlines)

        register_verbs({"account.calendar_token_regenerated": _("gave a new address to their calendar feed")})
