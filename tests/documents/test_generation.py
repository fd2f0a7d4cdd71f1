"""Generated documents (CV10): the convention as DOCX and PDF, logos of all parties on every page,
reference and page numbers in the footer, the term in words, each version stored with its hash."""

import hashlib
import io

import docx
import pytest
from django.core.exceptions import PermissionDenied
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from partenaria.conventions.models import Convention
from partenaria.core.audit import history_for
from partenaria.documents import services
from partenaria.documents.builders.convention import AMENDMENT, CONVENTION
from partenaria.documents.models import GeneratedDocument

from .pdf_reader import PdfReader

pytestmark = pytest.mark.django_db

TERM = "du 1er janvier 2022 au 31 décembre 2024"
RENEWAL = (
    "reconduite tacitement pour la même période sauf dénonciation par lettre recommandée avec avis de "
    "réception, moyennant un préavis de 4 mois"
)


def logos_of(convention) -> dict[str, bytes]:
    return {
        p.organisation.name: p.organisation.logo.open("rb").read()
        for p in convention.parties.select_related("organisation")
        if p.organisation.logo
    }


def stored_bytes(document: GeneratedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_the_docx_carries_every_logo_in_the_header_and_the_reference_and_page_fields_in_the_footer(
    convention, officer
):
    version = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    opened = docx.Document(io.BytesIO(stored_bytes(version)))

    header = opened.sections[0].header
    images = [rel.target_part.blob for rel in header.part.rels.values() if rel.reltype == RT.IMAGE]
    assert sorted(hashlib.sha256(i).hexdigest() for i in images) == sorted(
        hashlib.sha256(logo).hexdigest() for logo in logos_of(convention).values()
    )
    assert len(images) == 2  # the third party has no logo
    descriptions = header._element.xpath(".//wp:docPr/@descr")
    assert set(descriptions) == set(logos_of(convention))

    footer = opened.sections[0].footer
    assert "CP-2021-12-4" in footer.paragraphs[0].text
    assert "page" in footer.paragraphs[0].text
    instructions = [t.strip() for t in footer._element.xpath(".//w:instrText/text()")]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_a_title_stored_with_control_characters_still_gives_its_docx(convention, officer):
    # Word's manual line break and a bell, stored before the forms cleaned texts (or by a script).
    Convention.objects.filter(pk=convention.pk).update(title="Convention\x07 triennale\x0b2022-2024")
    convention.refresh_from_db()

    version = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")

    opened = docx.Document(io.BytesIO(stored_bytes(version)))
    assert opened.paragraphs[0].text == "Convention triennale\n2022-2024"
    assert opened.core_properties.title == "Convention triennale\n2022-2024"


def test_the_docx_body_tells_parties_articles_term_and_signature_in_words(convention, officer):
    version = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    opened = docx.Document(io.BytesIO(stored_bytes(version)))
    text = docx_text(opened)
    headings = [p.text for p in opened.paragraphs if p.style.name.startswith("Heading")]

    assert opened.paragraphs[0].text == "Convention de partenariat 2022-2024"
    assert "Article 1 – Objet de la convention" in headings
    assert "Article 2 – Comité de pilotage" in headings
    assert "Préambule" in headings
    assert "Hélène Vasseur, La Présidente du Conseil départemental" in text
    assert "Pour la Présidente et par délégation, le Vice-Président" in text
    assert "Délibération de la Commission permanente du 26 novembre 2021" in text
    assert "ci-après « l'ISSM »" in text.lower() or "Ci-après « l'ISSM »" in text
    assert "Institut Supérieur Social de Mulhouse doit le bilan annuel des stages" in text
    assert TERM in text
    assert RENEWAL in text
    assert "31 août 2024" in text  # the model's notice_deadline, in words
    assert "Fait à Colmar, en trois exemplaires, le 10 décembre 2021" in text
    assert "Pour le Département," in text


def test_the_pdf_has_every_logo_on_every_page_and_reference_and_page_n_of_m_in_the_footer(
    convention, officer
):
    version = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="pdf")
    pdf = PdfReader(stored_bytes(version))
    pages = len(pdf.pages)
    assert pages >= 2
    for index in range(pages):
        assert sorted(pdf.images(index)) == [(90, 60), (120, 48)], f"page {index + 1}"
        text = pdf.text(index)
        assert "CP-2021-12-4" in text
        assert f"page {index + 1} / {pages}" in text
    full = pdf.full_text()
    assert "Article 1 – Objet de la convention" in full
    assert "Article 3 – Durée" in full
    assert TERM in full
    assert RENEWAL in full
    assert "Fait à Colmar, en trois exemplaires, le 10 décembre 2021" in full


