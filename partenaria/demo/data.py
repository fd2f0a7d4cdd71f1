"""The demo data set: the four partnerships of the five source documents (../shared/seeds).

Institutions are the real public bodies named in the sources. Every PERSON here is invented: no
official, employee, e-mail address or phone number of the sources appears (issue 2, item 12).
Representatives are described by their capacity, as the conventions do, with invented names.

Texts are summaries of the source documents, in French as the documents themselves are.
"""

import datetime
from dataclasses import dataclass, field

PASSWORD = "partenaria-demo"
SUPERUSER_EMAIL = "admin@partenaria.demo"
# Every demo account's e-mail ends with this; ``load_demo --reset`` deletes exactly those accounts.
EMAIL_DOMAIN_SUFFIX = ".demo"

D = datetime.date


# --- Organisations and their units ---------------------------------------------------------------


@dataclass(frozen=True)
class Org:
    key: str  # also the e-mail domain slug: prenom.nom@<key>.demo
    name: str
    kind: str
    short_name: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "France"
    siret: str = ""
    # (name, kind, parent name or None), parents listed before their children.
    units: tuple[tuple[str, str, str | None], ...] = ()


ORGANISATIONS: list[Org] = [
    Org(
        "ille-et-vilaine",
        "Département d'Ille-et-Vilaine",
        "departement",
        short_name="Ille-et-Vilaine",
        city="Rennes",
        units=(
            ("Direction des Ressources humaines", "direction", None),
            ("Centres départementaux d'action sociale (CDAS)", "territorial", None),
        ),
    ),
    Org("askoria", "Askoria", "school", city="Rennes"),
    Org("isere", "Département de l'Isère", "departement", short_name="Isère", city="Grenoble"),
    Org(
        "loire-atlantique",
        "Département de la Loire-Atlantique",
        "departement",
        short_name="Loire-Atlantique",
        city="Nantes",
    ),
    Org(
        "vallee-aoste",
        "Région autonome Vallée d'Aoste",
        "foreign_body",
        short_name="Vallée d'Aoste",
        city="Aoste",
        country="Italie",
    ),
    Org("dijon-metropole", "Dijon Métropole", "metropole", city="Dijon"),
    Org(
        "ville-dijon",
        "Ville de Dijon",
        "city",
        city="Dijon",
        units=(
            ("Direction des Ressources humaines", "direction", None),
            # Shared by the city and the métropole ("Direction action sociale Ville Dijon-Dijon métropole").
            ("Direction action sociale", "direction", None),
            ("Service ressources internes", "service", "Direction action sociale"),
            ("Direction de la petite enfance", "direction", None),
            ("Secteur Nord", "territorial", "Direction de la petite enfance"),
            ("Secteur Sud", "territorial", "Direction de la petite enfance"),
        ),
    ),
    Org("ccas-dijon", "CCAS de Dijon", "ccas", city="Dijon"),
    Org(
        "irtess",
        "IRTESS de Bourgogne",
        "school",
        short_name="IRTESS",
        street="2 rue du Professeur Marion",
        postcode="21000",
        city="Dijon",
        siret="41047508100015",
        units=(("Centre de ressources documentaires (Cerdim)", "service", None),),
    ),
    Org(
        "haut-rhin",
        "Département du Haut-Rhin",
        "departement",
        short_name="Haut-Rhin",
        street="100 avenue d'Alsace – BP 20351",
        postcode="68006",
        city="Colmar Cedex",
        units=(
            ("Direction Développement Social des Territoires", "direction", None),
            ("Service d'Expertises en Travail Social", "service", None),
            ("Direction des Ressources humaines", "direction", None),
        ),
    ),
    Org(
        "issm",
        "Institut Supérieur Social de Mulhouse",
        "school",
        short_name="ISSM",
        street="4 rue Schlumberger",
        postcode="68200",
        city="Mulhouse",
    ),
]


# --- People with an account (all invented) -------------------------------------------------------


@dataclass(frozen=True)
class Account:
    org: str
    first_name: str
    last_name: str
    role: str
    job_title: str
    unit: str = ""

    @property
    def email(self) -> str:
        def slug(text: str) -> str:
            import unicodedata

            ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
            return "".join(c if c.isalnum() else "-" for c in ascii_text.lower()).strip("-")

        return f"{slug(self.first_name)}.{slug(self.last_name)}@{self.org}{EMAIL_DOMAIN_SUFFIX}"


