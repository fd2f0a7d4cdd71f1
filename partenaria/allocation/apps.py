from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllocationConfig(AppConfig):
    name = "partenaria.allocation"
    label = "allocation"
    verbose_name = _("Allocation assistant")

    def ready(self):
        from partenaria.core.audit import register_verbs

        # Words of the history (DP3).
        register_verbs(
            {
                "allocation.wishes_set": _("entered the wishes of a student"),
                "allocation.profile_set": _("entered the home town and transport of a student"),
                "allocation.site_located": _("located a host site"),
                "allocation.run": _("ran the allocation assistant"),
                "allocation.locked": _("locked an assignment"),
                "allocation.unlocked": _("unlocked an assignment"),
                "allocation.accepted": _("accepted the assistant's proposals"),
            }
        )
