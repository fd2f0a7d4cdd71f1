from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionPlanConfig(AppConfig):
    name = "partenaria.actionplan"
    label = "actionplan"
    verbose_name = _("Action plan")
