"""A format-neutral description of a generated document (CV10).

Builders (one per document type, in ``builders/``) turn business objects into a ``DocumentSpec``;
renderers (``renderers/``) turn any ``DocumentSpec`` into DOCX or PDF bytes. Renderers know these
classes only: nothing about conventions, reports or any other domain.
"""

import base64
from dataclasses import dataclass, field
from typing import ClassVar


@dataclass(frozen=True)
class Logo:
    """The logo of one party: printed in the header of every page."""

    name: str  # the organisation's name, used as the image's alternative text
    data: bytes
    mime: str = "image/png"

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode()}"


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    text: str
    level: int = 1  # 1 for a section (« Article 3 – ... »), 2 below it


@dataclass(frozen=True)
class Paragraph:
    """Text; a blank line inside ``text`` starts a new paragraph."""

    kind: ClassVar[str] = "paragraph"
    text: str
    strong: bool = False
    emphasis: bool = False

    @property
    def paragraphs(self) -> list[str]:
        return [part.strip() for part in self.text.replace("\r\n", "\n").split("\n\n") if part.strip()]


@dataclass(frozen=True)
class BulletList:
    kind: ClassVar[str] = "list"
    items: tuple[str, ...]
    title: str = ""  # an optional lead-in line (« Engagements : »)


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    caption: str = ""
    # Columns holding amounts, right-aligned (ux.md: totals right-aligned).
    numeric_columns: tuple[int, ...] = ()


@dataclass(frozen=True)
class Signatory:
    on_behalf_of: str  # « Pour Dijon Métropole, »
    lines: tuple[str, ...]  # capacity, delegation
    name: str  # who signs; empty leaves the line blank to fill by hand


@dataclass(frozen=True)
class SignatureBlock:
    kind: ClassVar[str] = "signatures"
    statement: str  # « Fait à Dijon, en quatre exemplaires, le 27 juin 2022 »
    signatories: tuple[Signatory, ...]


Block = Heading | Paragraph | BulletList | Table | SignatureBlock


@dataclass
class DocumentSpec:
    """What a renderer needs: identity, the logos of all parties, the footer text and the blocks."""

    title: str
    reference: str  # printed in the footer of every page with the page number
    subtitle: str = ""
    logos: list[Logo] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    language: str = "fr"

    def add(self, *blocks: Block) -> "DocumentSpec":
        self.blocks.extend(blocks)
        return self
