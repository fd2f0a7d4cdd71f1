"""Load the demo partnerships through the business services, so that the audit trail is real.

``load()`` creates the organisations, people and accounts of ``data.py`` and then plays the history
of each partnership of the source documents act by act (create, submit, sign, amend, supersede),
with the service that a person would use in the interface: organisations/services.py for
organisations, units, people and memberships; conventions/services.py for the life cycle;
conventions/content_services.py for articles, commitments, approval steps and amendments. What has
no service yet (the superuser, the demo password, the link from a person to their account, the role
of a member in a partnership) is set directly on the models.
Finally the daily status job brings every status in line with today's date.
"""

import datetime
import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from partenaria.accounts.models import User
from partenaria.conventions import content_services, services
from partenaria.conventions.models import (
    Commitment,
    Convention,
    ConventionKind,
    MemberStatus,
    NoticeForm,
    Partnership,
    PartnershipMember,
    StartMode,
)
from partenaria.core.audit import log_action
from partenaria.core.models import AuditEvent
from partenaria.organisations import services as organisation_services
from partenaria.organisations.models import Membership, Organisation, Person, Role, Unit

from . import (
    actionplan,
    data,
    documents,
    europe,
    events,
    finance,
    governance,
    internships,
    reports,
    rooms,
    teaching,
)
from . import allocation as demo_allocation
from .data import ArticleData, CommitmentData, D, preamble

ASKORIA_PARTNERSHIP = "Coopération Département d'Ille-et-Vilaine – Askoria"
DIJON_PARTNERSHIP = "Formation des travailleurs sociaux à Dijon : sites qualifiants et activités pédagogiques"
HAUT_RHIN_PARTNERSHIP = "Coopération Département du Haut-Rhin – ISSM"
ERASMUS_PARTNERSHIP = "Les métiers du social du futur : échanges de bonnes pratiques en Europe"
PARTNERSHIP_TITLES = [ASKORIA_PARTNERSHIP, DIJON_PARTNERSHIP, HAUT_RHIN_PARTNERSHIP, ERASMUS_PARTNERSHIP]


class DemoAlreadyPresent(ImproperlyConfigured):
    pass


@functools.cache
def demo_password_hash() -> str:
    """One hash for every demo account: they share the published password, and hashing it twenty
    times (each time on every test that loads the demo) would be slow for nothing."""
    return make_password(data.PASSWORD)


# --- State of the database -----------------------------------------------------------------------


def is_loaded() -> bool:
    return User.objects.filter(email=data.SUPERUSER_EMAIL).exists()


def demo_organisations():
    return Organisation.objects.filter(name__in=[o.name for o in data.ORGANISATIONS])


@transaction.atomic
def reset() -> None:
    """Delete everything the demo created: its partnerships, organisations and accounts."""
    from django.contrib.contenttypes.models import ContentType

    partnerships = Partnership.objects.filter(title__in=PARTNERSHIP_TITLES)
    conventions = Convention.objects.filter(partnership__in=partnerships)
    organisations = demo_organisations()
    targets = [
        (Convention, conventions),
        (Partnership, partnerships),
        (governance.Body, governance.Body.objects.filter(partnership__in=partnerships)),
        (reports.ProgressReport, reports.ProgressReport.objects.filter(convention__in=conventions)),
        (Organisation, organisations),
        (Unit, Unit.objects.filter(organisation__in=organisations)),
        (Person, Person.objects.filter(organisation__in=organisations)),
        (Membership, Membership.objects.filter(organisation__in=organisations)),
    ]
    targets = [(model, list(queryset.values_list("pk", flat=True))) for model, queryset in targets]
    teaching.reset(partnerships)
    rooms.reset(organisations)
    internships.reset(organisations)
    events.reset(partnerships, organisations)
    europe.reset(partnerships)
    finance.reset(partnerships)
    conventions.filter(kind=ConventionKind.AMENDMENT).delete()
    conventions.delete()
    partnerships.delete()
    units = Unit.objects.filter(organisation__in=organisations)
    while units.exists():  # leaves first: a unit protects its parent
        units.filter(children__isnull=True).delete()
    organisations.delete()
    User.objects.filter(email__endswith=data.EMAIL_DOMAIN_SUFFIX).delete()
    for model, pks in targets:
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(model), target_id__in=pks
        ).delete()


def login_rows() -> list[dict[str, str]]:
    """Who can log in: one partnership officer per organisation first, then the other roles."""
    rows = []
    officers = [a for a in data.ACCOUNTS if a.role == Role.PARTNERSHIP_OFFICER]
    others = [a for a in data.ACCOUNTS if a.role != Role.PARTNERSHIP_OFFICER]
    names = {o.key: o.name for o in data.ORGANISATIONS}
    for account in officers + others:
        rows.append(
            {
                "organisation": names[account.org],
                "name": f"{account.first_name} {account.last_name}",
                "email": account.email,
                "role": str(Role(account.role).label),
            }
        )
    rows.append(
        {
            "organisation": "—",
            "name": " ".join(data.SUPERUSER),
            "email": data.SUPERUSER_EMAIL,
            "role": "Superuser",
        }
    )
    return rows


# --- Loading -------------------------------------------------------------------------------------