# The first account of each organisation is its partnership officer (the README lists them).
ACCOUNTS: list[Account] = [
    Account("ille-et-vilaine", "Claire", "Lemoine", "partnership_officer", "Chargée de partenariats"),
    Account(
        "ille-et-vilaine",
        "Julien",
        "Robin",
        "hr",
        "Chargé des stages",
        unit="Direction des Ressources humaines",
    ),
    Account(
        "ille-et-vilaine",
        "Sophie",
        "Garnier",
        "agent",
        "Assistante sociale",
        unit="Centres départementaux d'action sociale (CDAS)",
    ),
    Account(
        "ille-et-vilaine",
        "Thomas",
        "Leclerc",
        "admin",
        "Administrateur fonctionnel",
        unit="Direction des Ressources humaines",
    ),
    Account("askoria", "Nadia", "Perrin", "partnership_officer", "Responsable des partenariats"),
    Account("askoria", "Marion", "Caradec", "admin", "Administratrice fonctionnelle"),
    Account("askoria", "Hugo", "Marchand", "viewer", "Chargé de recherche"),
    Account("isere", "Élodie", "Faure", "partnership_officer", "Chargée de mission Europe"),
    Account("loire-atlantique", "Mathieu", "Guérin", "partnership_officer", "Chargé de mission Europe"),
    Account("vallee-aoste", "Giulia", "Rossi", "partnership_officer", "Referente progetti europei"),
    Account("dijon-metropole", "Pierre", "Lambert", "partnership_officer", "Chargé de partenariats"),
    Account("ville-dijon", "Amélie", "Roux", "partnership_officer", "Chargée de partenariats"),
    Account(
        "ville-dijon", "Karim", "Benali", "hr", "Référent RH stages", unit="Direction des Ressources humaines"
    ),
    Account(
        "ville-dijon",
        "Laure",
        "Michaud",
        "host_referent",
        "Coordinatrice secteur Nord",
        unit="Secteur Nord",
    ),
    Account(
        "ville-dijon",
        "Inès",
        "Fontaine",
        "host_referent",
        "Coordinatrice secteur Sud",
        unit="Secteur Sud",
    ),
    Account(
        "ville-dijon",
        "Olivier",
        "Besson",
        "host_referent",
        "Chef du service ressources internes",
        unit="Service ressources internes",
    ),
    Account("ccas-dijon", "Sandrine", "Noël", "partnership_officer", "Chargée de partenariats"),
    Account("irtess", "Marc", "Delorme", "partnership_officer", "Responsable des sites qualifiants"),
    Account("haut-rhin", "Caroline", "Weber", "partnership_officer", "Chargée de partenariats"),
    Account(
        "haut-rhin",
        "Stéphane",
        "Muller",
        "agent",
        "Conseiller technique en travail social",
        unit="Service d'Expertises en Travail Social",
    ),
    Account("issm", "Anne", "Schmitt", "partnership_officer", "Responsable des partenariats"),
    Account("haut-rhin", "Luc", "Hartmann", "admin", "Administrateur fonctionnel"),
]

SUPERUSER = ("Admin", "Partenaria")


# --- Representatives who sign (persons without an account, invented names) -----------------------


@dataclass(frozen=True)
class Representative:
    key: str
    org: str
    first_name: str
    last_name: str
    capacity: str


REPRESENTATIVES: list[Representative] = [
    Representative(
        "iv_president", "ille-et-vilaine", "Hervé", "Tanguy", "Le Président du Conseil départemental"
    ),
    Representative("askoria_president", "askoria", "Bernard", "Guillou", "Le Président d'Askoria"),
    Representative(
        "dm_president", "dijon-metropole", "Jean-Marc", "Delaunay", "Le Président de Dijon Métropole"
    ),
    Representative(
        "vd_adjoint",
        "ville-dijon",
        "Paul",
        "Mercier",
        "L'adjoint au personnel, dialogue social, lutte contre les discriminations et la laïcité",
    ),
    Representative(
        "vd_action_sociale", "ville-dijon", "Valérie", "Lucas", "La Directrice de l'action sociale"
    ),
    Representative("ccas_vp", "ccas-dijon", "Rachid", "Amrani", "Le Vice-Président du CCAS de Dijon"),
    Representative("irtess_presidente", "irtess", "Françoise", "Morel", "La Présidente de l'IRTESS"),
    Representative("irtess_dg", "irtess", "Denis", "Caron", "Le Directeur général de l'IRTESS"),
    Representative("hr_president", "haut-rhin", "Gérard", "Koenig", "Le Président du Conseil Général"),
    Representative("issm_president", "issm", "Michel", "Huber", "Le Président de l'ISSM"),
]


# --- Content of the conventions ------------------------------------------------------------------


@dataclass
class CommitmentData:
    debtor: str
    description: str
    creditor: str | None = None
    frequency: str = "once"
    due_date: datetime.date | None = None
    # What was already honoured by the demo's today: past occurrences up to this date.
    fulfilled_until: datetime.date | None = None


@dataclass
class ArticleData:
    number: str
    title: str
    body: str
    kind: str = "article"
    commitments: list[CommitmentData] = field(default_factory=list)


def preamble(body: str, title: str = "") -> ArticleData:
    return ArticleData("", title, body, kind="preamble")


