"""Demo action plans and indicators (AP1, AP2), played through ``actionplan.services``.

- Askoria: the four parts 3.1 to 3.4 of the 2025 amendment [000 art. 1] as axes, with actions,
  owners, progress notes (one action late: the 2026-2028 convention is still in approval), and
  indicators of the 2022-2024 convention (extended to 2025) over 2022-2025.
- Haut-Rhin: the three domains of article 1 of the convention [004] as axes, with actions.

The figures the sources give are marked with their source: 19 long internships of which 15 paid
in 2025 and the 50 student places at the socio-sport seminar of 6 May 2025 [000 art. 1 § 3.3], the
four researches to finalise [000 § 3.1]. Every other figure, date, note and person is invented for
the demo and flagged as illustrative (``IndicatorValue.is_illustrative``; the actions' dates are
illustrative like the conventions' ``dates_are_illustrative``).
"""

import datetime
from decimal import Decimal

from partenaria.actionplan import services
from partenaria.conventions.models import Article, Convention, ConventionKind
from partenaria.organisations.models import Person

D = datetime.date
ILLUSTRATIVE = "Valeur illustrative (démo)"


def load(demo) -> None:
    _askoria(demo)
    _haut_rhin(demo)


def _person_of(user) -> Person | None:
    return Person.objects.filter(user=user).first()


def _add_action(by, axis, *, notes=(), status="planned", **data):
    """Create the action, record its notes in order, then close it if it ended done."""
    action = services.action_add(by=by, axis=axis, data={**data, "status": "planned" if notes else status})
    for author, noted_on, text, progress in notes:
        services.progress_note_add(
            by=author, action=action, data={"noted_on": noted_on, "text": text, "progress": progress}
        )
    if action.status != status:
        services.action_change(by=by, action=action, data={"status": status})
    return action


