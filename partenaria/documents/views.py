"""Pages of generated documents (CV10). Thin: fetch through the builder's visible targets, call the
service, redirect. Downloads go through ``GeneratedDocument.objects.visible_to`` (404 otherwise)."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partenaria.core.ratelimit import rate_limited

from .builders import DocumentBuilder, get_builder
from .models import DocumentFormat, GeneratedDocument
from .renderers import RENDERERS
from .services import document_generate, missing_logos

logger = logging.getLogger(__name__)


def panel_context(user, target, builder: DocumentBuilder) -> dict:
    """What ``documents/_documents_panel.html`` needs, for any page that lists a target's documents."""
    versions = list(
        GeneratedDocument.objects.of(target)
        .filter(kind=builder.kind)
        .only(
            "pk",
            "fmt",
            "version",
            "title",
            "sha256",
            "size",
            "generated_by_label",
            "generated_at",
            "missing_logos",
        )
        .order_by("-generated_at", "-pk")
    )
    can_generate = builder.can_generate(user, target)
    return {
        "document_versions": versions,
        "document_missing_logos": missing_logos(builder=builder, target=target) if can_generate else [],
        "document_can_generate": can_generate,
        "document_generate_urls": [
            (fmt, reverse("documents:generate", args=[builder.kind, target.pk, fmt]))
            for fmt in DocumentFormat.values
        ],
    }


@rate_limited("document")
@require_POST
def generate(request, kind: str, target_pk: int, fmt: str):
    builder = get_builder(kind)
    target = builder.get_target(request.user, target_pk)
    if fmt not in DocumentFormat.values:
        raise Http404
    if not builder.can_generate(request.user, target):
        raise PermissionDenied(_("Only the partners' officers generate documents."))
    try:
        document = document_generate(by=request.user, target=target, builder=builder, fmt=fmt)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Version %(version)s of the %(format)s generated.")
            % {"version": document.version, "format": document.get_fmt_display()},
        )
        if document.missing_logos:
            messages.warning(
                request,
                _("Generated without the logo of: %(names)s.") % {"names": ", ".join(document.missing_logos)},
            )
    return redirect(builder.back_url(target))


@require_GET
def download(request, pk: int):
    document = get_object_or_404(GeneratedDocument.objects.visible_to(request.user), pk=pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        logger.error("File of generated document %s is missing from the storage", document.pk)
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.filename,
        content_type=RENDERERS[document.fmt].content_type,
    )
