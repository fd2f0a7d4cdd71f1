"""The « Documents » tab of a convention (CV10): warning about missing logos, generation buttons,
the list of versions with their hash, downloads only through an access-checked view."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partenaria.conventions.models import Partnership
from partenaria.documents import services
from partenaria.documents.blocks import DocumentSpec, Heading, Paragraph, Table
from partenaria.documents.builders import DocumentBuilder, register
from partenaria.documents.builders.convention import CONVENTION
from partenaria.documents.models import GeneratedDocument
from partenaria.organisations.models import Role
from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of

from .pdf_reader import PdfReader

pytestmark = pytest.mark.django_db


def tab_url(convention):
    return reverse("conventions:convention_detail", args=[convention.pk]) + "?tab=documents"


def generate_url(convention, fmt):
    return reverse("documents:generate", args=["convention", convention.pk, fmt])


def test_the_tab_names_every_party_without_a_logo_before_generating(client, convention, officer):
    client.force_login(officer)
    page = client.get(tab_url(convention)).content.decode()
    assert "Ville de Mulhouse" in page.split("Générer le DOCX")[0].split("pas de logo")[1]
    assert "Générer le DOCX" in page and "Générer le PDF" in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page
    assert "Aucun document généré" in page


def test_generating_stores_a_version_listed_with_its_hash_and_warns_again(client, convention, officer):
    client.force_login(officer)
    response = client.post(generate_url(convention, "docx"), follow=True)
    version = GeneratedDocument.objects.get()
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?tab=documents#tab-panel")
    assert "Version 1 générée au format DOCX (modifiable)." in page
    assert "Généré sans le logo de : Ville de Mulhouse." in page
    assert version.sha256 in page
    assert version.get_download_url() in page


def test_a_download_is_an_attachment_whose_bytes_match_the_stored_hash(client, convention, officer, viewer):
    version = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="pdf")
    client.force_login(viewer)  # readers download; they do not generate
    response = client.get(version.get_download_url())
    body = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="convention-de-partenariat-2022-2024-v1.pdf"' in response["Content-Disposition"]
    assert hashlib.sha256(body).hexdigest() == version.sha256
    assert len(PdfReader(body).pages) >= 2


def test_a_reader_sees_the_versions_but_no_button_and_cannot_generate(client, convention, officer, viewer):
    services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    client.force_login(viewer)
    page = client.get(tab_url(convention)).content.decode()
    assert "Générer le DOCX" not in page
    assert "pas de logo" not in page
    assert "1 version générée" in page
    assert client.post(generate_url(convention, "pdf")).status_code == 403
    assert GeneratedDocument.objects.count() == 1


def test_generation_is_a_post_and_an_unknown_format_or_type_is_404(client, convention, officer):
    client.force_login(officer)
    assert client.get(generate_url(convention, "docx")).status_code == 405
    assert (
        client.post(reverse("documents:generate", args=["convention", convention.pk, "odt"])).status_code
        == 404
    )
    assert (
        client.post(reverse("documents:generate", args=["unknown", convention.pk, "pdf"])).status_code == 404
    )
    # An amendment's builder does not reach a convention that is not an amendment.
    assert (
        client.post(reverse("documents:generate", args=["amendment", convention.pk, "pdf"])).status_code
        == 404
    )
    assert not GeneratedDocument.objects.exists()


def test_another_partnership_gets_404_on_generation_and_download(client, convention, officer):
    version = services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    outsider_org = OrganisationFactory()
    PartnershipFactory(members=[outsider_org, OrganisationFactory()])
    outsider = officer_of(outsider_org, role=Role.ADMIN)
    client.force_login(outsider)
    assert client.get(version.get_download_url()).status_code == 404
    assert client.post(generate_url(convention, "pdf")).status_code == 404
    assert GeneratedDocument.objects.count() == 1


def test_the_tab_costs_the_same_number_of_queries_with_more_versions(client, convention, officer):
    client.force_login(officer)
    services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    client.get(tab_url(convention))  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        client.get(tab_url(convention))
    for _ in range(4):
        services.document_generate(by=officer, target=convention, builder=CONVENTION, fmt="docx")
    with CaptureQueriesContext(connection) as many:
        assert "5 versions générées" in client.get(tab_url(convention)).content.decode()
    assert len(many) == len(few)


class PartnershipSheet(DocumentBuilder):
    """Another document type on another kind of object: what AP3's progress report will do."""

    kind = "test-partnership-sheet"
    label = "Fiche"

    def targets(self, user):
        return Partnership.objects.visible_to(user)

    def partnership(self, target):
        return target

    def organisations(self, target):
        return [m.organisation for m in target.members.select_related("organisation")]

    def back_url(self, target):
        return target.get_absolute_url()

    def build(self, target, logos):
        spec = DocumentSpec(title=target.title, reference=f"Fiche {target.pk}", logos=logos)
        spec.add(Heading("Indicateurs"), Paragraph("Bilan de l'année."))
        spec.add(Table(("Indicateur", "Cible", "Mesure"), (("Stages", "20", "19"),), numeric_columns=(1, 2)))
        return spec


def test_a_new_document_type_is_one_builder_on_any_object_of_a_partnership(client, convention, officer):
    builder = register(PartnershipSheet())
    partnership = convention.partnership
    client.force_login(officer)
    response = client.post(reverse("documents:generate", args=[builder.kind, partnership.pk, "pdf"]))
    assert response.status_code == 302
    version = GeneratedDocument.objects.get(kind=builder.kind)
    assert version.target == partnership and version.partnership == partnership
    pdf = PdfReader(version.file.open("rb").read())
    assert sorted(pdf.images(0)) == [(90, 60), (120, 48)]
    assert "Indicateurs" in pdf.text(0) and "page 1 / 1" in pdf.text(0)
    docx_version = services.document_generate(by=officer, target=partnership, builder=builder, fmt="docx")
    assert docx_version.version == 1 and version.version == 1


def test_a_person_using_the_english_interface_still_gets_a_french_convention(client, convention, officer):
    import io

    import docx

    client.force_login(officer)
    client.post(reverse("set_language"), {"language": "en"})
    assert "Generate the DOCX" in client.get(tab_url(convention)).content.decode()
    client.post(generate_url(convention, "docx"))
    version = GeneratedDocument.objects.get()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(version.file.open("rb").read())).paragraphs)
    assert "Entre les soussignés" in text and "Between the undersigned" not in text


def test_an_amendment_page_generates_the_amendment_and_the_history_tells_it(client, convention, officer):
    from partenaria.conventions.models import ConventionKind

    amendment = ConventionFactory(
        partnership=convention.partnership,
        kind=ConventionKind.AMENDMENT,
        parent=convention,
        title="Avenant n° 1",
        draft=True,
        start_date=convention.start_date,
    )
    client.force_login(officer)
    page = client.get(tab_url(amendment)).content.decode()
    url = reverse("documents:generate", args=["amendment", amendment.pk, "pdf"])
    assert url in page
    assert client.post(url).status_code == 302
    version = GeneratedDocument.objects.get()
    assert version.kind == "amendment" and version.target == amendment
    history = client.get(reverse("conventions:convention_detail", args=[amendment.pk]) + "?tab=history")
    assert "a généré un document" in history.content.decode()