class _Demo:
    """Holds what was created so that the partnership builders can refer to it by key."""

    def __init__(self, today: datetime.date):
        self.today = today
        self.orgs: dict[str, Organisation] = {}
        self.units: dict[tuple[str, str], Unit] = {}
        self.users: dict[str, User] = {}
        self.reps: dict[str, Person] = {}
        self.fulfilled: list[tuple[User, Commitment, datetime.date]] = []
        self.password = demo_password_hash()

    # -- people and organisations -----------------------------------------------------------

    def create_superuser(self) -> None:
        first, last = data.SUPERUSER
        self.superuser = User(
            email=data.SUPERUSER_EMAIL,
            first_name=first,
            last_name=last,
            password=self.password,
            is_staff=True,
            is_superuser=True,
        )
        self.superuser.full_clean(exclude=["password"])
        self.superuser.save()

    def create_organisations(self) -> None:
        by = self.superuser
        for spec in data.ORGANISATIONS:
            organisation = organisation_services.organisation_create(
                by=by,
                data={
                    "name": spec.name,
                    "short_name": spec.short_name,
                    "kind": spec.kind,
                    "street": spec.street,
                    "postcode": spec.postcode,
                    "city": spec.city,
                    "country": spec.country,
                    "siret": spec.siret,
                },
            )
            self.orgs[spec.key] = organisation
            for name, kind, parent in spec.units:
                self.units[(spec.key, name)] = organisation_services.unit_create(
                    by=by,
                    organisation=organisation,
                    data={
                        "name": name,
                        "kind": kind,
                        "parent": self.units[(spec.key, parent)] if parent else None,
                    },
                )

    def create_accounts(self) -> None:
        by = self.superuser
        for account in data.ACCOUNTS:
            organisation = self.orgs[account.org]
            membership, _created = organisation_services.membership_invite(
                by=by,
                organisation=organisation,
                email=account.email,
                role=account.role,
                first_name=account.first_name,
                last_name=account.last_name,
            )
            user = membership.user
            # The invitation leaves the password unusable; demo accounts get the published one.
            user.password = self.password
            user.save(update_fields=["password"])
            person = organisation_services.person_create(
                by=by,
                organisation=organisation,
                data={
                    "first_name": account.first_name,
                    "last_name": account.last_name,
                    "job_title": account.job_title,
                    "unit": self.units[(account.org, account.unit)] if account.unit else None,
                    "email": account.email,
                },
            )
            person.user = user  # no service links a person to an account yet
            person.save(update_fields=["user"])
            self.users.setdefault(account.org, user)  # the first account is the officer
        for rep in data.REPRESENTATIVES:
            self.reps[rep.key] = organisation_services.person_create(
                by=by,
                organisation=self.orgs[rep.org],
                data={"first_name": rep.first_name, "last_name": rep.last_name, "job_title": rep.capacity},
            )

    def officer(self, org: str) -> User:
        return self.users[org]

    # -- helpers for conventions -------------------------------------------------------------

    def party(
        self,
        org: str,
        rep: str,
        *,
        designation: str = "",
        capacity: str | None = None,
        delegation: str = "",
        authorised_by: str = "",
    ) -> dict[str, Any]:
        person = self.reps[rep]
        return {
            "organisation": self.orgs[org],
            "designation": designation,
            "representative": person,
            "representative_name": str(person),
            "capacity": capacity if capacity is not None else person.job_title,
            "delegation": delegation,
            "authorised_by": authorised_by,
        }

    def add_content(self, by: User, convention: Convention, articles: Iterable[ArticleData]) -> None:
        for spec in articles:
            article = content_services.article_add(
                by=by,
                convention=convention,
                kind=spec.kind,
                number=spec.number,
                title=spec.title,
                body=spec.body,
            )
            for item in spec.commitments:
                commitment = content_services.commitment_add(
                    by=by,
                    article=article,
                    data={
                        "debtor": self.orgs[item.debtor],
                        "creditor": self.orgs[item.creditor] if item.creditor else None,
                        "description": item.description,
                        "frequency": item.frequency,
                        "due_date": item.due_date,
                    },
                )
                if item.fulfilled_until:
                    self.fulfilled.append((by, commitment, item.fulfilled_until))

    def mark_fulfilled(self) -> None:
        """Record what the parties already honoured before today, one audit event per commitment.

        ``commitment_fulfil`` marks one occurrence at a time: replaying fourteen years of twice-yearly
        steering committees through it would fill the history with dozens of identical lines.
        """
        for by, commitment, until in self.fulfilled:
            commitment.refresh_from_db()
            commitment.fulfilled_until = until
            commitment.save(update_fields=["fulfilled_until"])
            log_action(
                actor=by,
                action="convention.commitment_fulfilled",
                target=commitment.convention,
                changes={"commitment": commitment.description, "fulfilled_until": [None, until]},
            )

    def add_steps(self, by: User, convention: Convention, steps: Iterable[dict[str, Any]]) -> None:
        for step in steps:
            step = dict(step)
            step["organisation"] = self.orgs[step.pop("org")]
            content_services.approval_step_add(by=by, convention=convention, data=step)

    def sign(self, by: User, convention: Convention, *, on: datetime.date, place: str, originals: int):
        services.convention_submit(by=by, convention=convention)
        services.convention_sign(
            by=by, convention=convention, signature_date=on, signature_place=place, originals_count=originals
        )
        convention.refresh_from_db()
        return convention

    def convention(
        self,
        by: User,
        partnership: Partnership,
        parties: list[dict[str, Any]],
        articles: list[ArticleData],
        *,
        steps: Iterable[dict[str, Any]] = (),
        **fields: Any,
    ) -> Convention:
        convention = services.convention_create(by=by, partnership=partnership, parties=parties, **fields)
        self.add_content(by, convention, articles)
        self.add_steps(by, convention, steps)
        return convention


@transaction.atomic
def load(*, today: datetime.date | None = None) -> None:
    """Create the whole demo in one transaction. Refuses when demo organisations already exist."""
    if demo_organisations().exists() or is_loaded():
        raise DemoAlreadyPresent("The demo is already (partly) loaded: use load_demo --reset.")
    demo = _Demo(today or timezone.localdate())
    demo.create_superuser()
    demo.create_organisations()
    demo.create_accounts()
    _askoria(demo)
    _dijon(demo)
    _haut_rhin(demo)
    _erasmus(demo)
    internships.load(demo)
    demo_allocation.load(demo)
    finance.load(demo)
    rooms.load(demo)
    governance.load(demo)
    actionplan.load(demo)
    reports.load(demo)
    documents.load(demo)
    events.load(demo)
    europe.load(demo)
    teaching.load(demo)
    demo.mark_fulfilled()
    # The daily job brings statuses in line with the dates. A convention renewed several times since
    # its signature is caught up one renewal per run, so run it until nothing changes.
    for _ in range(12):
        if not services.conventions_refresh_statuses(today=demo.today):
            break


# --- Département d'Ille-et-Vilaine and Askoria [000, 001] -------------------------------------