# Askoria: what each convention of the lineage achieved, from the 2021 assembly report [001].
ASKORIA_SYNTHESES = {
    2012: (
        "Première convention triennale : créer les conditions d'émergence de l'innovation sociale et de "
        "nouvelles manières de faire. Recherche-action « Innovations sociales et expérimentations "
        "territoriales » en deux axes : les alternatives au placement et autres expérimentations en "
        "protection de l'enfance ; le développement de la contribution de l'expertise sociale aux "
        "nouvelles formes de gouvernance territoriale. Coopération pédagogique et stratégique installée "
        "dès 2012 pour faire évoluer les postures professionnelles (formations initiales et continues, "
        "développement social local, management des cadres)."
    ),
    2015: (
        "Consolidation des démarches de recherche-action : les huit centres départementaux d'action "
        "sociale (CDAS) engagés avaient encore besoin de l'accompagnement scientifique d'Askoria. "
        "Poursuite de la coopération pédagogique et stratégique."
    ),
    2018: (
        "Convention marquée par les évolutions législatives qui font du Département le chef de file de "
        "l'action sociale et le garant des solidarités territoriales et humaines. Recherche-action "
        "« Gouvernance territoriale du social » ; en protection de l'enfance, une analyse "
        "infra-départementale de l'évolution des mesures ASE et une enquête sur l'accès des jeunes "
        "majeurs sortant de l'aide sociale à l'enfance aux dispositifs de droit commun ; accompagnement "
        "scientifique de l'expérimentation de la mesure éducative personnalisée. L'année 2021 a servi de "
        "phase exploratoire pour arrêter les thèmes de la convention suivante."
    ),
    2022: (
        "Trois recherches-actions et une étude transversale : l'approche territoriale de l'action "
        "sociale chez les travailleurs sociaux ; la mesure éducative personnalisée (profils et parcours "
        "des enfants et de leurs parents) ; les parcours d'accès des jeunes ruraux de 16 à 25 ans aux "
        "lieux d'accueil social ; les évolutions et enjeux actuels de l'accompagnement social. "
        "Prolongée d'un an par l'avenant 2025 pour finaliser et valoriser ces recherches."
    ),
}

ASKORIA_RESEARCH_2022 = (
    "Trois recherches-actions et une étude transversale, dans la continuité des conventions "
    "précédentes :\n"
    "- « L'approche territoriale de l'action sociale chez les travailleurs sociaux » : comprendre comment "
    "les travailleurs sociaux appréhendent la dimension territoriale dans l'accompagnement social ;\n"
    "- « La mesure éducative personnalisée : profils et parcours des enfants et de leurs parents au "
    "démarrage de leur accompagnement éducatif et social » : méthodologie participative, analyse de "
    "dossiers de CDAS et 20 à 25 entretiens qualitatifs croisés entre jeunes, parents et professionnels ;\n"
    "- « Les parcours d'accès des jeunes (16-25 ans) aux lieux d'accueil social en milieu rural » : 25 à "
    "30 entretiens biographiques, notamment auprès de jeunes ruraux en difficulté sociale ;\n"
    "- « Évolutions et enjeux actuels de l'accompagnement social » : étude transversale à la lumière des "
    "recherches des conventions antérieures, sous l'angle de la formation et des pratiques."
)

ERASMUS_DESCRIPTION = (
    "Programme : Erasmus+ KA204 – Partenariat stratégique de l'éducation des adultes – Échanges de "
    "bonnes pratiques. Date limite de candidature : mars 2020. Mots-clés : métiers du social du futur, "
    "inclusion, prospective, formation.\n\n"
    "Objectif : un échange de bonnes pratiques autour des métiers du social du futur entre des "
    "collectivités territoriales européennes, associant d'autres acteurs de l'action sociale de leur "
    "territoire. Point de départ : une journée de partage et d'exploration en septembre 2018 réunissant "
    "120 professionnels du social de trois Départements (Loire-Atlantique, Seine-Saint-Denis, Isère), "
    "accompagnés par la Société française de prospective. Question : quelles politiques publiques de "
    "solidarité construire à l'horizon 2050 ?\n\n"
    "Trois thématiques : l'évolution des métiers du social en Europe et leur attractivité ; les modèles "
    "d'intervention auprès des publics et les outils d'accompagnement ; les pratiques et expériences "
    "innovantes.\n\n"
    "Activité 1 – mobilités apprenantes (fin 2020 à fin 2021) : délégations de 10 professionnels du social "
    "par pays, 5 jours chacune, accueillies à tour de rôle dans chaque pays.\n"
    "Activité 2 – deux colloques ou séminaires de 3 jours pour 200 participants : fin 2020 à Grenoble "
    "(promouvoir les métiers du social auprès des jeunes et des adultes en reconversion), fin 2021 dans un "
    "pays européen à définir (bilan, capitalisation et perspectives). Formats participatifs : tables de "
    "découvertes, accélérateurs de projet, ateliers de co-construction, world café, hackathon, forum "
    "ouvert.\n\n"
    "Résultats attendus : une typologie des métiers du social et des profils de poste (missions, "
    "savoir-faire, savoir-être), des pistes d'amélioration des formations initiales et continues et des "
    "parcours, la promotion de l'attractivité des postes.\n\n"
    "Consortium : chaque pays propose un binôme incluant au moins une structure publique compétente en "
    "action sociale ; des organisations d'au moins trois pays européens. Partenaires recherchés en "
    "Belgique, Finlande, Irlande et dans les autres pays de l'UE : collectivités compétentes en politiques "
    "sociales, organismes de formation des professionnels du social, acteurs de l'ESS."
)
