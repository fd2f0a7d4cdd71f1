"""Reference data of the internships (IN1): diplomas, their competence blocks, gratification rates.

Loaded by the data migration and by ``manage.py load_internship_reference`` (idempotent: rows are
matched by code or date, so a superuser's edits in the admin to other fields are kept). Values come
from domain-facts.md; a figure that changes (a rate, a reform) is a new dated row, never code.
"""

import datetime
from decimal import Decimal

# code, name, level, practical hours, rules, valid from, blocks
DIPLOMAS = [
    (
        "ASS",
        "Diplôme d'État d'assistant de service social (DEASS)",
        "Niveau 6, grade de licence",
        1820,
        "1 820 h (52 semaines) de formation pratique, jusqu'à 8 sites qualifiants.",
        datetime.date(2018, 9, 1),
        [
            ("DC1", "Intervention professionnelle en service social"),
            ("DC2", "Analyse des questions sociales de l'intervention professionnelle"),
            ("DC3", "Communication professionnelle"),
            ("DC4", "Dynamiques interinstitutionnelles, partenariats et réseaux"),
        ],
    ),
    (
        "ES",
        "Diplôme d'État d'éducateur spécialisé (DEES)",
        "Niveau 6, grade de licence",
        2100,
        "2 100 h (60 semaines) de formation pratique.",
        datetime.date(2018, 9, 1),
        [
            ("DC1", "La relation éducative spécialisée"),
            ("DC2", "Conception et conduite de projets éducatifs spécialisés"),
            ("DC3", "Communication professionnelle"),
            ("DC4", "Dynamiques interinstitutionnelles, partenariats et réseaux"),
        ],
    ),
    (
        "EJE",
        "Diplôme d'État d'éducateur de jeunes enfants (DEEJE)",
        "Niveau 6, grade de licence",
        2100,
        "2 100 h de formation pratique.",
        datetime.date(2018, 9, 1),
        [
            ("DC1", "Accueil et accompagnement du jeune enfant et de sa famille"),
            ("DC2", "Action éducative en direction du jeune enfant"),
            ("DC3", "Communication professionnelle"),
            ("DC4", "Dynamiques interinstitutionnelles, partenariats et réseaux"),
        ],
    ),
    (
        "ETS",
        "Diplôme d'État d'éducateur technique spécialisé (DEETS)",
        "Niveau 6, grade de licence",
        1960,
        "1 960 h (56 semaines) de formation pratique.",
        datetime.date(2018, 9, 1),
        [
            ("DC1", "Accompagnement socio-éducatif par l'activité technique"),
            ("DC2", "Conception et conduite de projets éducatifs et techniques"),
            ("DC3", "Communication professionnelle"),
            ("DC4", "Dynamiques interinstitutionnelles, partenariats et réseaux"),
        ],
    ),
    (
        "CESF",
        "Diplôme d'État de conseiller en économie sociale familiale (DECESF)",
        "Niveau 6, grade de licence",
        560,
        "560 h (16 semaines) de formation pratique.",
        datetime.date(2018, 9, 1),
        [
            ("DC1", "Conseil et expertise à visée socio-éducative dans les domaines de la vie quotidienne"),
            ("DC2", "Intervention sociale"),
            ("DC3", "Communication professionnelle"),
            ("DC4", "Dynamiques interinstitutionnelles, partenariats et réseaux"),
        ],
    ),
    (
        "ME",
        "Diplôme d'État de moniteur éducateur (DEME)",
        "Niveau 4",
        1050,
        "1 050 h de formation pratique, au moins 2 sites dont un en internat (réforme de juillet 2024).",
        datetime.date(2024, 9, 1),
        [
            ("DC1", "Accompagnement éducatif de la personne"),
            ("DC2", "Participation à l'élaboration et à la conduite du projet éducatif"),
            ("DC3", "Travail en équipe pluriprofessionnelle et communication"),
            ("DC4", "Implication dans les dynamiques institutionnelles"),
        ],
    ),
    (
        "AES",
        "Diplôme d'État d'accompagnant éducatif et social (DEAES)",
        "Niveau 3",
        840,
        "840 h de formation pratique.",
        datetime.date(2021, 9, 1),
        [
            ("DC1", "Accompagnement de la personne dans les actes essentiels du quotidien"),
            ("DC2", "Accompagnement dans la vie sociale et relationnelle"),
            ("DC3", "Communication et travail en équipe"),
        ],
    ),
    (
        "TISF",
        "Diplôme d'État de technicien de l'intervention sociale et familiale (DETISF)",
        "Niveau 4",
        1155,
        "1 155 h de formation pratique avant la réforme de 2024 (à vérifier).",
        datetime.date(2006, 9, 1),
        [
            ("DC1", "Conduite du projet d'aide à la personne"),
            ("DC2", "Communication professionnelle et travail en réseau"),
            ("DC3", "Réalisation des actes de la vie quotidienne"),
        ],
    ),
    (
        "MA",
        "Titre de moniteur d'atelier",
        "Niveau 4",
        None,
        "Selon les règles du titre.",
        datetime.date(2019, 9, 1),
        [
            ("DC1", "Encadrement d'une équipe de travailleurs en situation de handicap"),
            ("DC2", "Organisation de la production"),
        ],
    ),
    (
        "CAFERUIS",
        "Certificat d'aptitude aux fonctions d'encadrement et de responsable d'unité d'intervention sociale",
        "Niveau 6",
        420,
        "420 h de formation pratique.",
        datetime.date(2004, 9, 1),
        [
            ("DC1", "Conception et conduite de projets d'unité ou de service"),
            ("DC2", "Expertise technique"),
            ("DC3", "Management d'équipe"),
            ("DC4", "Gestion administrative et budgétaire d'une unité"),
        ],
    ),
    (
        "CAFDES",
        "Certificat d'aptitude aux fonctions de directeur d'établissement ou de service d'intervention sociale",
        "Niveau 7",
        510,
        "510 h de formation pratique.",
        datetime.date(2007, 9, 1),
        [
            ("DC1", "Élaboration et conduite stratégique d'un projet d'établissement ou de service"),
            ("DC2", "Management et gestion des ressources humaines"),
            ("DC3", "Gestion économique, financière et logistique"),
            ("DC4", "Expertise de l'intervention sanitaire et sociale sur un territoire"),
        ],
    ),
    (
        "DEIS",
        "Diplôme d'État d'ingénierie sociale",
        "Niveau 7",
        175,
        "175 h de formation pratique.",
        datetime.date(2006, 9, 1),
        [
            ("DC1", "Production de connaissances"),
            ("DC2", "Conception et conduite d'actions"),
            ("DC3", "Communication, ressources humaines"),
        ],
    ),
]