def _askoria(demo: _Demo) -> None:
    by = demo.officer("ille-et-vilaine")
    partnership = services.partnership_create(
        by=by,
        title=ASKORIA_PARTNERSHIP,
        organisations=[demo.orgs["ille-et-vilaine"], demo.orgs["askoria"]],
        kind="training",
        lead=demo.orgs["ille-et-vilaine"],
        description=(
            "Askoria, né en 2013 de la fusion de plusieurs organismes de formation aux métiers de "
            "l'intervention sociale (dont l'IRTS de Bretagne), forme aux métiers du social en formation "
            "initiale et continue et développe veille, recherche, soutien à l'innovation et ouverture "
            "internationale. Depuis 2012, un partenariat très actif le lie au Département "
            "d'Ille-et-Vilaine : conventions triennales de recherche-action et de coopération "
            "pédagogique et stratégique."
        ),
    )

    def parties():
        return [
            demo.party(
                "ille-et-vilaine",
                "iv_president",
                designation="le Département",
                authorised_by="Délibération de la Commission permanente",
            ),
            demo.party("askoria", "askoria_president", designation="Askoria"),
        ]

    common = {
        "start_mode": StartMode.FIXED,
        "term_months": 36,
        "tacit_renewal": False,
        "notice_form": NoticeForm.NONE,
        "dates_are_illustrative": True,
    }

    def past_convention(first_year: int, signed_on: datetime.date, objet: str) -> Convention:
        convention = demo.convention(
            by,
            partnership,
            parties(),
            [
                ArticleData(
                    "1",
                    "Objet de la convention",
                    objet,
                    commitments=[
                        CommitmentData(
                            "ille-et-vilaine",
                            "Réunir le comité de pilotage annuel de la convention",
                            creditor="askoria",
                            frequency="yearly",
                            due_date=D(first_year, 12, 1),
                        )
                    ],
                ),
                ArticleData(
                    "2",
                    "Durée",
                    f"La convention est conclue pour trois ans, du 1er janvier {first_year} au "
                    f"31 décembre {first_year + 2}.",
                ),
            ],
            title=f"Convention de partenariat {first_year}-{first_year + 2}",
            start_date=D(first_year, 1, 1),
            synthesis=data.ASKORIA_SYNTHESES[first_year],
            **common,
        )
        return demo.sign(by, convention, on=signed_on, place="Rennes", originals=2)

    c2012 = past_convention(
        2012,
        D(2012, 1, 16),
        "Première convention triennale : créer les conditions d'émergence de l'innovation sociale et "
        "développer de nouvelles manières de faire, par une recherche-action « Innovations sociales et "
        "expérimentations territoriales » et une coopération pédagogique et stratégique.",
    )
    c2015 = past_convention(
        2015,
        D(2014, 12, 15),
        "Consolider les démarches de recherche-action engagées avec les centres départementaux d'action "
        "sociale (CDAS) et poursuivre la coopération pédagogique et stratégique.",
    )
    services.convention_supersede(by=by, convention=c2012, successor=c2015)
    c2018 = past_convention(
        2018,
        D(2017, 12, 18),
        "Positionner l'action sociale au cœur des territoires, développer l'expertise sociale au "
        "service des projets territoriaux et définir le rôle de chef de file du Département "
        "(recherche-action « Gouvernance territoriale du social »), avec deux recherches en protection "
        "de l'enfance.",
    )
    services.convention_supersede(by=by, convention=c2015, successor=c2018)

    c2022 = demo.convention(
        by,
        partnership,
        parties(),
        _askoria_2022_articles(),
        steps=[
            {
                "org": "ille-et-vilaine",
                "kind": "report",
                "reference": "Commission 2 – Protection de l'enfance et égalité des chances",
                "date": D(2021, 10, 21),
                "outcome": (
                    "Rapport à l'assemblée départementale : renouvellement de la convention pluriannuelle "
                    "avec Askoria pour 2022-2024."
                ),
            },
            {
                "org": "ille-et-vilaine",
                "kind": "assembly_vote",
                "date": D(2021, 10, 21),
                "outcome": (
                    "Approuve le principe du renouvellement de la coopération et les thèmes des "
                    "recherches ; renvoie l'approbation de la convention à la Commission permanente."
                ),
            },
            {
                "org": "ille-et-vilaine",
                "kind": "permanent_commission_vote",
                "date": D(2021, 12, 6),
                "outcome": "Approuve la convention dans le cadre de la délégation de pouvoirs de l'assemblée.",
            },
        ],
        title="Convention de partenariat 2022-2024",
        start_date=D(2022, 1, 1),
        synthesis=data.ASKORIA_SYNTHESES[2022],
        **common,
    )
    demo.sign(by, c2022, on=D(2021, 12, 20), place="Rennes", originals=2)
    services.convention_supersede(by=by, convention=c2018, successor=c2022)
    c2022.refresh_from_db()

    amendment = content_services.amendment_draft(
        by=by,
        parent=c2022,
        title="Avenant 2025 à la convention de partenariat 2022-2024",
        start_mode=StartMode.FIXED,
        start_date=D(2025, 1, 1),
        term_months=12,
        dates_are_illustrative=True,
        changes=[
            {
                "kind": "term_extension",
                "months": 12,
                "description": "Prolonge d'un an, pour l'année 2025, la convention expirée le 31 décembre 2024.",
            },
            {
                "kind": "article_added",
                "number": "2",
                "title": "Contribution forfaitaire à la recherche exploratoire",
                "amount": Decimal("5000.00"),
                "new_text": (
                    "Contribution forfaitaire du Département de 5 000 € (environ 50 % des coûts "
                    "d'Askoria), versée en une fois sur la base d'une synthèse des travaux partagée au "
                    "plus tard le 1er décembre 2025."
                ),
                "description": "Ajoute une contribution de 5 000 € versée en une fois sur synthèse.",
            },
            {
                "kind": "article_added",
                "number": "3",
                "title": "Suivi et évaluation de l'avenant",
                "new_text": (
                    "État d'avancement détaillé au 4e trimestre, au moins un mois avant le comité de "
                    "pilotage."
                ),
                "description": "Ajoute l'état d'avancement du 4e trimestre.",
            },
            {
                "kind": "article_added",
                "number": "4",
                "title": "Communication",
                "new_text": "Les deux logos figurent sur toutes les communications liées à la convention.",
                "description": "Ajoute la clause des logos.",
            },
            {
                "kind": "other",
                "description": "Gratuité de 6 réservations de salles ; facturation au-delà.",
            },
        ],
    )
    demo.add_content(by, amendment, _askoria_2025_articles())
    demo.add_steps(
        by,
        amendment,
        [
            {
                "org": "ille-et-vilaine",
                "kind": "permanent_commission_vote",
                "date": D(2025, 3, 24),
                "outcome": "Approuve l'avenant 2025 à la convention avec Askoria.",
            }
        ],
    )
    demo.sign(by, amendment, on=D(2025, 4, 7), place="Rennes", originals=2)

    c2026 = demo.convention(
        by,
        partnership,
        parties(),
        _askoria_2026_articles(),
        steps=[
            {
                "org": "ille-et-vilaine",
                "kind": "report",
                "date": D(2026, 10, 12),
                "outcome": "Rapport proposant le renouvellement de la convention pour 2026-2028.",
            },
            {
                "org": "ille-et-vilaine",
                "kind": "permanent_commission_vote",
                "outcome": "À inscrire à l'ordre du jour de la Commission permanente.",
            },
        ],
        title="Convention de partenariat 2026-2028",
        start_date=D(2026, 1, 1),
        **common,
    )
    services.convention_submit(by=by, convention=c2026)


