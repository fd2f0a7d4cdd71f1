"""Build ``document.docx``, the docxtpl template of every generated DOCX (CV10).

Run it after changing the layout, then commit both files:
    .venv/bin/python partenaria/documents/docx/build_template.py

The template holds what is the same for every document: page size and margins, styles, the header
with the parties' logos ({{ logos }}), the footer with the reference and "page N / M" (Word fields),
and the title. renderers/docx.py fills the placeholders with docxtpl, then appends the body (the
blocks of the document) with python-docx after the title. Only Jinja placeholders are written
here: no text in a given language.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
TARGET = HERE / "document.docx"
FONT = "Arial"
INK = RGBColor(0x1F, 0x2A, 0x37)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when the file is opened."""
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", "1"),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
            run._r.append(element)
        elif kind == "text":
            run.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)


def _style_fonts(document) -> None:
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Bullet"):
        style = document.styles[name]
        style.font.name = FONT
        # East-Asian and complex-script slots too, or Word falls back to another font.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(slot), FONT)
    document.styles["Normal"].font.size = Pt(10.5)
    document.styles["Normal"].paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 20), ("Subtitle", 12), ("Heading 1", 13), ("Heading 2", 11)):
        document.styles[name].font.size = Pt(size)
        document.styles[name].font.color.rgb = INK


def build() -> Path:
    document = Document()
    _style_fonts(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(34), Mm(22)
    section.header_distance, section.footer_distance = Mm(8), Mm(10)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # One run: Jinja tags split across runs would not be recognised.
    header.add_run("{% for logo in logos %}{{ logo.image }}    {% endfor %}")

    footer = section.footer.paragraphs[0]
    width = section.page_width - section.left_margin - section.right_margin
    footer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    for run_text in ("{{ reference }}", "\t{{ page_label }} "):
        run = footer.add_run(run_text)
        run.font.size = Pt(8)
    _field(footer, "PAGE")
    footer.add_run(" / ").font.size = Pt(8)
    _field(footer, "NUMPAGES")
    for run in footer.runs:
        run.font.size = Pt(8)

    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ subtitle }}", style="Subtitle")
    document.save(TARGET)
    return TARGET


if __name__ == "__main__":
    print(build())
