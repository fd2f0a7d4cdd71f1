from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternshipsConfig(AppConfig):
    name = "partenaria.internships"
    label = "internships"
    verbose_name = _("Internships")
