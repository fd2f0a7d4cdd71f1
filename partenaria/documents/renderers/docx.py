"""DOCX renderer: the committed docxtpl template, filled with the blocks of a ``DocumentSpec``.

The template (``docx/document.docx``, built by ``docx/build_template.py``) carries the header with
the logos and the footer with the reference and the page fields; docxtpl fills them, then the body
is appended after the title with python-docx, so that a person gets real Word headings, lists and
tables to edit (docxtpl's sub-documents would need docxcompose, which the project does not ship).
"""

import io
from pathlib import Path

from django.utils.translation import gettext as _
from docx.document import _Body
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docxtpl import DocxTemplate, InlineImage

from partenaria.core.text import clean_text
from partenaria.documents.blocks import (
    BulletList,
    DocumentSpec,
    Heading,
    Paragraph,
    SignatureBlock,
    Table,
)

TEMPLATE = Path(__file__).resolve().parent.parent / "docx" / "document.docx"
LOGO_HEIGHT = Mm(14)
HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"


def _text_runs(paragraph, text: str, *, bold=False, italic=False) -> None:
    lines = clean_text(text).split("\n")
    run = paragraph.add_run(lines[0])
    for line in lines[1:]:
        run.add_break()
        run.add_text(line)
    # Only when set: python-docx writes an element even for False, a third of the rendering time.
    if bold:
        run.bold = True
    if italic:
        run.italic = True


def _repeat_header_row(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def _table(body, block: Table, width, style_ids: dict[str, str]) -> None:
    if block.caption:
        _text_runs(body.add_paragraph(), block.caption, italic=True)
    table = body.add_table(1, len(block.headers), width)
    table._tbl.tblStyle_val = style_ids["Table Grid"]
    for index, header in enumerate(block.headers):
        cell = table.rows[0].cells[index]
        _text_runs(cell.paragraphs[0], header, bold=True)
    _repeat_header_row(table.rows[0])
    for row in block.rows:
        cells = table.add_row().cells
        for index, value in enumerate(row):
            _text_runs(cells[index].paragraphs[0], value)
            if index in block.numeric_columns:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    body.add_paragraph()


def _signatures(body, block: SignatureBlock, width) -> None:
    statement = body.add_paragraph()
    statement.paragraph_format.space_before = Pt(18)
    statement.paragraph_format.keep_with_next = True
    _text_runs(statement, block.statement)
    columns = 2 if len(block.signatories) > 1 else 1
    rows = (len(block.signatories) + columns - 1) // columns
    table = body.add_table(rows, columns, width)
    for index, signatory in enumerate(block.signatories):
        cell = table.cell(index // columns, index % columns)
        first = cell.paragraphs[0]
        first.paragraph_format.keep_with_next = True
        _text_runs(first, signatory.on_behalf_of, bold=True)
        for line in signatory.lines:
            _text_runs(cell.add_paragraph(), line)
        # Room for the handwritten signature.
        space = cell.add_paragraph()
        space.paragraph_format.space_before = Pt(42)
        _text_runs(space, signatory.name or "……………………………")


def _styled(body, style_ids: dict[str, str], name: str):
    paragraph = body.add_paragraph()
    paragraph._p.style = style_ids[name]
    return paragraph


def _write(body, block, width, style_ids: dict[str, str]) -> None:
    if isinstance(block, Heading):
        _text_runs(_styled(body, style_ids, f"Heading {min(max(block.level, 1), 3)}"), block.text)
    elif isinstance(block, Paragraph):
        for part in block.paragraphs:
            _text_runs(body.add_paragraph(), part, bold=block.strong, italic=block.emphasis)
    elif isinstance(block, BulletList):
        if block.title:
            _text_runs(body.add_paragraph(), block.title, italic=True)
        for item in block.items:
            _text_runs(_styled(body, style_ids, "List Bullet"), item)
    elif isinstance(block, Table):
        _table(body, block, width, style_ids)
    elif isinstance(block, SignatureBlock):
        _signatures(body, block, width)
    else:  # a new kind of block must be taught to both renderers
        raise TypeError(f"Unknown block {type(block).__name__}")


def _append_blocks(document, blocks) -> None:
    """Write each block in a small scratch body, then move it before the section properties.

    python-docx finds where to insert each new paragraph by scanning the whole body: writing a report
    of a few thousand paragraphs straight into it takes time quadratic in its length.
    """
    body = document.element.body
    section = body.sectPr
    width = document._block_width
    # Looked up once: python-docx finds a style by name by scanning them all, for every paragraph.
    style_ids = {
        name: document.styles[name].style_id
        for name in ("Heading 1", "Heading 2", "Heading 3", "List Bullet", "Table Grid")
    }
    for block in blocks:
        scratch = _Body(OxmlElement("w:body"), document)
        _write(scratch, block, width, style_ids)
        for element in list(scratch._element):
            if section is not None:
                section.addprevious(element)
            else:
                body.append(element)


def _describe_logos(template: DocxTemplate, spec: DocumentSpec) -> None:
    """Give each header image its organisation's name as alternative text (accessibility)."""
    # docxtpl replaces the header parts behind the relationships: reach them through those.
    for rel in template.docx.part.rels.values():
        if rel.reltype != HEADER_REL:
            continue
        pictures = rel.target_part.element.xpath(".//wp:docPr")
        for picture, logo in zip(pictures, spec.logos, strict=False):
            picture.set("descr", clean_text(logo.name))
            picture.set("name", clean_text(logo.name))


def render_docx(spec: DocumentSpec) -> bytes:
    template = DocxTemplate(TEMPLATE)
    logos = [
        {
            "image": InlineImage(template, io.BytesIO(logo.data), height=LOGO_HEIGHT),
            "name": clean_text(logo.name),
        }
        for logo in spec.logos
    ]
    context = {
        "title": clean_text(spec.title),
        "subtitle": clean_text(spec.subtitle),
        "reference": clean_text(spec.reference),
        "page_label": _("page"),
        "logos": logos,
    }
    template.render(context, autoescape=True)
    document = template.docx  # the rendered document: blocks go after the title
    _append_blocks(document, spec.blocks)
    _describe_logos(template, spec)
    core = template.docx.core_properties
    core.title, core.subject = clean_text(spec.title), clean_text(spec.reference)
    core.language = spec.language
    core.author = "Partenaria"
    output = io.BytesIO()
    template.save(output)
    return output.getvalue()
