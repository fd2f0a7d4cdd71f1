"""Demo part of generated documents (CV10) and of the dispute log (CV9).

- Placeholder logos: invented images made here (a coloured tile with the organisation's initials),
  never the institutions' real logos. One party of the Dijon convention, the CCAS de Dijon, is left
  without one so that the « Documents » tab shows its warning.
- One settled dispute on the Dijon framework convention, under its article 7 (« Règlement amiable »,
  seed 003). The seed gives no dispute: its subject, steps and dates are invented and flagged
  illustrative.
"""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from partenaria.conventions import dispute_services
from partenaria.conventions.models import Convention, ConventionKind, DisputeOutcome, DisputeStepKind
from partenaria.organisations import services as organisation_services

D = datetime.date
# The party left without a logo, so that the warning can be seen.
WITHOUT_LOGO = "ccas-dijon"
PALETTE = [(31, 78, 121), (142, 45, 60), (34, 110, 72), (120, 72, 150), (176, 96, 20), (40, 100, 130)]
SMALL_WORDS = {"de", "du", "des", "la", "le", "les", "et", "d", "l", "of", "the"}


def initials(name: str, short_name: str = "") -> str:
    """« IRTESS », « DM » for Dijon Métropole, « DHR » for Département du Haut-Rhin."""
    if short_name and short_name.isupper() and len(short_name) <= 6:
        return short_name
    words = name.replace("'", " ").replace("’", " ").replace("-", " ").split()
    letters = [w[0].upper() for w in words if w.lower() not in SMALL_WORDS]
    return "".join(letters[:4]) or name[:2].upper()


def placeholder_logo(text: str, color: tuple[int, int, int]) -> bytes:
    """A 360 x 160 PNG: the initials in white on a coloured tile (clearly not a real logo)."""
    image = Image.new("RGB", (360, 160), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((4, 4, 356, 156), radius=24, fill=color)
    font = ImageFont.load_default(size=84 if len(text) <= 4 else 60)
    box = draw.textbbox((0, 0), text, font=font)
    position = ((360 - (box[2] - box[0])) / 2 - box[0], (160 - (box[3] - box[1])) / 2 - box[1])
    draw.text(position, text, fill="white", font=font)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _logos(demo) -> None:
    for index, (key, organisation) in enumerate(sorted(demo.orgs.items())):
        if key == WITHOUT_LOGO:
            continue
        content = placeholder_logo(
            initials(organisation.name, organisation.short_name), PALETTE[index % len(PALETTE)]
        )
        organisation_services.organisation_update(
            by=demo.superuser,
            organisation=organisation,
            data={},
            logo=SimpleUploadedFile(f"logo-{key}.png", content, content_type="image/png"),
        )


def _dijon_dispute(demo) -> None:
    from .loader import DIJON_PARTNERSHIP

    convention = Convention.objects.get(partnership__title=DIJON_PARTNERSHIP, kind=ConventionKind.FRAMEWORK)
    by = demo.officer("ville-dijon")
    dispute = dispute_services.dispute_open(
        by=by,
        convention=convention,
        opened_on=D(2023, 10, 16),
        raised_by=demo.orgs["ville-dijon"],
        subject="Demande annuelle de stages reçue après la clôture des plannings",
        description=(
            "La demande de stages de l'IRTESS (article 1) est parvenue aux référents de la Direction de la "
            "petite enfance après la clôture des plannings d'accueil : quatre étudiants restent sans site "
            "qualifiant pour le premier semestre."
        ),
        dates_are_illustrative=True,
    )
    steps = [
        (
            D(2023, 10, 24),
            DisputeStepKind.LETTER,
            "Courrier de la Direction de la petite enfance à l'IRTESS.",
        ),
        (
            D(2023, 11, 7),
            DisputeStepKind.MEETING,
            "Réunion des référents sites qualifiants et de l'IRTESS : recensement des places encore ouvertes.",
        ),
        (
            D(2023, 11, 21),
            DisputeStepKind.PROPOSAL,
            "L'IRTESS propose d'adresser la demande annuelle avant le 15 septembre ; la Ville ouvre deux "
            "places supplémentaires au second semestre.",
        ),
    ]
    for date, kind, notes in steps:
        dispute_services.dispute_step_add(by=by, dispute=dispute, date=date, kind=kind, notes=notes)
    dispute_services.dispute_close(
        by=by,
        dispute=dispute,
        outcome=DisputeOutcome.SETTLED,
        closed_on=D(2023, 12, 5),
        resolution=(
            "Les parties conviennent d'un envoi de la demande annuelle avant le 15 septembre et d'un point "
            "sur l'accueil des stagiaires à chaque bilan annuel du comité de pilotage."
        ),
    )


def load(demo) -> None:
    _logos(demo)
    _dijon_dispute(demo)
