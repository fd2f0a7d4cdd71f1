from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "partenaria.accounts"
    label = "accounts"

    def ready(self):
        from partenaria.core.audit import register_verbs

        from . import two_factor  # noqa: F401  (connects the login receiver)

        register_verbs(
            {
                "account.two_factor_enabled": _("turned two-factor authentication on"),
                "account.two_factor_disabled": _("turned two-factor authentication off"),
                "account.recovery_codes_renewed": _("renewed the recovery codes"),
                "account.recovery_code_used": _("logged in with a recovery code"),
            }
        )