# 15 % of the hourly social-security ceiling (L124-6, D124-8).
RATES = [
    (
        datetime.date(2024, 1, 1),
        Decimal("4.35"),
        "15 % du plafond horaire de la sécurité sociale 2024 et 2025",
    ),
    (datetime.date(2026, 1, 1), Decimal("4.50"), "15 % du plafond horaire de la sécurité sociale 2026"),
]


def load_reference(apps=None) -> None:
    """Create the missing diplomas, blocks and rates (``apps`` is given by the data migration)."""
    get = apps.get_model if apps else _current_model
    diploma_model = get("internships", "Diploma")
    block_model = get("internships", "CompetenceBlock")
    rate_model = get("internships", "GratificationRate")
    for code, name, level, practical_hours, rules, valid_from, blocks in DIPLOMAS:
        diploma, _created = diploma_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "practical_hours": practical_hours,
                "rules": rules,
                "valid_from": valid_from,
            },
        )
        for block_code, title in blocks:
            block_model.objects.get_or_create(diploma=diploma, code=block_code, defaults={"title": title})
    for valid_from, rate, source in RATES:
        rate_model.objects.get_or_create(
            valid_from=valid_from, defaults={"hourly_rate": rate, "source": source}
        )


def _current_model(app_label: str, name: str):
    from django.apps import apps

    return apps.get_model(app_label, name)