def _askoria_2022_articles() -> list[ArticleData]:
    return [
        preamble(
            "Depuis 2012, un partenariat très actif s'est construit entre le Département d'Ille-et-Vilaine "
            "et Askoria. L'année 2021 a permis une phase exploratoire pour arrêter les thématiques de la "
            "nouvelle convention.",
        ),
        ArticleData(
            "",
            "Perspectives et enjeux",
            "L'équilibre des territoires reste un axe privilégié (pacte de coopération territoriale, pacte "
            "social). Dans un contexte de forte évolution du travail social et de crise de recrutement, "
            "une articulation est recherchée entre formation, pratiques professionnelles et recherche ; "
            "des actions de revalorisation des fonctions de cadre de l'action sociale sont menées.",
            kind="stakes",
        ),
        ArticleData(
            "1",
            "Objet",
            "Poursuivre et amplifier les synergies entre les deux institutions : coopérations "
            "pédagogiques et stratégiques pour mieux appréhender les mutations du travail social et "
            "articuler formation initiale, adaptation et évolution des pratiques ; recherches-actions "
            "impliquant des équipes sociales pour améliorer les connaissances et rénover les pratiques.",
        ),
        ArticleData(
            "2",
            "Recherches-actions",
            data.ASKORIA_RESEARCH_2022,
            commitments=[
                CommitmentData(
                    "askoria",
                    "Conduire les trois recherches-actions et l'étude transversale et en présenter "
                    "l'avancement au comité de pilotage",
                    creditor="ille-et-vilaine",
                    frequency="yearly",
                    due_date=D(2022, 11, 15),
                )
            ],
        ),
        ArticleData(
            "3",
            "Coopérations pédagogiques et stratégiques",
            "Le Département contribue aux orientations stratégiques du Campus des solidarités (mise en "
            "réseau d'acteurs publics et associatifs, Salon des expérimentations et innovations "
            "solidaires) et aux travaux de conception des nouvelles formations, en priorité celles "
            "relatives au management dans le secteur social.",
        ),
        ArticleData(
            "4",
            "Gouvernance",
            "Un comité de pilotage se réunit annuellement ; il suit la convention, notamment l'état "
            "d'avancement des recherches-actions et des coopérations, à l'aide d'indicateurs. Il est "
            "composé de six élues départementales (trois titulaires et trois suppléantes) désignées lors "
            "de la session du 22 juillet 2021, de la direction générale d'Askoria et de représentants des "
            "services. Un comité de suivi technique l'appuie ; des groupes de travail et des équipes "
            "mixtes de recherche peuvent être constitués.",
            commitments=[
                CommitmentData(
                    "ille-et-vilaine",
                    "Réunir le comité de pilotage annuel de la convention",
                    creditor="askoria",
                    frequency="yearly",
                    due_date=D(2022, 12, 15),
                )
            ],
        ),
        ArticleData(
            "5",
            "Financement",
            "Le partenariat est conclu avec un montant prévisionnel de subvention de 55 000 € par an "
            "pendant trois ans.",
            commitments=[
                CommitmentData(
                    "ille-et-vilaine",
                    "Verser la subvention annuelle prévisionnelle de 55 000 €",
                    creditor="askoria",
                    frequency="yearly",
                    due_date=D(2022, 6, 30),
                )
            ],
        ),
        ArticleData(
            "6",
            "Durée",
            "La convention est conclue pour trois ans, du 1er janvier 2022 au 31 décembre 2024, sans "
            "tacite reconduction.",
        ),
    ]


