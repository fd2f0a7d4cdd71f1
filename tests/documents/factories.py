"""Situations of generated documents (CV10): parties with and without logos, a signed convention."""

import datetime
import io

from django.core.files.base import ContentFile
from PIL import Image

from partenaria.conventions.models import NoticeForm, Party
from partenaria.conventions.statuses import Status
from tests.factories import (
    ArticleFactory,
    CommitmentFactory,
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    PersonFactory,
)

D = datetime.date


def png_bytes(size: tuple[int, int], color=(31, 78, 121)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def give_logo(organisation, size: tuple[int, int], fmt: str = "PNG") -> bytes:
    """A logo of a given pixel size: the tests recognise each party's image by its size."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, format=fmt)
    organisation.logo.save(f"logo.{fmt.lower()}", ContentFile(buffer.getvalue()), save=True)
    return buffer.getvalue()


LONG_TEXT = (
    "Les parties conviennent de coopérer à la formation des travailleurs sociaux, à l'accueil des "
    "stagiaires et à la recherche. "
) * 40


def haut_rhin_like_convention(*, logos=((120, 48), (90, 60)), third_without_logo=True):
    """Three parties, the first two with logos of distinct sizes; three years from 1 January 2022,
    tacit renewal with 4 months' notice by registered letter [004]; long enough for several pages."""
    dept = OrganisationFactory(
        departement=True,
        name="Département du Haut-Rhin",
        street="100 avenue d'Alsace",
        postcode="68000",
        city="Colmar",
    )
    school = OrganisationFactory(school=True, name="Institut Supérieur Social de Mulhouse")
    city = OrganisationFactory(name="Ville de Mulhouse")
    partnership = PartnershipFactory(members=[dept, school, city], title="Coopération Haut-Rhin – ISSM")
    for organisation, size in zip((dept, school), logos, strict=False):
        give_logo(organisation, size)
    convention = ConventionFactory(
        partnership=partnership,
        title="Convention de partenariat 2022-2024",
        reference="CP-2021-12-4",
        start_date=D(2022, 1, 1),
        signature_date=D(2021, 12, 10),
        signature_place="Colmar",
        originals_count=3,
        term_months=36,
        tacit_renewal_4_months=True,
        parties=[],
    )
    president = PersonFactory(organisation=dept, first_name="Hélène", last_name="Vasseur")
    Party.objects.create(
        convention=convention,
        organisation=dept,
        representative=president,
        capacity="La Présidente du Conseil départemental",
        delegation="Pour la Présidente et par délégation, le Vice-Président",
        authorised_by="Délibération de la Commission permanente du 26 novembre 2021",
        designation="le Département",
        position=0,
    )
    Party.objects.create(
        convention=convention,
        organisation=school,
        representative_name="Marc Olivier",
        capacity="Le Directeur général",
        designation="l'ISSM",
        position=1,
    )
    Party.objects.create(
        convention=convention,
        organisation=city,
        representative_name="Nadia Benali",
        capacity="La Maire",
        position=2,
    )
    ArticleFactory(
        convention=convention,
        kind="preamble",
        number="",
        title="",
        body="Considérant l'intérêt d'un partenariat.",
    )
    objet = ArticleFactory(convention=convention, number="1", title="Objet de la convention", body=LONG_TEXT)
    CommitmentFactory(
        convention=convention,
        article=objet,
        debtor=school,
        creditor=dept,
        description="le bilan annuel des stages",
        due_date=D(2022, 12, 1),
    )
    ArticleFactory(convention=convention, number="2", title="Comité de pilotage", body=LONG_TEXT)
    ArticleFactory(convention=convention, number="3", title="Durée", body="Trois ans, reconduction tacite.")
    assert convention.status == Status.ACTIVE
    assert convention.notice_form == NoticeForm.REGISTERED_LETTER
    return convention
