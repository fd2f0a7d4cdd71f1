"""Generating a document and storing the version (CV10).

``document_generate`` works for any object that belongs to a partnership, given the builder of its
type (``builders/``). The slow part (reading the data, rendering: about a second for a PDF) runs
before any transaction; the file is written to the default storage, then one short transaction
numbers the version, records it and writes the audit event. If that transaction fails the file is
deleted: a failure leaves neither a row without a file nor a file without a row.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from partenaria.core.audit import log_action

from .builders import DocumentBuilder, collect_logos
from .models import DocumentFormat, GeneratedDocument
from .renderers import render

# Generations of the same document racing for the same version number: each takes the next one.
VERSION_ATTEMPTS = 3


def missing_logos(*, builder: DocumentBuilder, target) -> list:
    """The parties of ``target`` whose logo is missing: the person is warned before generating."""
    _logos, missing = collect_logos(builder.organisations(target))
    return missing


def _next_version(target_type, target_id, kind, fmt) -> int:
    last = GeneratedDocument.objects.filter(
        target_type=target_type, target_id=target_id, kind=kind, fmt=fmt
    ).aggregate(last=Max("version"))["last"]
    return (last or 0) + 1


def document_generate(*, by, target, builder: DocumentBuilder, fmt: str) -> GeneratedDocument:
    """Render ``target`` as ``fmt`` with ``builder`` and store it as a new numbered version (CV10).

    The logos of all parties are printed on every page (seed 000 art. 4); a party without a logo
    does not stop the generation (the page warns first) and is recorded on the version. Only a
    manager of the partnership generates. The version carries the SHA-256 and size of its file.
    Must not be called inside a transaction: rendering would hold the caller's locks meanwhile.
    """
    if fmt not in DocumentFormat.values:
        raise ValidationError({"fmt": _("Choose DOCX or PDF.")})
    if not builder.can_generate(by, target):
        raise PermissionDenied(_("Only the partners' officers generate documents."))
    partnership = builder.partnership(target)
    logos, missing = collect_logos(builder.organisations(target))
    language = builder.language(target)
    with translation.override(language):
        spec = builder.build(target, logos)
        spec.language = language
        content = render(spec, fmt)
    digest = hashlib.sha256(content).hexdigest()
    target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    document = GeneratedDocument(
        partnership=partnership,
        target_type=target_type,
        target_id=target.pk,
        kind=builder.kind,
        fmt=fmt,
        title=builder.title(target)[:300],
        sha256=digest,
        size=len(content),
        missing_logos=[organisation.name for organisation in missing],
        generated_by=by,
        generated_by_label=by.get_full_name() or by.email,
    )
    # Written before the row, under a random name (document_path): the row never points at nothing.
    document.file.save("", ContentFile(content), save=False)
    try:
        return _record_numbered(by=by, document=document, target=target, label=str(builder.label))
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise


def _record_numbered(*, by, document: GeneratedDocument, target, label: str) -> GeneratedDocument:
    attempts = VERSION_ATTEMPTS
    while True:
        try:
            return _record(by=by, document=document, target=target, label=label)
        except IntegrityError:
            # Someone else took this version number meanwhile: take the next one.
            attempts -= 1
            if not attempts:
                raise


@transaction.atomic(durable=True)
def _record(*, by, document: GeneratedDocument, target, label: str) -> GeneratedDocument:
    document.pk = None
    document.version = _next_version(document.target_type, document.target_id, document.kind, document.fmt)
    document.full_clean()
    document.save()
    log_action(
        actor=by,
        action="document.generated",
        target=target,
        changes={
            "document": document.title,
            "type": label,
            "format": document.get_fmt_display(),
            "version": document.version,
            "sha256": document.sha256,
        },
    )
    return document