def _askoria_2025_articles() -> list[ArticleData]:
    return [
        preamble(
            "La convention triennale 2022-2024 a expiré le 31 décembre 2024 ; un avenant est proposé pour "
            "l'année 2025.",
            title="Préambule, contexte et enjeux",
        ),
        ArticleData(
            "",
            "Le contexte",
            "Le travail social en mutation (transitions sociétales, numériques et environnementales) ; "
            "les personnes vulnérables, les plus touchées par les évolutions climatiques et numériques ; "
            "l'adaptation des organisations à un contexte contraint (pénurie de lieux de stage, "
            "paupérisation des étudiants, crise d'attractivité des métiers du social).",
            kind="context",
        ),
        ArticleData(
            "",
            "Les enjeux",
            "Coopération des acteurs politiques, institutionnels, associatifs et de l'économie sociale et "
            "solidaire ; évolution des formations des cadres et travailleurs sociaux ; expérimentations "
            "et innovations sociales.",
            kind="stakes",
        ),
        ArticleData(
            "1",
            "Orientations et objet de l'avenant",
            "3.1 Valorisation des recherches 2022-2024 : finaliser les recherches financées (mesure "
            "éducative personnalisée ; approche territoriale de l'action sociale ; parcours d'accès des "
            "jeunes ruraux aux lieux d'accueil social ; enjeux et évolutions de l'accompagnement social) "
            "et en valoriser les résultats auprès des parties prenantes.\n"
            "3.2 Recherche exploratoire « Vulnérabilités et transition écologique : quels modes "
            "d'intervention sociale sur les territoires ? » : revue de littérature et recherche de "
            "partenaires et de financements (Région, État, ADEME, MIRE/INTS/CNAF, FAS, TiLab, CNFPT).\n"
            "3.3 Coopérations stratégiques et pédagogiques : partage de connaissances et de réseaux, "
            "Comité d'orientation stratégique employeurs, « Focus pro », charte des intervenants "
            "occasionnels, « Apprendre autrement », commissions pédagogiques des bachelors, Observatoire "
            "« Apprenants », accueil de stagiaires (19 stages longs d'assistants de service social dont 15 "
            "gratifiés en 2025), temps forts communs (séminaire socio-sport du 6 mai 2025 à Askoria, 50 "
            "places réservées aux étudiants). La gratuité est accordée à concurrence de 6 réservations de "
            "salles ; au-delà, les réservations sont facturées.\n"
            "3.4 Le comité de suivi prépare en 2025 la future convention triennale 2026-2028.",
            commitments=[
                CommitmentData(
                    "askoria",
                    "Accorder gratuitement jusqu'à 6 réservations de salles (facturation au-delà)",
                    creditor="ille-et-vilaine",
                ),
                CommitmentData(
                    "ille-et-vilaine",
                    "Préparer avec Askoria, en comité de suivi, la convention triennale 2026-2028",
                    creditor="askoria",
                    due_date=D(2025, 12, 31),
                    fulfilled_until=D(2025, 12, 31),
                ),
            ],
        ),
        ArticleData(
            "2",
            "Modalités de partenariat",
            "Le Département et Askoria suivent la convention au moyen d'un comité de pilotage, d'un comité "
            "de suivi et d'un comité de veille accueil stagiaires. Les signataires respectent le RGPD "
            "(règlement 2016/679) et la loi du 6 janvier 1978 modifiée. La recherche exploratoire donne "
            "lieu à une contribution forfaitaire du Département de 5 000 €, environ 50 % des coûts "
            "supportés par Askoria, versée en une fois sur la base d'une synthèse des travaux menés, "
            "partagée au plus tard le 1er décembre 2025.",
            commitments=[
                CommitmentData(
                    "askoria",
                    "Partager la synthèse des travaux de la recherche exploratoire",
                    creditor="ille-et-vilaine",
                    due_date=D(2025, 12, 1),
                    fulfilled_until=D(2025, 12, 1),
                ),
                CommitmentData(
                    "ille-et-vilaine",
                    "Verser en une fois la contribution forfaitaire de 5 000 €, sur la synthèse partagée",
                    creditor="askoria",
                    due_date=D(2025, 12, 1),
                    fulfilled_until=D(2025, 12, 1),
                ),
            ],
        ),
        ArticleData(
            "3",
            "Suivi et évaluation de l'avenant",
            "Au 4e trimestre, un état d'avancement détaillé des actions est établi par les services du "
            "Département et d'Askoria chargés du suivi de la convention, au moins un mois avant la date du "
            "comité de pilotage.",
            # The report is dated from the steering committee by its rule (demo/reports.py, AP3).
        ),
        ArticleData(
            "4",
            "Communication",
            "Les partenaires font figurer les deux logos des institutions sur l'ensemble des "
            "communications liées aux recherches et à toute action stratégique et pédagogique en "
            "référence à la convention.",
        ),
    ]


def _askoria_2026_articles() -> list[ArticleData]:
    return [
        preamble(
            "Projet préparé en 2025 par le comité de suivi (avenant 2025, article 1, point 3.4), dans la "
            "continuité des conventions 2012-2014, 2015-2017, 2018-2020 et 2022-2024.",
        ),
        ArticleData(
            "1",
            "Objet",
            "Poursuivre la recherche « Vulnérabilités et transition écologique : quels modes "
            "d'intervention sociale sur les territoires ? » engagée à titre exploratoire en 2025, "
            "valoriser les recherches 2022-2025 et poursuivre les coopérations stratégiques et "
            "pédagogiques.",
        ),
        ArticleData(
            "2",
            "Gouvernance",
            "Comité de pilotage annuel, comité de suivi et comité de veille accueil stagiaires ; état "
            "d'avancement au 4e trimestre, au moins un mois avant le comité de pilotage.",
            # The yearly report is dated from the steering committee by its rule (demo/reports.py).
            commitments=[
                CommitmentData(
                    "ille-et-vilaine",
                    "Réunir le comité de pilotage annuel de la convention",
                    creditor="askoria",
                    frequency="yearly",
                    due_date=D(2026, 12, 10),
                ),
            ],
        ),
        ArticleData(
            "3",
            "Durée",
            "La convention est conclue pour trois ans, du 1er janvier 2026 au 31 décembre 2028, sans "
            "tacite reconduction.",
        ),
    ]


# --- Dijon Métropole, Ville de Dijon, CCAS de Dijon and IRTESS [003] ----------------------------