def _askoria(demo) -> None:
    from .loader import ASKORIA_PARTNERSHIP

    dept, school = demo.orgs["ille-et-vilaine"], demo.orgs["askoria"]
    claire, nadia = demo.officer("ille-et-vilaine"), demo.officer("askoria")
    claire_p, nadia_p = _person_of(claire), _person_of(nadia)
    amendment = Convention.objects.get(partnership__title=ASKORIA_PARTNERSHIP, kind=ConventionKind.AMENDMENT)
    orientations = Article.objects.filter(convention=amendment, number="1").first()

    def axis(title, description):
        return services.axis_add(
            by=claire,
            convention=amendment,
            data={"title": title, "description": description, "article": orientations},
        )

    valorisation = axis(
        "3.1 Valorisation des recherches 2022-2024",
        "Finaliser les recherches financées par la convention 2022-2024 et en valoriser les résultats "
        "dans une logique d'appropriation par les parties prenantes.",
    )
    _add_action(
        nadia,
        valorisation,
        title="Finaliser les rapports des quatre recherches 2022-2024",
        description=(
            "Mesure éducative personnalisée ; approche territoriale de l'action sociale ; parcours d'accès "
            "des jeunes ruraux aux lieux d'accueil social ; enjeux et évolutions de l'accompagnement social."
        ),
        owner=school,
        person_in_charge=nadia_p,
        status="done",
        start_date=D(2025, 1, 6),
        due_date=D(2025, 6, 30),
        notes=[
            (
                nadia,
                D(2025, 3, 14),
                "Rapports de la mesure éducative personnalisée et de l'approche territoriale remis.",
                50,
            ),
            (nadia, D(2025, 6, 27), "Les deux derniers rapports sont remis au comité de suivi.", 100),
        ],
    )
    _add_action(
        claire,
        valorisation,
        title="Restituer les résultats aux équipes des CDAS",
        description="Quatre demi-journées de restitution dans les territoires, avec les chercheurs d'Askoria.",
        owner=dept,
        person_in_charge=claire_p,
        status="done",
        start_date=D(2025, 9, 1),
        due_date=D(2025, 11, 28),
        notes=[
            (
                claire,
                D(2025, 10, 17),
                "Trois restitutions tenues (Rennes, Vitré, Redon) ; Fougères à reprogrammer.",
                75,
            ),
            (
                claire,
                D(2025, 11, 27),
                "Restitution de Fougères tenue : les quatre territoires sont couverts.",
                100,
            ),
        ],
    )

    exploration = axis(
        "3.2 Recherche exploratoire « Vulnérabilités et transition écologique »",
        "Quels modes d'intervention sociale sur les territoires ? Revue de littérature et recherche de "
        "partenaires et de financements pour poursuivre le projet.",
    )
    _add_action(
        nadia,
        exploration,
        title="Revue de littérature sur le changement climatique et le travail social",
        owner=school,
        person_in_charge=nadia_p,
        status="done",
        start_date=D(2025, 2, 1),
        due_date=D(2025, 9, 30),
        notes=[(nadia, D(2025, 9, 19), "Revue de littérature achevée : 64 références analysées.", 100)],
    )
    _add_action(
        nadia,
        exploration,
        title="Rechercher des partenaires et des financements",
        description="Région, État, ADEME, MIRE/INTS/CNAF, FAS, TiLab, CNFPT délégation Paris.",
        owner=school,
        status="done",
        start_date=D(2025, 3, 1),
        due_date=D(2025, 12, 1),
        notes=[
            (nadia, D(2025, 6, 10), "Dossier déposé auprès de l'ADEME ; premier contact avec le FAS.", 40),
            (claire, D(2025, 11, 20), "Réponse de la Région attendue en janvier.", 60),
            (
                nadia,
                D(2025, 11, 28),
                "Cofinancement de l'ADEME accordé ; la suite relève de la convention 2026-2028.",
                100,
            ),
        ],
    )
    _add_action(
        nadia,
        exploration,
        title="Partager la synthèse des travaux exploratoires",
        description="Condition du versement de la contribution de 5 000 € (article 2 de l'avenant).",
        owner=school,
        person_in_charge=nadia_p,
        status="done",
        start_date=D(2025, 10, 1),
        due_date=D(2025, 12, 1),
        notes=[(nadia, D(2025, 11, 27), "Synthèse transmise au Département.", 100)],
    )

    cooperation = axis(
        "3.3 Coopérations stratégiques et pédagogiques",
        "Partage de connaissances et de réseaux, instances d'Askoria, accueil de stagiaires et temps forts communs.",
    )
    _add_action(
        claire,
        cooperation,
        title="Accueillir 19 stagiaires assistants de service social en stage long, dont 15 gratifiés",
        owner=dept,
        status="done",
        start_date=D(2025, 1, 6),
        due_date=D(2025, 12, 19),
        notes=[(claire, D(2025, 12, 12), "18 stages longs accueillis, dont 15 gratifiés.", 100)],
    )
    _add_action(
        claire,
        cooperation,
        title="Séminaire socio-sport à Askoria : 50 places réservées aux étudiants",
        owner=dept,
        status="done",
        due_date=D(2025, 5, 6),
        notes=[(claire, D(2025, 5, 7), "Séminaire tenu le 6 mai ; 46 étudiants présents.", 100)],
    )
    _add_action(
        nadia,
        cooperation,
        title="Participer aux commissions pédagogiques des bachelors et au « Focus pro »",
        owner=dept,
        status="done",
        start_date=D(2025, 1, 6),
        due_date=D(2025, 12, 31),
        notes=[
            (claire, D(2025, 6, 20), "Présence aux commissions pédagogiques de juin.", 50),
            (claire, D(2025, 12, 10), "Focus pro de décembre : bilan et perspectives partagés.", 100),
        ],
    )
    _add_action(
        claire,
        cooperation,
        title="Analyser les compétences pédagogiques des agents intervenants (charte des intervenants)",
        owner=dept,
        status="abandoned",
        description="Reporté à la convention 2026-2028, faute de référent disponible en 2025.",
    )

    preparation = axis(
        "3.4 Préparation de la convention triennale 2026-2028",
        "Le comité de suivi prépare durant l'année 2025 les éléments de la future convention.",
    )
    _add_action(
        claire,
        preparation,
        title="Rédiger le projet de convention 2026-2028 avec le comité de suivi",
        owner=dept,
        person_in_charge=claire_p,
        status="done",
        start_date=D(2025, 4, 1),
        due_date=D(2025, 10, 31),
        notes=[(claire, D(2025, 10, 24), "Projet validé par le comité de suivi.", 100)],
    )
    # The late one: the 2026-2028 convention is still in approval (its vote is yet to be scheduled).
    _add_action(
        claire,
        preparation,
        title="Faire approuver la convention 2026-2028 par la Commission permanente",
        owner=dept,
        person_in_charge=claire_p,
        status="in_progress",
        start_date=D(2025, 11, 1),
        due_date=D(2025, 12, 15),
        notes=[
            (
                claire,
                D(2025, 11, 24),
                "Rapport en cours de rédaction ; inscription à une séance à confirmer.",
                30,
            )
        ],
    )

    _askoria_indicators(demo, claire)


