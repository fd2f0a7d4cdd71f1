"""The demo's European project (EU1-EU4, EU6), played through ``europe.services``.

The sheet of the Erasmus+ KA204 project « Les métiers du social du futur » led by the Département de
l'Isère [002]: programme, call deadline (« mars 2020 »: the day is illustrative), keywords, objective,
problem, activities and expected results as the sheet gives them. The contact person is invented (the
sheet's own contact is not reproduced). The partner search published in October 2019 (« Màj :
octobre 2019 ») for Belgium, Finland and Ireland, and the IRTESS de Bourgogne's answer awaiting the
coordinator (illustrative). Two learning mobilities, one in each country of the consortium so far
(France, Italy), with invented professionals; dates illustrative (« fin 2020 à fin 2021 »). First job
profiles and training proposals, written from the themes of the sheet; illustrative.
"""

import datetime

from partenaria.conventions.models import Partnership
from partenaria.europe import services
from partenaria.europe.models import PartnerType
from partenaria.organisations import services as organisation_services
from partenaria.organisations.models import Person

D = datetime.date

# Invented professionals who travel (first name, last name, job title, organisation key).
PROFESSIONALS = [
    ("Aurélie", "Chabert", "Assistante sociale de secteur", "isere"),
    ("Romain", "Vial", "Éducateur spécialisé, aide sociale à l'enfance", "isere"),
    ("Nadia", "Bensalem", "Conseillère en économie sociale et familiale", "isere"),
    ("Sophie", "Le Goff", "Travailleuse sociale, accueil des personnes migrantes", "loire-atlantique"),
    ("Marco", "Bertolin", "Assistente sociale", "vallee-aoste"),
    ("Chiara", "Vuillermoz", "Educatrice professionale", "vallee-aoste"),
]

SHEET = {
    "programme": "Erasmus+ KA204 – Partenariat stratégique de l'éducation des adultes – Échanges de bonnes "
    "pratiques",
    "call_deadline": D(2020, 3, 24),
    "keywords": "métiers du social du futur, inclusion, prospective, formation",
    "objective": "Un échange de bonnes pratiques autour des métiers du social du futur, entre des "
    "collectivités territoriales européennes, associant d'autres acteurs de l'action sociale de leur "
    "territoire. Point de départ : la journée de partage et d'exploration de septembre 2018 (120 "
    "professionnels du social de la Loire-Atlantique, de la Seine-Saint-Denis et de l'Isère, avec la "
    "Société française de prospective).\n\n"
    "Trois thématiques : l'évolution des métiers du social en Europe et leur attractivité ; les modèles "
    "d'intervention auprès des publics et les outils d'accompagnement ; les pratiques et expériences "
    "innovantes.",
    "problem": "Quelles politiques publiques de solidarité devons-nous construire à l'horizon 2050, pour "
    "qu'elles soient pertinentes, cohérentes et efficaces dans la société de 2050 ? Accès aux droits, "
    "numérique, montée en puissance de la société civile, accompagnement des migrants et réfugiés ; crise "
    "des vocations : comment adapter la formation initiale et continue et améliorer l'attractivité des "
    "métiers du social ?",
    "activities": "Activité 1 – mobilités apprenantes (fin 2020 à fin 2021) : délégations de 10 "
    "professionnels du social par pays, 5 jours chacune, accueillies à tour de rôle dans chaque pays "
    "(stages d'observation, présentation des modèles d'organisation, immersion dans les services).\n"
    "Activité 2 – deux colloques ou séminaires participatifs de 3 jours pour 200 participants : fin 2020 "
    "à Grenoble, fin 2021 dans un pays européen à définir.",
    "expected_results": "Une typologie des métiers du social et une description des profils de poste "
    "(missions, savoir-faire, savoir-être) ; des pistes d'amélioration des formations initiales et "
    "continues et des parcours professionnels ; la promotion de l'attractivité des postes. Focus sur "
    "l'accroissement des flux migratoires et la mobilisation des ressources de l'ESS.",
    "dates_are_illustrative": True,
}

PROFILES = [
    {
        "family": "Accompagnement social global",
        "title": "Assistant de service social de secteur",
        "missions": "Accueillir, évaluer et accompagner les personnes et les familles dans l'accès à leurs "
        "droits ; coordonner les interventions sur un territoire.",
        "know_how": "Diagnostic social partagé ; accompagnement numérique des démarches ; travail en réseau "
        "avec les acteurs de l'ESS.",
        "soft_skills": "Écoute, capacité à soutenir le pouvoir d'agir des personnes, coopération.",
    },
    {
        "family": "Protection de l'enfance",
        "title": "Éducateur spécialisé en protection de l'enfance",
        "missions": "Accompagner les enfants confiés et leurs familles ; construire le projet pour l'enfant.",
        "know_how": "Conduite de projet éducatif ; écrits professionnels ; travail avec les familles.",
        "soft_skills": "Stabilité, distance professionnelle, créativité.",
    },
    {
        "family": "Accueil des personnes migrantes",
        "title": "Intervenant social en accueil des migrants et réfugiés",
        "missions": "Accueillir et orienter les personnes migrantes ; accompagner leur insertion.",
        "know_how": "Droit des étrangers ; interprétariat ; médiation interculturelle.",
        "soft_skills": "Ouverture interculturelle, patience, sens de l'engagement citoyen.",
        "country": "Italie",
    },
]