def _dijon(demo: _Demo) -> None:
    by = demo.officer("irtess")
    partnership = services.partnership_create(
        by=by,
        title=DIJON_PARTNERSHIP,
        organisations=[demo.orgs[k] for k in ("dijon-metropole", "ville-dijon", "ccas-dijon", "irtess")],
        kind="training",
        description=(
            "Partenariat entre les quatre institutions au profit de la qualification des professionnels "
            "du social et du médico-social : accueil de stagiaires dans les services des trois "
            "collectivités reconnus sites qualifiants, participation des professionnels aux activités "
            "pédagogiques et aux instances de l'IRTESS, accès au centre de ressources documentaires."
        ),
    )
    framework = demo.convention(
        by,
        partnership,
        [
            demo.party(
                "dijon-metropole",
                "dm_president",
                designation="Dijon Métropole",
                delegation="Et par délégation",
                authorised_by="Dûment habilité par le Conseil Métropolitain de Dijon",
            ),
            demo.party(
                "ville-dijon",
                "vd_adjoint",
                designation="Ville de Dijon",
                delegation="Pour le Maire de la Ville de Dijon",
                authorised_by="Dûment habilité par le Conseil Municipal de Dijon",
            ),
            demo.party(
                "ccas-dijon",
                "ccas_vp",
                designation="CCAS",
                capacity="Le Président en exercice du CCAS de Dijon",
                delegation="Pour le Président et par délégation, le Vice-Président",
                authorised_by="Délibération du Conseil d'Administration du 31 mars 2022",
            ),
            demo.party("irtess", "irtess_presidente", designation="l'IRTESS"),
        ],
        _dijon_articles(),
        title=(
            "Convention cadre de partenariat entre Dijon Métropole, la Ville de Dijon, le CCAS de Dijon et "
            "l'IRTESS"
        ),
        start_mode=StartMode.SIGNATURE,
        term_months=36,
        tacit_renewal=False,
        notice_months=0,
        notice_form=NoticeForm.SIMPLE_LETTER,
        # Signed on 27/06/2022 per the source; the dates of the yearly commitments are chosen.
        dates_are_illustrative=True,
    )
    demo.sign(by, framework, on=D(2022, 6, 27), place="Dijon", originals=4)

    host_site = demo.convention(
        by,
        partnership,
        [
            demo.party(
                "ville-dijon",
                "vd_action_sociale",
                designation="le site qualifiant, établissement d'accueil (Direction action sociale)",
                delegation="Pour le Maire et par délégation",
            ),
            demo.party("irtess", "irtess_dg", designation="l'établissement de formation professionnelle"),
        ],
        _host_site_articles(),
        title="Convention cadre de site qualifiant – Direction action sociale",
        kind=ConventionKind.HOST_SITE,
        start_mode=StartMode.SIGNATURE,
        term_months=60,
        tacit_renewal=False,
        notice_form=NoticeForm.NONE,
        dates_are_illustrative=True,
    )
    demo.sign(by, host_site, on=D(2022, 9, 12), place="Dijon", originals=2)


def _dijon_articles() -> list[ArticleData]:
    three = "Dijon Métropole, la Ville et le CCAS de Dijon"
    return [
        preamble(
            "Considérant l'intérêt d'un partenariat entre les quatre parties, au profit de la "
            "qualification des professionnels des secteurs social et médico-social et de l'évolution des "
            f"pratiques professionnelles, {three} et l'IRTESS souhaitent consolider leurs coopérations. "
            "Les services des trois collectivités participent depuis de nombreuses années à la formation "
            "des travailleurs sociaux ; l'IRTESS assure la formation initiale et continue des travailleurs "
            "sociaux en Bourgogne-Franche-Comté et développe études et recherches."
        ),
        ArticleData(
            "1",
            "L'accueil des stagiaires en site qualifiant",
            "Les trois collectivités promeuvent leurs services d'action sociale et de prévention comme "
            "sites qualifiants par l'accueil régulier de stagiaires proposés par l'IRTESS. L'IRTESS adresse "
            "chaque année par mail une demande de stages à la Direction des Ressources humaines et aux "
            "référents sites qualifiants de chaque direction (Direction action sociale, Direction de la "
            "petite enfance). Stages individuels ou collectifs ; profils métier listés en annexe 1 ; "
            "candidatures centralisées par l'IRTESS et transmises aux référents ; candidatures spontanées "
            "réorientées vers la rubrique « Recrutement » des sites des collectivités. Les collectivités "
            "peuvent solliciter l'IRTESS pour des travaux d'évaluation ou de diagnostic de territoire.",
            commitments=[
                CommitmentData(
                    "irtess",
                    "Adresser par mail la demande de stages annuelle à la DRH et aux référents sites "
                    "qualifiants de chaque direction",
                    creditor="ville-dijon",
                    frequency="yearly",
                    due_date=D(2022, 10, 14),
                ),
            ],
        ),
        ArticleData(
            "2",
            "La participation aux activités pédagogiques",
            "Les professionnels des trois collectivités participent aux enseignements, aux jurys de "
            "certification, à l'animation de travaux dirigés et de tables rondes, à l'accueil et à "
            "l'évaluation des stagiaires, à des conférences et journées d'études, à la promotion des "
            "métiers (forums, portes ouvertes, supports numériques) et à des modules innovants. Un "
            "programme annuel prévisionnel des thèmes et des dates est envoyé à la rentrée de septembre "
            "aux référents sites qualifiants de chaque direction. Règles RH : une activité rémunérée "
            "suppose la pose d'un congé ; une intervention non rémunérée, l'accord du responsable de "
            "service.",
            commitments=[
                CommitmentData(
                    "irtess",
                    "Envoyer le programme annuel prévisionnel des activités pédagogiques aux référents "
                    "sites qualifiants",
                    creditor="ville-dijon",
                    frequency="yearly",
                    due_date=D(2022, 9, 30),
                ),
            ],
        ),
        ArticleData(
            "3",
            "La participation aux instances institutionnelles de l'IRTESS",
            f"Des professionnels de {three} sont invités à la commission alternance, aux comités "
            "techniques et pédagogiques, aux commissions pédagogiques, aux conseils de perfectionnement "
            "et à des groupes de travail. L'IRTESS promeut les actions communes, relaie les offres "
            "d'emploi des collectivités auprès des nouveaux diplômés et informe leurs services des "
            "événements du pôle ressource régional (PREFAS).",
            commitments=[
                CommitmentData(
                    "irtess",
                    "Relayer les offres d'emploi des trois collectivités auprès des nouveaux diplômés",
                ),
                CommitmentData(
                    "irtess",
                    "Informer les services des événements et actualités du PREFAS (journées d'études, "
                    "colloques, publications)",
                ),
            ],
        ),
        ArticleData(
            "4",
            "Accès au Centre de ressources documentaires (Cerdim)",
            "Un accès au Cerdim est ouvert à tous les agents des collectivités, sur fiche d'inscription "
            "individuelle et dans le respect du règlement de fonctionnement du Cerdim.",
        ),
        ArticleData(
            "5",
            "Durée de la convention",
            "La convention est conclue pour trois ans à compter de sa signature. Un comité de pilotage et "
            "de suivi se réunit pour un bilan annuel.",
        ),
        ArticleData(
            "6",
            "Avenant annuel, modification et dénonciation",
            "La convention peut être modifiée ou complétée chaque année, notamment par avenant. Chaque "
            "partie peut la dénoncer en notifiant sa décision aux autres parties par lettre simple.",
        ),
        ArticleData(
            "7",
            "Règlement amiable",
            "En cas de difficultés d'exécution, les parties s'engagent à résoudre le différend à l'amiable.",
        ),
        ArticleData(
            "Annexe 1",
            "Profils formations et métiers",
            "Assistant de service social ; éducateur spécialisé ; éducateur de jeunes enfants ; DEIS ; "
            "CAFERUIS ; CAFDES.",
            kind="annex",
        ),
        ArticleData(
            "Annexe 2",
            "Référents sites qualifiants",
            "Direction de la petite enfance : coordinatrices des secteurs Nord et Sud. Direction de "
            "l'action sociale : chef du service ressources internes et référent RH. (Coordonnées dans "
            "l'annuaire des personnes.)",
            kind="annex",
        ),
    ]


