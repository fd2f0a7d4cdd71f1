"""What every document type provides, and the registry of types (CV10).

Adding a document type (the annual progress report, AP3, is the next one) is one subclass of
``DocumentBuilder`` registered with ``register()`` (in its app's ``AppConfig.ready``): the
generation service, the stored versions, the download and the generate routes
(``documents:generate`` with the builder's ``kind``) then work for it unchanged.
"""

import io
import logging

from django.conf import settings
from django.db import models
from django.http import Http404
from PIL import Image, UnidentifiedImageError

from partenaria.conventions.models import Partnership
from partenaria.conventions.permissions import can_manage_partnership
from partenaria.documents.blocks import DocumentSpec, Logo
from partenaria.organisations.models import Organisation

logger = logging.getLogger(__name__)

# Formats both renderers embed as they are; any other image is converted to PNG first.
EMBEDDABLE = {"PNG": "image/png", "JPEG": "image/jpeg"}


class DocumentBuilder:
    """One type of document. Subclasses set ``kind`` and ``label`` and implement the methods below."""

    kind: str = ""  # stored on each version; part of the generate route
    label = ""  # the type's name for people (« Convention », « État d'avancement »), in the history

    def targets(self, user) -> models.QuerySet:
        """The objects ``user`` may see of this type: lookups go through it (404 otherwise)."""
        raise NotImplementedError

    def get_target(self, user, pk: int) -> models.Model:
        try:
            return self.targets(user).get(pk=pk)
        except (models.ObjectDoesNotExist, ValueError):
            raise Http404 from None

    def partnership(self, target) -> Partnership:
        raise NotImplementedError

    def organisations(self, target) -> list[Organisation]:
        """The parties whose logos go on every page (seed 000 art. 4: all of them)."""
        raise NotImplementedError

    def title(self, target) -> str:
        return str(target)

    def language(self, target) -> str:
        """The language the document is written in, whatever the interface language of the person
        who generates it: conventions between French public bodies are written in French."""
        return settings.LANGUAGE_CODE

    def build(self, target, logos: list[Logo]) -> DocumentSpec:
        raise NotImplementedError

    def can_generate(self, user, target) -> bool:
        # Generating stores a version in the partnership's record: an act of its managers.
        return can_manage_partnership(user, self.partnership(target))

    def back_url(self, target) -> str:
        """Where the documents of ``target`` are listed (the generate view returns there)."""
        return target.get_absolute_url()


_REGISTRY: dict[str, DocumentBuilder] = {}


def register(builder: DocumentBuilder) -> DocumentBuilder:
    if not builder.kind:
        raise ValueError("A document builder needs a kind.")
    _REGISTRY[builder.kind] = builder
    return builder


def get_builder(kind: str) -> DocumentBuilder:
    try:
        return _REGISTRY[kind]
    except KeyError:
        raise Http404 from None


def _logo(organisation: Organisation) -> Logo | None:
    """The organisation's logo ready to embed, or None when it has none or it cannot be read."""
    if not organisation.logo:
        return None
    try:
        with organisation.logo.open("rb") as handle:
            data = handle.read()
        with Image.open(io.BytesIO(data)) as image:
            if image.format in EMBEDDABLE:
                return Logo(organisation.name, data, EMBEDDABLE[image.format])
            # GIF and WebP: Word does not read WebP; both renderers read PNG.
            output = io.BytesIO()
            image.convert("RGBA").save(output, format="PNG")
            return Logo(organisation.name, output.getvalue(), "image/png")
    except (OSError, UnidentifiedImageError, ValueError):
        logger.warning("Logo of organisation %s could not be read", organisation.pk)
        return None


def collect_logos(organisations: list[Organisation]) -> tuple[list[Logo], list[Organisation]]:
    """(logos in the parties' order, organisations without a usable logo)."""
    logos, missing = [], []
    for organisation in organisations:
        logo = _logo(organisation)
        if logo is None:
            missing.append(organisation)
        else:
            logos.append(logo)
    return logos, missing
