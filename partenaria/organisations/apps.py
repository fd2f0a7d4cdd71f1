from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "partenaria.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from partenaria.core.audit import register_verbs

        register_verbs(
            {
                "organisation.created": _("registered the organisation"),
                "organisation.updated": _("updated the organisation"),
                "unit.created": _("added the unit"),
                "unit.updated": _("updated the unit"),
                "unit.deleted": _("deleted the unit"),
                "person.created": _("added the person"),
                "person.updated": _("updated the person"),
                "membership.created": _("gave access"),
                "membership.changed": _("changed the access"),
                "membership.deactivated": _("removed the access"),
            }
        )
