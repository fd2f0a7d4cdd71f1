"""Renderers: a ``DocumentSpec`` in, the bytes of a file out. They know nothing of any domain."""

from collections.abc import Callable
from dataclasses import dataclass

from partenaria.documents.blocks import DocumentSpec


@dataclass(frozen=True)
class Renderer:
    extension: str
    content_type: str
    render: Callable[[DocumentSpec], bytes]


def _docx(spec: DocumentSpec) -> bytes:
    from .docx import render_docx

    return render_docx(spec)


def _pdf(spec: DocumentSpec) -> bytes:
    # WeasyPrint takes a second to import: only when a PDF is asked for.
    from .pdf import render_pdf

    return render_pdf(spec)


RENDERERS: dict[str, Renderer] = {
    "docx": Renderer(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx
    ),
    "pdf": Renderer("pdf", "application/pdf", _pdf),
}


def render(spec: DocumentSpec, fmt: str) -> bytes:
    return RENDERERS[fmt].render(spec)