def _host_site_articles() -> list[ArticleData]:
    diplomas = "CAFDES, CAFERUIS, DEIS, ASS, EJE, ES, ETS, ME, TISF, MA, AES"
    return [
        preamble(
            "Le site qualifiant, organisme d'accueil des stagiaires en formation pratique, se définit comme "
            "une organisation apprenante de la professionnalisation. Objectifs : améliorer la qualité de "
            "l'accompagnement des stagiaires, reconnaître les compétences du site pour mettre en œuvre son "
            "projet d'accueil, valoriser le partenariat avec l'IRTESS et conforter l'alternance."
        ),
        ArticleData(
            "1",
            "Engagements de l'établissement de formation",
            "Définir les objectifs du projet pédagogique de chaque période de formation pratique et les "
            "modalités d'acquisition et d'évaluation des compétences ; veiller à l'accompagnement "
            "pédagogique et au lien entre le formateur et le référent professionnel ; énoncer et appliquer "
            "le cadre réglementaire de la formation pratique.",
        ),
        ArticleData(
            "2",
            "Engagements du site qualifiant",
            "Désigner un référent professionnel (tuteur) qualifié pour le diplôme préparé et un responsable "
            "de site qualifiant ; définir un projet d'accueil et formaliser des temps de tutorat ; garantir "
            "des conditions matérielles adaptées et l'accès aux ressources institutionnelles.",
            commitments=[
                CommitmentData(
                    "ville-dijon",
                    "Désigner un référent professionnel (tuteur) qualifié et un responsable de site "
                    "qualifiant",
                    creditor="irtess",
                ),
            ],
        ),
        ArticleData("3", "Formations concernées", diplomas + "."),
        ArticleData(
            "4",
            "Durée",
            "La convention est conclue pour cinq ans. L'établissement de formation soutient les "
            "professionnels du site dans leur projet d'accueil et de tutorat et organise au moins une "
            "rencontre au cours des cinq années pour évaluer conjointement la convention avant son "
            "renouvellement.",
            commitments=[
                CommitmentData(
                    "irtess",
                    "Organiser au moins une rencontre d'évaluation de la convention avec le site avant son "
                    "renouvellement",
                    creditor="ville-dijon",
                    due_date=D(2027, 5, 31),
                ),
            ],
        ),
        ArticleData(
            "5",
            "Référentiels de compétences",
            f"L'IRTESS transmet le référentiel de compétences des diplômes suivants : {diplomas}. Le site "
            "communique en amont de l'accueil les compétences qui ne peuvent pas y être travaillées, afin "
            "de compléter le parcours avec l'équipe pédagogique.",
            commitments=[
                CommitmentData(
                    "irtess",
                    "Transmettre le référentiel de compétences des diplômes couverts",
                    creditor="ville-dijon",
                ),
                CommitmentData(
                    "ville-dijon",
                    "Signaler avant chaque accueil les compétences qui ne peuvent pas être travaillées sur "
                    "le site",
                    creditor="irtess",
                ),
            ],
        ),
    ]


# --- Département du Haut-Rhin and ISSM [004] ---------------------------------------------------


def _haut_rhin(demo: _Demo) -> None:
    by = demo.officer("haut-rhin")
    partnership = services.partnership_create(
        by=by,
        title=HAUT_RHIN_PARTNERSHIP,
        organisations=[demo.orgs["haut-rhin"], demo.orgs["issm"]],
        kind="training",
        lead=demo.orgs["haut-rhin"],
        description=(
            "Contributions respectives du Département et de l'ISSM : acquisition des compétences et des "
            "qualifications des professionnels de l'action sociale, promotion des métiers de l'éducatif, "
            "du social et du médico-social, coopération en matière de recherche dans une perspective de "
            "développement social territorial avec une ouverture internationale. Le Conseil général, "
            "membre de droit de l'ISSM, contribue à son développement par des moyens logistiques."
        ),
    )
    convention = demo.convention(
        by,
        partnership,
        [
            demo.party(
                "haut-rhin",
                "hr_president",
                designation="le Département",
                authorised_by="Délibération de la Commission permanente (rapport CP-2010-9-4-3)",
            ),
            demo.party("issm", "issm_president", designation="l'ISSM"),
        ],
        _haut_rhin_articles(),
        steps=[
            {
                "org": "haut-rhin",
                "kind": "report",
                "reference": "CP-2010-9-4-3",
                "instructing_service": "Direction Développement Social des Territoires",
                "date": D(2012, 5, 4),
                "outcome": (
                    "Propose d'autoriser le Président à signer la convention, qui prend effet à sa date "
                    "de signature."
                ),
            },
            {
                "org": "haut-rhin",
                "kind": "permanent_commission_vote",
                "reference": "CP-2010-9-4-3",
                "date": D(2012, 5, 25),
                "outcome": "Autorise le Président à signer la convention.",
            },
        ],
        title=(
            "Convention régissant les relations entre le Département du Haut-Rhin et l'Institut Supérieur "
            "Social de Mulhouse"
        ),
        reference="CP-2010-9-4-3",
        start_mode=StartMode.SIGNATURE,
        term_months=36,
        tacit_renewal=True,
        notice_months=4,
        notice_form=NoticeForm.REGISTERED_LETTER,
        # The source leaves the date blank ("Fait à Colmar le"): this one is chosen so that the
        # convention has been renewed and its next last day to denounce comes in the next months.
        dates_are_illustrative=True,
    )
    demo.sign(by, convention, on=D(2012, 6, 18), place="Colmar", originals=2)


