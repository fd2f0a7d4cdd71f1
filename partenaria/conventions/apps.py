from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConventionsConfig(AppConfig):
    name = "partenaria.conventions"
    label = "conventions"

    def ready(self):
        from partenaria.core.audit import register_verbs

        # Words of the history tab: "<actor> signed the convention — 12 March 2025" (DP3).
        register_verbs(
            {
                "partnership.created": _("created the partnership"),
                "convention.created": _("created the convention"),
                "convention.updated": _("changed the convention"),
                "convention.submit": _("submitted the convention for approval"),
                "convention.return_to_draft": _("returned the convention to draft"),
                "convention.sign": _("recorded the signature of the convention"),
                "convention.activate": _("put the convention in force"),
                "convention.renew": _("renewed the convention tacitly"),
                "convention.denounce": _("recorded a denunciation of the convention"),
                "convention.expire": _("recorded the expiry of the convention"),
                "convention.supersede": _("marked the convention as superseded"),
                "convention.amended": _("applied an amendment to the convention"),
                "convention.article_added": _("added an article"),
                "convention.article_changed": _("changed an article"),
                "convention.article_deleted": _("deleted an article"),
                "convention.commitment_added": _("added a commitment"),
                "convention.commitment_changed": _("changed a commitment"),
                "convention.commitment_fulfilled": _("recorded a commitment as fulfilled"),
                "convention.approval_step_added": _("added an approval step"),
                "convention.party_changed": _("changed a party"),
                "convention.amendment_created": _("drafted an amendment"),
            }
        )