def test_each_version_is_stored_with_the_hash_and_size_of_its_file_and_numbered_per_format(
    convention, officer
):
    first = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    second = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    pdf = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="pdf")

    assert (first.version, second.version, pdf.version) == (1, 2, 1)
    for version in (first, second, pdf):
        content = stored_bytes(version)
        assert version.sha256 == hashlib.sha256(content).hexdigest()
        assert version.size == len(content)
        assert version.partnership == convention.partnership
        assert version.target == convention
        assert version.generated_by == officer
        assert version.missing_logos == ["Ville de Mulhouse"]
    # Random names on the storage: nothing of the title in the path.
    assert first.file.name.startswith("documents/") and "convention" not in first.file.name.lower()
    assert first.file.name != second.file.name
    events = [e for e in history_for(convention) if e.action == "document.generated"]
    assert len(events) == 3
    assert events[0].changes["sha256"] == pdf.sha256


def test_only_the_partners_officers_generate(convention, viewer):
    with pytest.raises(PermissionDenied):
        services.document_generate(by=viewer, target=convention, builder=CONVENTION, fmt="pdf")
    assert not GeneratedDocument.objects.exists()


def _storage_files(settings) -> list:
    folder = settings.MEDIA_ROOT / "documents"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_failure_after_the_file_is_written_leaves_no_row_and_removes_the_file(
    convention, officer, monkeypatch, settings
):
    def broken_audit(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(services, "log_action", broken_audit)
    with pytest.raises(RuntimeError):
        services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    assert not GeneratedDocument.objects.exists()
    assert _storage_files(settings) == []


def test_a_failure_while_rendering_writes_neither_file_nor_row(convention, officer, monkeypatch, settings):
    def broken_render(spec, fmt):
        raise OSError("fonts missing")

    monkeypatch.setattr(services, "render", broken_render)
    with pytest.raises(OSError):
        services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="pdf")
    assert not GeneratedDocument.objects.exists()
    assert _storage_files(settings) == []


def test_a_webp_logo_is_embedded_as_png(convention, officer):
    from .factories import give_logo

    city = convention.parties.get(position=2).organisation
    give_logo(city, (64, 32), fmt="WEBP")
    version = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    opened = docx.Document(io.BytesIO(stored_bytes(version)))
    header = opened.sections[0].header
    types = sorted(
        rel.target_part.content_type for rel in header.part.rels.values() if rel.reltype == RT.IMAGE
    )
    assert types == ["image/png"] * 3
    assert version.missing_logos == []


def test_an_amendment_states_what_it_changes_in_its_parent(convention, officer, today):
    from partenaria.conventions.models import AmendmentChange, ChangeKind, ConventionKind
    from tests.factories import ConventionFactory

    article = convention.articles.get(number="2")
    amendment = ConventionFactory(
        partnership=convention.partnership,
        kind=ConventionKind.AMENDMENT,
        parent=convention,
        title="Avenant n° 1 à la convention 2022-2024",
        draft=True,
        start_date=convention.start_date,
    )
    AmendmentChange.objects.create(amendment=amendment, kind=ChangeKind.TERM_EXTENSION, months=12)
    AmendmentChange.objects.create(
        amendment=amendment,
        kind=ChangeKind.ARTICLE_MODIFIED,
        article=article,
        number="2",
        title="Comité de pilotage",
        new_text="Le comité de pilotage se réunit au moins deux fois par an.",
    )
    version = services.document_generate(by=officer, target=amendment, builder=AMENDMENT, fmt="docx")
    text = docx_text(docx.Document(io.BytesIO(stored_bytes(version))))
    assert "Avenant à « Convention de partenariat 2022-2024 » (CP-2021-12-4)" in text
    assert "Durée prolongée de 12 mois" in text
    assert "qui prend fin le 31 décembre 2024, est prolongée de 1 an" in text
    assert "Article 2 modifié" in text
    assert "Le comité de pilotage se réunit au moins deux fois par an." in text
    assert "Les autres dispositions de la convention demeurent inchangées." in text


def test_the_pdf_is_tagged_and_says_its_language(convention, officer):
    import re

    version = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="pdf")
    pdf = PdfReader(stored_bytes(version))
    catalog = next(h for h, _s in pdf.objects.values() if re.search(rb"/Type\s*/Catalog", h))
    assert b"/StructTreeRoot" in catalog and b"/MarkInfo" in catalog
    assert re.search(rb"/Lang\s*\(fr\)", catalog)


def test_two_generations_taking_the_same_number_end_as_two_versions(convention, officer, monkeypatch):
    services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    real = services._next_version
    calls = []

    def stale_then_real(*args):
        # The first attempt sees the state before a concurrent generation committed version 1.
        calls.append(args)
        return 1 if len(calls) == 1 else real(*args)

    monkeypatch.setattr(services, "_next_version", stale_then_real)
    monkeypatch.setattr(GeneratedDocument, "validate_constraints", lambda self, exclude=None: None)
    second = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    assert second.version == 2 and len(calls) == 2
    assert sorted(GeneratedDocument.objects.values_list("version", flat=True)) == [1, 2]