def _haut_rhin_articles() -> list[ArticleData]:
    return [
        preamble(
            "L'ISSM assure la formation initiale et continue du niveau V au niveau I des intervenants "
            "sociaux, et les activités d'animation et de recherche s'y rapportant. Le Département, chef de "
            "file de l'action sociale, passe d'une action sociale traditionnelle à une logique de "
            "développement social, ce qui a des incidences fortes sur la formation. Les deux partenaires "
            "confortent une coopération ancienne, au plus près des habitants, dans les territoires du "
            "Haut-Rhin."
        ),
        ArticleData(
            "1",
            "Objet de la convention",
            "Préciser les contributions des deux parties dans trois domaines : l'acquisition des "
            "compétences et des qualifications et le perfectionnement des professionnels ; la promotion "
            "des métiers de l'éducatif, du social et du médico-social ; la coopération en matière de "
            "recherche et de construction de connaissances. Les parties maintiennent un dialogue permanent "
            "; un comité de pilotage fixe des axes de travail annuels et pluriannuels.",
        ),
        ArticleData(
            "2",
            "La représentation du Département au sein de l'association ISSM",
            "Membre de droit, le Conseil général est représenté à l'assemblée générale de l'ISSM par deux "
            "personnes qu'il désigne ; l'ISSM invite des représentants des services techniques à son "
            "Conseil technique et pédagogique (CTP).",
            commitments=[
                CommitmentData(
                    "haut-rhin",
                    "Désigner deux représentants à l'assemblée générale de l'ISSM",
                    creditor="issm",
                ),
            ],
        ),
        ArticleData(
            "3",
            "Les moyens mis à disposition par le Département",
            "Le Département contribue par des moyens logistiques au maintien et au développement de "
            "l'ISSM ; depuis 1993, une convention spécifique précise les conditions de mise à disposition "
            "de locaux à l'ISSM à Mulhouse.",
        ),
        ArticleData(
            "4",
            "Les formations initiales et continues en travail social",
            "L'ISSM informe régulièrement le Département des évolutions de son projet pédagogique et de "
            "ses offres de formation, informe les formateurs terrain pour chaque stage et participe aux "
            "évaluations sur site des stagiaires. Le Département favorise la participation de ses agents "
            "à la sélection des étudiants, à l'accueil et à l'évaluation des stagiaires, aux "
            "enseignements, aux jurys des diplômes d'État et au CTP ; il développe la formation des "
            "référents professionnels de stage et des référents de site qualifiant. Les engagements "
            "réciproques en matière de stages font l'objet d'une annexe.",
            commitments=[
                CommitmentData(
                    "issm",
                    "Informer le Département des évolutions du projet pédagogique et des offres de formation",
                    creditor="haut-rhin",
                    frequency="yearly",
                    due_date=D(2012, 9, 28),
                    fulfilled_until=D(2026, 9, 28),
                ),
                CommitmentData(
                    "haut-rhin",
                    "Développer la formation des référents professionnels de stage et des référents de "
                    "site qualifiant",
                    creditor="issm",
                ),
            ],
        ),
        ArticleData(
            "5",
            "Le développement des ressources partagées",
            "Rencontres régulières de travail, d'échange et de réflexion ; manifestations communes ; "
            "diversité de l'accès aux qualifications (apprentissage, VAE, formation des tuteurs) ; "
            "valorisation des travaux des professionnels de terrain. Le Département sollicite la "
            "participation de l'ISSM aux schémas départementaux d'action sociale.",
        ),
        ArticleData(
            "6",
            "Le comité de pilotage",
            "Composé d'un conseiller général, d'un représentant du conseil d'administration de l'ISSM, du "
            "directeur général adjoint Solidarité et Ressources, du directeur du Développement Social des "
            "Territoires, d'un représentant du Service d'Expertises en Travail Social, d'un représentant "
            "de la direction des Ressources humaines (ou leurs représentants) et de 1 à 4 personnes "
            "qualifiées de l'ISSM. Il fixe les axes et thèmes opérationnels, annuels et pluriannuels, et "
            "se réunit au moins deux fois par an à l'initiative de l'un ou l'autre des deux organismes.",
            commitments=[
                CommitmentData(
                    "haut-rhin",
                    "Réunir le comité de pilotage, au moins deux fois par an (à l'initiative de l'une ou "
                    "l'autre partie)",
                    creditor="issm",
                    frequency="twice_yearly",
                    due_date=D(2012, 11, 13),
                    fulfilled_until=D(2026, 5, 13),  # the November 2026 meeting is not held yet: late
                ),
            ],
        ),
        ArticleData(
            "7",
            "Le comité de suivi",
            "Composé du directeur de l'ISSM, du directeur du Développement Social des Territoires, d'un "
            "représentant du Service d'Expertises en Travail Social, de personnes qualifiées selon les "
            "thèmes et d'un représentant de la direction des Ressources humaines ; il met en œuvre les axes "
            "fixés par le comité de pilotage.",
        ),
        ArticleData(
            "8",
            "Durée de la convention",
            "La convention prend effet à sa signature pour trois ans, avec tacite reconduction pour la "
            "même période, sauf dénonciation par l'une ou l'autre des parties par lettre recommandée avec "
            "avis de réception, moyennant un préavis de quatre mois.",
        ),
    ]


# --- Erasmus+ KA204 project led by the Département de l'Isère [002] ----------------------------


def _erasmus(demo: _Demo) -> None:
    isere, loire, aoste = (demo.orgs[k] for k in ("isere", "loire-atlantique", "vallee-aoste"))
    partnership = services.partnership_create(
        by=demo.officer("isere"),
        title=ERASMUS_PARTNERSHIP,
        organisations=[isere, loire, aoste],
        kind="european",
        lead=isere,
        description=data.ERASMUS_DESCRIPTION,
        member_statuses={loire.pk: MemberStatus.PENDING, aoste.pk: MemberStatus.TO_CONFIRM},
    )
    roles = {
        isere.pk: "Chef de file, à l'initiative du projet",
        loire.pk: "Partenaire français (implication en cours de validation)",
        aoste.pk: "Partenaire italien (à confirmer)",
    }
    for member in PartnershipMember.objects.filter(partnership=partnership):
        member.role = roles[member.organisation_id]
        member.save(update_fields=["role"])
