from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "partenaria.documents"
    label = "documents"
    verbose_name = _("Generated documents")

    def ready(self):
        from partenaria.core.audit import register_verbs

        # The document types of this app register themselves on import (builders/base.py).
        from .builders import convention  # noqa: F401

        register_verbs({"document.generated": _("generated a document")})
