"""PDF renderer: a Django HTML template with print CSS, laid out by WeasyPrint.

The logos sit in a running header repeated on every page, the reference and "page N / M" in the
page's bottom margin boxes. Images travel as data: URIs and the URL fetcher accepts nothing else,
so a document never reaches the network or the file system while it is rendered.
"""

import logging

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# WeasyPrint reports each layout step at INFO, from its import on: noise in the logs of every
# generation. Set before the import.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from weasyprint import HTML, URLFetcher  # noqa: E402

from partenaria.documents.blocks import DocumentSpec  # noqa: E402


def css_string(text: str) -> str:
    """Text safe inside a CSS string literal (the page label goes into ``content:``)."""
    return "".join(ch for ch in text if ch not in '"\\\n\r<>{}')


def render_html(spec: DocumentSpec) -> str:
    return render_to_string("documents/pdf/document.html", {"doc": spec, "page_label": css_string(_("page"))})


def render_pdf(spec: DocumentSpec) -> bytes:
    fetcher = URLFetcher(allowed_protocols=["data"])
    # Tagged PDF: headings, lists and tables keep their structure for screen readers (RGAA).
    return HTML(string=render_html(spec), url_fetcher=fetcher).write_pdf(
        pdf_identifier=False, custom_metadata=False, pdf_tags=True
    )