def _askoria_indicators(demo, by) -> None:
    from .loader import ASKORIA_PARTNERSHIP

    convention = Convention.objects.get(
        partnership__title=ASKORIA_PARTNERSHIP, title="Convention de partenariat 2022-2024"
    )
    source = "Avenant 2025, article 1 § 3.3"

    def indicator(name, unit, direction, description, values):
        item = services.indicator_add(
            by=by,
            convention=convention,
            data={"name": name, "unit": unit, "direction": direction, "description": description},
        )
        for year, target, measured, comment in values:
            services.indicator_value_add(
                by=by,
                indicator=item,
                data={
                    "year": year,
                    "target": None if target is None else Decimal(target),
                    "measured": None if measured is None else Decimal(measured),
                    "comment": comment or ILLUSTRATIVE,
                    "is_illustrative": comment is None,
                },
            )

    indicator(
        "Stages longs d'assistants de service social accueillis",
        "stages",
        "higher",
        "Stages longs d'étudiants assistants de service social d'Askoria accueillis par le Département.",
        [
            (2022, 16, 15, None),
            (2023, 17, 17, None),
            (2024, 18, 16, None),
            (2025, 19, 18, f"Cible : {source} ; valeur mesurée illustrative"),
        ],
    )
    indicator(
        "dont stages gratifiés",
        "stages",
        "higher",
        "Stages longs de plus de deux mois, donnant lieu à gratification.",
        [
            (2023, 12, 11, None),
            (2024, 13, 13, None),
            (2025, 15, 15, f"Cible : {source} ; valeur mesurée illustrative"),
        ],
    )
    indicator(
        "Places réservées aux étudiants au séminaire socio-sport",
        "places",
        "higher",
        "Séminaire organisé par le Département le 6 mai 2025 à Askoria.",
        [(2025, 50, 46, f"Cible : {source} ; présents : valeur illustrative")],
    )
    indicator(
        "Recherches-actions finalisées (cumul)",
        "recherches",
        "higher",
        "Recherches de la convention 2022-2024 dont le rapport final est remis.",
        [
            (2022, 0, 0, None),
            (2023, 1, 1, None),
            (2024, 3, 2, None),
            (2025, 4, 4, "Avenant 2025, article 1 § 3.1 (quatre recherches)"),
        ],
    )
    indicator(
        "Journées d'étude communes organisées",
        "journées",
        "higher",
        "",
        [(2022, 2, 2, None), (2023, 2, 3, None), (2024, 2, 2, None), (2025, 3, 2, None)],
    )
    indicator(
        "Étudiants sans lieu de stage fin novembre",
        "%",
        "lower",
        "Part des étudiants d'Askoria sans lieu de stage à la fin novembre (pénurie de lieux de stage).",
        [(2022, 20, 25, None), (2023, 15, 21, None), (2024, 12, 16, None), (2025, 10, 12, None)],
    )


def _haut_rhin(demo) -> None:
    from .loader import HAUT_RHIN_PARTNERSHIP

    dept, issm = demo.orgs["haut-rhin"], demo.orgs["issm"]
    caroline, anne = demo.officer("haut-rhin"), demo.officer("issm")
    convention = Convention.objects.get(partnership__title=HAUT_RHIN_PARTNERSHIP)
    objet = Article.objects.filter(convention=convention, number="1").first()
    today = demo.today
    end = convention.end_date

    def day(offset: int) -> D:
        # Illustrative dates around the demo's today, kept within the current term.
        return min(today + datetime.timedelta(days=offset), end)

    def axis(title):
        return services.axis_add(by=caroline, convention=convention, data={"title": title, "article": objet})

    competences = axis("Acquisition des compétences et des qualifications des professionnels")
    _add_action(
        anne,
        competences,
        title="Ouvrir une session de formation continue sur le développement social local",
        owner=issm,
        status="in_progress",
        start_date=day(-120),
        due_date=day(45),
        notes=[
            (
                anne,
                day(-30),
                "Programme arrêté avec le Service d'Expertises en Travail Social ; 14 inscrits.",
                60,
            )
        ],
    )
    _add_action(
        caroline,
        competences,
        title="Recenser les besoins de qualification des agents des services sociaux",
        owner=dept,
        status="in_progress",
        start_date=day(-200),
        due_date=day(20),
        notes=[(caroline, day(-60), "Questionnaire diffusé ; 40 % des réponses reçues.", 40)],
    )
    metiers = axis("Promotion des métiers de l'éducatif, du social et du médico-social")
    _add_action(
        caroline,
        metiers,
        title="Forum des métiers du social avec l'ISSM",
        owner=dept,
        status="planned",
        due_date=day(120),
    )
    _add_action(
        anne,
        metiers,
        title="Témoignages de professionnels dans les promotions de première année",
        owner=issm,
        status="done",
        due_date=day(-90),
        notes=[(anne, day(-95), "Six interventions réalisées.", 100)],
    )
    recherche = axis("Coopération en matière de recherche et de construction de connaissances")
    _add_action(
        anne,
        recherche,
        title="Étude sur le développement social territorial avec une ouverture internationale",
        owner=issm,
        status="planned",
        start_date=day(30),
        due_date=day(150),
    )
