"""Demo research-actions (RS1-RS5), played through ``research.services``.

- Askoria: the four topics of the 2022-2024 convention [001] (three research-actions and one
  transversal study) with their methodology « 20/25 entretiens croisés » and « 25 à 30 entretiens
  biographiques » [001], the progress figures being illustrative; two past researches of the earlier
  conventions with their synthesis [001 annex 1]; the 2025 exploratory research « Vulnérabilités et
  transition écologique » [000 art. 3.2] with its literature review, the synthesis due on 1 December
  2025 [000] (accepted) and the funders searched (Région, État, ADEME, MIRE/INTS/CNAF, FAS, TiLab,
  CNFPT [000]); their statuses and amounts are illustrative.
- Dijon: a territorial diagnosis asked of the IRTESS by the Ville de Dijon [003 art. 1]; its subject,
  dates and quote are illustrative.

People are the demo's invented accounts; every date the sources do not give is illustrative.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from partenaria.conventions.models import Convention, ConventionKind, Partnership
from partenaria.organisations.models import Person
from partenaria.research import services
from partenaria.research.models import Deliverable

D = datetime.date

# A one-page PDF, so that the deliverables the demo submits can be downloaded and opened.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def load(demo) -> None:
    _askoria(demo)
    _dijon(demo)


def _person(user) -> Person:
    return Person.objects.filter(user=user).first()


def _submit(by, deliverable, name):
    upload = SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")
    return services.deliverable_submit(by=by, deliverable=deliverable, upload=upload)


def _on(deliverable, *, submitted, reviewed=None):
    """The services date a submission and a review of the day they run; the demo replays the past."""
    Deliverable.objects.filter(pk=deliverable.pk).update(submitted_on=submitted, reviewed_on=reviewed)


def _askoria(demo) -> None:
    from .loader import ASKORIA_PARTNERSHIP

    partnership = Partnership.objects.get(title=ASKORIA_PARTNERSHIP)
    school = demo.orgs["askoria"]
    claire, nadia = demo.officer("ille-et-vilaine"), demo.officer("askoria")
    researcher = Person.objects.filter(organisation=school, last_name="Marchand").first()
    convention = Convention.objects.get(partnership=partnership, title="Convention de partenariat 2022-2024")
    amendment = Convention.objects.get(partnership=partnership, kind=ConventionKind.AMENDMENT)

    # Past researches, kept with their synthesis [001 annex 1].
    for title, start, end, synthesis in [
        (
            "Innovations sociales et expérimentations territoriales",
            D(2012, 1, 1),
            D(2014, 12, 31),
            "Deux axes : les alternatives au placement et autres expérimentations en protection de "
            "l'enfance ; la contribution de l'expertise sociale aux nouvelles formes de gouvernance "
            "territoriale. Huit CDAS engagés ont continué d'avoir besoin d'un accompagnement scientifique.",
        ),
        (
            "Gouvernance territoriale du social",
            D(2018, 1, 1),
            D(2020, 12, 31),
            "La recherche a mis en évidence l'enjeu d'associer plus fortement les travailleurs sociaux "
            "aux démarches territorialisées.",
        ),
    ]:
        services.project_create(
            by=nadia,
            partnership=partnership,
            data={
                "title": title,
                "started_on": start,
                "ended_on": end,
                "synthesis": synthesis,
                "status": "closed",
            },
        )

    topics = [
        (
            "L'approche territoriale de l'action sociale chez les travailleurs sociaux",
            "Comment les travailleurs sociaux appréhendent-ils et prennent-ils en compte la dimension "
            "territoriale dans l'accompagnement social ?",
            "",
            [],
        ),
        (
            "La mesure éducative personnalisée : profils et parcours des enfants et de leurs parents",
            "Quels sont les profils et les parcours des enfants et de leurs parents au démarrage de leur "
            "accompagnement éducatif et social ?",
            "Méthodologie participative : analyse de dossiers issus de classothèques de CDAS et 20/25 "
            "entretiens qualitatifs croisés entre jeunes, parents et professionnels.",
            [
                ("Entretiens croisés jeunes/parents/professionnels", 20, 25, 22),
                ("Dossiers analysés", 60, 80, 64),
            ],
        ),
        (
            "Les parcours d'accès des jeunes (16-25 ans) aux lieux d'accueil social en milieu rural",
            "Quels écarts entre ce que prévoit le premier accueil social inconditionnel de proximité et les "
            "pratiques effectives des jeunes ruraux ?",
            "Méthodologie participative et 25 à 30 entretiens biographiques, notamment auprès de jeunes "
            "ruraux en difficulté sociale.",
            [("Entretiens biographiques", 25, 30, 27)],
        ),
        (
            "Évolutions et enjeux actuels de l'accompagnement social",
            "Que nous apprennent les recherches des conventions antérieures sur l'accompagnement social, "
            "sous l'angle de la formation et des pratiques professionnelles ?",
            "Étude transversale.",
            [],
        ),
    ]
    for index, (title, question, methodology, targets) in enumerate(topics):
        project = services.project_create(
            by=nadia,
            partnership=partnership,
            data={
                "convention": convention,
                "title": title,
                "question": question,
                "methodology": methodology,
                "started_on": D(2022, 1, 1),
                "stakeholders": "Centres départementaux d'action sociale (CDAS)\nComité de pilotage de la convention",
            },
        )
        services.project_transition(by=nadia, project=project, name="start")
        services.team_member_add(
            by=nadia, project=project, data={"person": _person(nadia), "role": "Coordination"}
        )
        services.team_member_add(
            by=claire, project=project, data={"person": _person(claire), "role": "Référente du Département"}
        )
        if researcher:
            services.team_member_add(
                by=nadia, project=project, data={"person": researcher, "role": "Chercheur"}
            )
        for category, low, high, done in targets:
            target = services.target_add(
                by=nadia,
                project=project,
                data={"category": category, "planned_min": low, "planned_max": high},
            )
            services.target_change(by=nadia, target=target, data={"done": done})
        report = services.deliverable_add(
            by=nadia,
            project=project,
            data={
                "kind": "report",
                "title": "Rapport final",
                "due_date": D(2025, 6, 30),
                "responsible": school,
            },
        )
        if index < 2:
            _submit(nadia, report, "rapport-final.pdf")
            services.deliverable_review(by=claire, deliverable=report, accept=True)
            _on(report, submitted=D(2025, 6, 20), reviewed=D(2025, 7, 8))
            services.project_transition(by=nadia, project=project, name="finalise")
            services.project_transition(by=nadia, project=project, name="valorise")
            services.valorisation_add(
                by=nadia,
                project=project,
                data={
                    "title": "Restitution aux équipes des CDAS",
                    "held_on": D(2025, 10, 14),
                    "audience": "Professionnels des CDAS",
                },
            )
        elif index == 2:
            _submit(nadia, report, "rapport-final.pdf")
            _on(report, submitted=D(2025, 6, 27))
            services.project_transition(by=nadia, project=project, name="finalise")

    # The 2025 exploratory research [000 art. 3.2].
    exploratory = services.project_create(
        by=nadia,
        partnership=partnership,
        data={
            "convention": amendment,
            "title": "Vulnérabilités et transition écologique : quels modes d'intervention sociale sur les territoires ?",
            "question": "Quelles représentations, quels positionnements et quelles pratiques des travailleurs "
            "sociaux et des personnes accompagnées face au changement climatique et à ses effets ?",
            "description": "Travail exploratoire mené conjointement par Askoria et le Département en 2025, "
            "en écho au schéma départemental d'action sociale de proximité voté en juin 2024.",
            "methodology": "Revue de littérature ; recherche de partenaires et de financements pour "
            "poursuivre le projet.",
            "started_on": D(2025, 1, 1),
        },
    )
    services.team_member_add(
        by=nadia, project=exploratory, data={"person": _person(nadia), "role": "Coordination"}
    )
    services.team_member_add(
        by=claire, project=exploratory, data={"person": _person(claire), "role": "Référente du Département"}
    )
    review = services.deliverable_add(
        by=nadia,
        project=exploratory,
        data={
            "kind": "literature_review",
            "title": "Revue de littérature",
            "due_date": D(2025, 9, 30),
            "responsible": school,
        },
    )
    _submit(nadia, review, "revue-de-litterature.pdf")
    services.deliverable_review(by=claire, deliverable=review, accept=True)
    _on(review, submitted=D(2025, 9, 26), reviewed=D(2025, 10, 3))
    synthesis = services.deliverable_add(
        by=nadia,
        project=exploratory,
        data={
            "kind": "synthesis",
            "title": "Synthèse des travaux exploratoires",
            "due_date": D(2025, 12, 1),
            "responsible": school,
        },
    )
    _submit(nadia, synthesis, "synthese.pdf")
    services.deliverable_review(by=claire, deliverable=synthesis, accept=True)
    _on(synthesis, submitted=D(2025, 11, 28), reviewed=D(2025, 12, 5))
    funders = [
        ("Région", "contacted", None, None),
        ("État", "identified", None, None),
        ("ADEME", "applied", Decimal("20000.00"), None),
        ("MIRE/INTS/CNAF", "identified", None, None),
        ("FAS", "contacted", None, None),
        ("TiLab", "granted", Decimal("8000.00"), Decimal("6000.00")),
        ("CNFPT délégation Paris", "refused", Decimal("5000.00"), None),
    ]
    for funder, status, asked, granted in funders:
        services.funder_add(
            by=nadia,
            project=exploratory,
            data={
                "funder": funder,
                "status": status,
                "amount_asked": asked,
                "amount_granted": granted,
                "applied_on": D(2025, 6, 2) if asked else None,
                "decided_on": D(2025, 10, 6) if status in ("granted", "refused") else None,
                "note": "Statut et montants illustratifs (démo)",
            },
        )


def _dijon(demo) -> None:
    from .loader import DIJON_PARTNERSHIP

    partnership = Partnership.objects.get(title=DIJON_PARTNERSHIP)
    city, school = demo.orgs["ville-dijon"], demo.orgs["irtess"]
    amelie, marc = demo.officer("ville-dijon"), demo.officer("irtess")
    study = services.study_request_create(
        by=amelie,
        partnership=partnership,
        data={
            "kind": "diagnosis",
            "subject": "Diagnostic territorial de l'accès aux droits dans un quartier prioritaire",
            "details": "Demande au titre de l'article 1 de la convention cadre : conduire un diagnostic sur un "
            "territoire (sujet, dates et montant illustratifs).",
            "requester": city,
            "provider": school,
            "requested_on": D(2026, 3, 2),
            "wanted_by": D(2026, 12, 15),
        },
    )
    services.study_request_move(
        by=marc,
        request=study,
        move="quote",
        data={
            "answer": "Proposition : 15 jours d'intervention d'une équipe de formateurs et d'étudiants.",
            "quote": Decimal("9800.00"),
        },
    )
    services.study_request_move(by=amelie, request=study, move="accept")