def _person(organisation, first_name, last_name, job_title, by) -> Person:
    return organisation_services.person_create(
        by=by,
        organisation=organisation,
        data={"first_name": first_name, "last_name": last_name, "job_title": job_title},
    )


def load(demo) -> None:
    from .loader import ERASMUS_PARTNERSHIP

    partnership = Partnership.objects.get(title=ERASMUS_PARTNERSHIP)
    isere, aoste = demo.orgs["isere"], demo.orgs["vallee-aoste"]
    elodie = demo.officer("isere")
    contact = Person.objects.get(user=elodie, organisation=isere)
    project = services.project_create(
        by=elodie, partnership=partnership, data={**SHEET, "coordinator": isere, "contact": contact}
    )
    # The Vallée d'Aoste is a region: a public body competent in social action (its kind is foreign).
    services.partner_update(
        by=elodie,
        project=project,
        organisation=aoste,
        status="to_confirm",
        partner_type=PartnerType.PUBLIC_SOCIAL,
    )
    search = services.search_save(
        by=elodie,
        project=project,
        data={
            "summary": "Le Département de l'Isère, chef de file, cherche des partenaires européens pour un "
            "partenariat stratégique Erasmus+ KA204 sur les métiers du social du futur : échanges de bonnes "
            "pratiques, mobilités apprenantes de professionnels, deux colloques, une typologie des métiers "
            "et des pistes pour les formations. Chaque pays propose un binôme incluant au moins une "
            "structure publique compétente dans l'action sociale.",
            "countries": ["BE", "FI", "IE"],
            "other_countries_welcome": True,
            "partner_types": [PartnerType.PUBLIC_SOCIAL, PartnerType.TRAINING, PartnerType.SOCIAL_ECONOMY],
            "fields_of_action": "protection de l'enfance, aide à domicile, immigration",
        },
    )
    services.search_publish(by=elodie, search=search, today=D(2019, 10, 15))
    irtess = demo.orgs["irtess"]
    services.search_answer(
        by=demo.officer("irtess"),
        search=search,
        organisation=irtess,
        data={
            "partner_type": PartnerType.TRAINING,
            "message": "L'IRTESS de Bourgogne forme les professionnels du social (formation initiale et "
            "continue) et souhaiterait contribuer aux pistes d'amélioration des formations. (Réponse "
            "illustrative.)",
        },
    )
    people = {
        (first, last): _person(demo.orgs[org], first, last, title, demo.superuser)
        for first, last, title, org in PROFESSIONALS
    }
    in_france = services.mobility_plan(
        by=elodie,
        project=project,
        data={"host": isere, "starts_on": D(2021, 3, 15), "theme": "Protection de l'enfance (illustratif)"},
    )
    in_italy = services.mobility_plan(
        by=elodie,
        project=project,
        data={"host": aoste, "starts_on": D(2021, 6, 7), "theme": "Perte d'autonomie (illustratif)"},
    )
    for person in people.values():
        mobility = in_france if person.organisation_id == aoste.pk else in_italy
        services.participant_add(by=elodie, mobility=mobility, person=person)
    profiles = [services.job_profile_add(by=elodie, project=project, data=p) for p in PROFILES]
    services.training_proposal_add(
        by=elodie,
        project=project,
        data={
            "kind": "continuing",
            "title": "Module européen d'accompagnement des personnes migrantes",
            "proposal": "Un module de formation continue commun aux partenaires, nourri des mobilités "
            "apprenantes : droit, interprétariat, médiation interculturelle.",
            "profile": profiles[2],
        },
    )
    services.training_proposal_add(
        by=elodie,
        project=project,
        data={
            "kind": "attractiveness",
            "title": "Promouvoir les métiers du social auprès des jeunes et des adultes en reconversion",
            "proposal": "Le thème du premier colloque : questionner le rapport au travail des jeunes "
            "professionnels et la notion de projet professionnel.",
        },
    )


def reset(partnerships) -> None:
    """Delete the demo's European project and its history before its partnership (it protects it)."""
    from django.contrib.contenttypes.models import ContentType

    from partenaria.core.models import AuditEvent
    from partenaria.europe.models import (
        EuropeanProject,
        JobProfile,
        Mobility,
        PartnerSearch,
        SearchAnswer,
        TrainingProposal,
    )

    projects = EuropeanProject.objects.filter(partnership__in=partnerships)
    targets = [
        (EuropeanProject, projects),
        (PartnerSearch, PartnerSearch.objects.filter(project__in=projects)),
        (SearchAnswer, SearchAnswer.objects.filter(search__project__in=projects)),
        (Mobility, Mobility.objects.filter(project__in=projects)),
        (JobProfile, JobProfile.objects.filter(project__in=projects)),
        (TrainingProposal, TrainingProposal.objects.filter(project__in=projects)),
    ]
    for model, queryset in targets:
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=list(queryset.values_list("pk", flat=True)),
        ).delete()
    projects.delete()
