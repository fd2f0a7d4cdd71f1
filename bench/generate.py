"""Generate a national-scale data set of partnerships and conventions into the bench database.

    .venv/bin/python bench/generate.py               # national scale (1.0) into bench/data/bench.sqlite3
    .venv/bin/python bench/generate.py --scale 0.05  # a quick one
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partenaria_bench .venv/bin/python bench/generate.py

The organisations are always the national ones: 101 Départements, 110 social-work schools, 150 cities
and 150 CCAS, each with a partnership officer (and a viewer in every Département). ``--scale``
multiplies what hangs on them: 5,000 partnerships of 2 to 4 organisations and 20,000 conventions at
1.0, about 15% of them amendments extending their parent's term. Départements and schools are chosen
with a Zipf-like weight, so the busiest Département (the first one) takes about 5% of the partnerships:
the same person sees about fifty times more conventions at 1.0 than at 0.02, which is what makes a
growing query count visible.

Everything is drawn from ``random.Random(seed)`` and dated relative to today, and written with
bulk_create in one transaction. The database is emptied first (``flush``), so its name must contain
"bench" (bench/settings.py).
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

NATIONAL = {
    "departements": 101,
    "schools": 110,
    "cities": 150,
    "ccas": 150,
    "partnerships": 5_000,
    "conventions": 20_000,
}
AMENDMENT_SHARE = 0.15
DEFAULT_SEED = 20_26
BENCH_PASSWORD = "partenaria-bench"
ZIPF_EXPONENT = 0.5


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def check_bench_database():
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "bench" not in Path(name).name:
        raise SystemExit(
            f"Refusing to empty the database {name!r}: its name must contain 'bench' (see bench/README.md)."
        )


def create_postgresql_database():
    """Create the PostgreSQL bench database when it does not exist yet."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    name = connection.settings_dict["NAME"]
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')


def analyze():
    """Give PostgreSQL's planner the statistics that autovacuum would gather in production.

    Right after a bulk load the planner believes every table is nearly empty and picks nested loops
    that cost hundreds of milliseconds. SQLite is left as the product leaves it (no ANALYZE).
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def prepare_database(verbosity: int = 0):
    """Migrate when needed, then empty every table."""
    from django.core.management import call_command

    check_bench_database()
    create_postgresql_database()
    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("flush", interactive=False, verbosity=verbosity)


# --- Small helpers ------------------------------------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    from partenaria.conventions.terms import add_months_clamped

    return add_months_clamped(day, months)


def zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) ** ZIPF_EXPONENT for rank in range(n)]


LOREM = (
    "Les parties conviennent de coopérer pour l'accueil des stagiaires en formation de travail social, "
    "la participation des professionnels aux instances pédagogiques et l'échange d'informations utiles "
    "à la qualité de la formation pratique sur les sites qualifiants du territoire."
)
ARTICLE_TITLES = [
    "Objet de la convention",
    "Engagements de l'établissement de formation",
    "Engagements du Département",
    "Modalités financières",
    "Durée et renouvellement",
    "Résiliation",
]
COMMITMENTS = [
    ("Transmettre le bilan annuel des stages", "yearly"),
    ("Verser la subvention de fonctionnement", "yearly"),
    ("Réunir le comité de suivi", "twice_yearly"),
    ("Communiquer la liste des terrains de stage", "yearly"),
    ("Transmettre l'état des places offertes", "quarterly"),
    ("Remettre le rapport final", "once"),
]
CAPACITY = {
    "departement": ("Le Président du Conseil départemental", "Le Département"),
    "school": ("Le Directeur général", "l'établissement de formation"),
    "city": ("Le Maire", "la Ville"),
    "ccas": ("Le Président du CCAS", "le CCAS"),
}


# --- The generator ------------------------------------------------------------------------------


class Generator:
    def __init__(self, scale: float, seed: int, today: datetime.date, out=print):
        self.scale = scale
        self.rng = random.Random(seed)
        self.today = today
        self.out = out
        self.counts: dict[str, int] = {}

    def n(self, key: str, minimum: int) -> int:
        return max(minimum, round(NATIONAL[key] * self.scale))

    def bulk(self, model, objects, batch_size=2000):
        created = model.objects.bulk_create(objects, batch_size=batch_size)
        label = model._meta.model_name
        self.counts[label] = self.counts.get(label, 0) + len(created)
        return created

    def run(self) -> dict[str, int]:
        from django.db import transaction

        started = time.perf_counter()
        with transaction.atomic():
            self.organisations()
            self.users()
            self.partnerships()
            self.conventions()
            self.content()
        analyze()
        self.out(f"generated scale {self.scale} in {time.perf_counter() - started:.1f} s: {self.counts}")
        return self.counts

    # -- organisations and people --------------------------------------------------------------

    def organisations(self):
        from partenaria.organisations.models import Organisation, OrganisationKind

        rng = self.rng
        spec = [
            (OrganisationKind.DEPARTEMENT, NATIONAL["departements"], "Département bench {:03d}", "CD{:03d}"),
            (
                OrganisationKind.SCHOOL,
                NATIONAL["schools"],
                "École de travail social bench {:03d}",
                "ETS{:03d}",
            ),
            (OrganisationKind.CITY, NATIONAL["cities"], "Ville bench {:03d}", "V{:03d}"),
            (OrganisationKind.CCAS, NATIONAL["ccas"], "CCAS bench {:03d}", "CCAS{:03d}"),
        ]
        objects = []
        for kind, count, name, short in spec:
            for i in range(1, count + 1):
                objects.append(
                    Organisation(
                        kind=kind,
                        name=name.format(i),
                        short_name=short.format(i),
                        street=f"{rng.randint(1, 200)} rue de la République",
                        postcode=f"{rng.randint(1, 95):02d}{rng.randint(0, 999):03d}",
                        city=f"Commune {rng.randint(1, 999)}",
                    )
                )
        created = self.bulk(Organisation, objects)
        self.by_kind = {kind: [o for o in created if o.kind == kind] for kind, *_ in spec}
        self.departements = self.by_kind[OrganisationKind.DEPARTEMENT]
        self.schools = self.by_kind[OrganisationKind.SCHOOL]
        self.local = self.by_kind[OrganisationKind.CITY] + self.by_kind[OrganisationKind.CCAS]

    def users(self):
        from django.contrib.auth.hashers import make_password

        from partenaria.accounts.models import User
        from partenaria.organisations.models import Membership, OrganisationKind, Role

        password = make_password(BENCH_PASSWORD)  # hashed once, shared by every bench account
        users, memberships = [], []
        for kind, organisations in self.by_kind.items():
            for organisation in organisations:
                roles = [Role.PARTNERSHIP_OFFICER]
                if kind == OrganisationKind.DEPARTEMENT:
                    roles.append(Role.VIEWER)
                for role in roles:
                    user = User(
                        email=f"{role.replace('_', '-')}.{organisation.short_name.lower()}@bench.invalid",
                        first_name=str(role.label),
                        last_name=organisation.short_name,
                        password=password,
                    )
                    users.append(user)
                    memberships.append((user, organisation, role))
        self.bulk(User, users)
        self.bulk(
            Membership,
            [Membership(user=user, organisation=org, role=role) for user, org, role in memberships],
        )

    # -- partnerships ----------------------------------------------------------------------------

    def partnerships(self):
        from partenaria.conventions.models import (
            MemberStatus,
            Partnership,
            PartnershipKind,
            PartnershipMember,
        )

        rng = self.rng
        dept_weights = zipf_weights(len(self.departements))
        school_weights = zipf_weights(len(self.schools))
        count = self.n("partnerships", 10)
        partnerships, members = [], []
        for i in range(1, count + 1):
            organisations = []
            # Nine partnerships in ten involve a Département; the first one is always the busiest.
            if rng.random() < 0.9:
                organisations.append(rng.choices(self.departements, dept_weights)[0])
            organisations.append(rng.choices(self.schools, school_weights)[0])
            size = rng.choices([2, 3, 4], [0.6, 0.3, 0.1])[0]
            while len(organisations) < size:
                candidate = rng.choice(self.local)
                if candidate not in organisations:
                    organisations.append(candidate)
            kind = PartnershipKind.EUROPEAN if rng.random() < 0.03 else PartnershipKind.TRAINING
            partnership = Partnership(
                title=f"Partenariat {' – '.join(o.short_name for o in organisations)} n°{i}",
                kind=kind,
                description="Formation pratique des travailleurs sociaux.",
                lead=organisations[0],
            )
            partnerships.append(partnership)
            members.append(organisations)
        self.partnership_list = self.bulk(Partnership, partnerships)
        self.members_of = {}
        rows = []
        for partnership, organisations in zip(self.partnership_list, members, strict=True):
            self.members_of[partnership.pk] = organisations
            for position, organisation in enumerate(organisations):
                status = MemberStatus.CONFIRMED
                if position >= 2 and rng.random() < 0.1:
                    status = rng.choice([MemberStatus.PENDING, MemberStatus.TO_CONFIRM])
                rows.append(
                    PartnershipMember(
                        partnership=partnership,
                        organisation=organisation,
                        status=status,
                        role="Chef de file" if position == 0 else "",
                    )
                )
        self.bulk(PartnershipMember, rows)

    # -- conventions -----------------------------------------------------------------------------

    def conventions(self):
        from partenaria.conventions.models import (
            Convention,
            ConventionKind,
            NoticeForm,
            StartMode,
        )
        from partenaria.conventions.statuses import Status
        from partenaria.conventions.terms import term_end

        rng, today = self.rng, self.today
        total = max(len(self.partnership_list), round(NATIONAL["conventions"] * self.scale))
        n_amendments = round(total * AMENDMENT_SHARE)
        n_bases = max(len(self.partnership_list), total - n_amendments)
        # Every partnership has at least one convention; the others are spread at random.
        per_partnership = {p.pk: 1 for p in self.partnership_list}
        for partnership in rng.choices(self.partnership_list, k=n_bases - len(self.partnership_list)):
            per_partnership[partnership.pk] += 1

        bases = []
        for partnership in self.partnership_list:
            count = per_partnership[partnership.pk]
            tacit = rng.random() < 0.4
            term = rng.choice([12, 24, 36, 36, 36, 48, 60])
            notice = rng.choice([0, 1, 2, 3, 4, 6]) if tacit else rng.choice([0, 0, 1, 3])
            notice = min(notice, term - 1)
            notice_form = (
                rng.choice(
                    [NoticeForm.REGISTERED_LETTER, NoticeForm.REGISTERED_LETTER, NoticeForm.SIMPLE_LETTER]
                )
                if notice
                else NoticeForm.NONE
            )
            # The latest convention is current, renewed, or in preparation; the earlier ones follow
            # back to back (with an occasional gap year) before it.
            roll = rng.random()
            if roll < 0.1:
                last_start = add_months(today, rng.randint(1, 8))
            elif tacit and roll < 0.4:
                last_start = add_months(today, -rng.randint(term, 2 * term + 6))
            else:
                last_start = add_months(today, -rng.randint(0, term - 1))
            last_start = last_start.replace(day=1)
            starts = [last_start]
            for _ in range(count - 1):
                gap = 12 if rng.random() < 0.15 else 0
                starts.append(add_months(starts[-1], -(term + gap)))
            starts.reverse()
            for index, start in enumerate(starts):
                is_last = index == len(starts) - 1
                end = term_end(start, term)
                if start > today:
                    status = rng.choice([Status.DRAFT, Status.IN_APPROVAL])
                elif not is_last:
                    status = Status.SUPERSEDED if rng.random() < 0.2 else Status.EXPIRED
                elif end < today:
                    status = Status.RENEWED if tacit else Status.EXPIRED
                else:
                    status = rng.choices([Status.ACTIVE, Status.SIGNED, Status.DENOUNCED], [0.9, 0.05, 0.05])[
                        0
                    ]
                signed = status not in (Status.DRAFT, Status.IN_APPROVAL)
                by_signature = signed and rng.random() < 0.2
                signature_date = start - datetime.timedelta(days=rng.randint(5, 60)) if signed else None
                if by_signature:
                    signature_date = start
                kind = ConventionKind.HOST_SITE if rng.random() < 0.1 else ConventionKind.FRAMEWORK
                year = start.year
                bases.append(
                    Convention(
                        partnership=partnership,
                        kind=kind,
                        title=f"Convention {'de site qualifiant' if kind == ConventionKind.HOST_SITE else 'cadre'} "
                        f"{year}-{end.year} – {partnership.title}",
                        reference=f"CONV-{year}-{partnership.pk:05d}-{index + 1}",
                        status=status,
                        signature_place=f"Commune {rng.randint(1, 999)}" if signed else "",
                        signature_date=signature_date,
                        originals_count=rng.choice([2, 3, 4]) if signed else None,
                        start_mode=StartMode.SIGNATURE if by_signature else StartMode.FIXED,
                        start_date=None if by_signature else start,
                        term_months=term,
                        tacit_renewal=tacit,
                        max_renewals=rng.choice([None, None, 1, 2]) if tacit else None,
                        notice_months=notice,
                        notice_form=notice_form,
                        synthesis="",
                    )
                )
        self.bases = self.bulk(Convention, bases)

        # Amendments extend the term of a signed (or since expired) convention, most often the latest.
        eligible = [
            c
            for c in self.bases
            if c.status in (Status.ACTIVE, Status.SIGNED, Status.RENEWED, Status.EXPIRED, Status.DENOUNCED)
        ]
        parents = rng.sample(eligible, min(n_amendments, len(eligible)))
        amendments = []
        for parent in parents:
            months = rng.choice([6, 12, 12, 12, 24])
            start = parent.signature_date if parent.start_mode == StartMode.SIGNATURE else parent.start_date
            parent_end = term_end(start, parent.term_months)
            signed_on = min(today, parent_end - datetime.timedelta(days=rng.randint(10, 120)))
            status = rng.choices(
                [Status.SIGNED, Status.ACTIVE, Status.IN_APPROVAL, Status.DRAFT], [6, 2, 1, 1]
            )[0]
            signed = status in (Status.SIGNED, Status.ACTIVE)
            amendments.append(
                Convention(
                    partnership_id=parent.partnership_id,
                    kind=ConventionKind.AMENDMENT,
                    parent=parent,
                    title=f"Avenant n°1 – {parent.title}",
                    reference=f"{parent.reference}-AV1",
                    status=status,
                    signature_place=parent.signature_place if signed else "",
                    signature_date=signed_on if signed else None,
                    originals_count=parent.originals_count if signed else None,
                    start_mode=StartMode.FIXED,
                    start_date=parent_end + datetime.timedelta(days=1),
                    term_months=months,
                    tacit_renewal=False,
                    notice_months=0,
                )
            )
        self.amendments = self.bulk(Convention, amendments)
        self.all_conventions = self.bases + self.amendments

    # -- parties, approval, content, amendment changes, denunciations ----------------------------

    def content(self):
        from partenaria.conventions.models import (
            AmendmentChange,
            ApprovalStep,
            ApprovalStepKind,
            Article,
            ArticleKind,
            ChangeKind,
            Commitment,
            Denunciation,
            Party,
        )
        from partenaria.conventions.statuses import Status
        from partenaria.conventions.terms import term_end
        from partenaria.organisations.models import OrganisationKind

        rng = self.rng
        parties, steps, articles = [], [], []
        for convention in self.all_conventions:
            organisations = self.members_of[convention.partnership_id]
            for position, organisation in enumerate(organisations):
                capacity, designation = CAPACITY[organisation.kind]
                delegation = (
                    "Pour le Président et par délégation, le Vice-Président"
                    if organisation.kind == OrganisationKind.DEPARTEMENT and rng.random() < 0.5
                    else ""
                )
                parties.append(
                    Party(
                        convention=convention,
                        organisation=organisation,
                        designation=designation,
                        representative_name=f"Représentant {organisation.short_name}",
                        capacity=capacity,
                        delegation=delegation,
                        position=position,
                    )
                )
                if (
                    organisation.kind == OrganisationKind.DEPARTEMENT
                    and convention.signature_date
                    and rng.random() < 0.7
                ):
                    date = convention.signature_date - datetime.timedelta(days=rng.randint(15, 60))
                    steps.append(
                        ApprovalStep(
                            convention=convention,
                            organisation=organisation,
                            kind=ApprovalStepKind.PERMANENT_COMMISSION_VOTE,
                            reference=f"CP-{date.year}-{rng.randint(1, 12)}-{rng.randint(1, 9)}-{rng.randint(1, 20)}",
                            instructing_service="Direction de l'enfance et de la famille",
                            consulted_service="Direction des finances",
                            date=date,
                            outcome="Adopté",
                        )
                    )
            if convention.kind == "amendment":
                articles.append(
                    Article(
                        convention=convention,
                        kind=ArticleKind.ARTICLE,
                        number="1",
                        title="Prolongation",
                        body="La durée de la convention est prolongée.",
                        position=1,
                    )
                )
                continue
            articles.append(
                Article(convention=convention, kind=ArticleKind.PREAMBLE, title="", body=LOREM, position=0)
            )
            for number in range(1, rng.randint(2, 4) + 1):
                articles.append(
                    Article(
                        convention=convention,
                        kind=ArticleKind.ARTICLE,
                        number=str(number),
                        title=ARTICLE_TITLES[(number - 1) % len(ARTICLE_TITLES)],
                        body=LOREM,
                        position=number,
                    )
                )
        self.bulk(Party, parties)
        self.bulk(ApprovalStep, steps)
        articles = self.bulk(Article, articles)

        first_article = {}
        for article in articles:
            if article.kind == ArticleKind.ARTICLE:
                first_article.setdefault(article.convention_id, article)

        commitments, changes, denunciations = [], [], []
        for convention in self.bases:
            if rng.random() < 0.35:
                continue
            organisations = self.members_of[convention.partnership_id]
            start = convention.start_date or convention.signature_date
            for _ in range(rng.choice([1, 1, 2, 3])):
                description, frequency = rng.choice(COMMITMENTS)
                debtor = rng.choice(organisations)
                creditor = rng.choice([None, *[o for o in organisations if o != debtor]])
                due = add_months(start, rng.randint(1, 11))
                fulfilled = None
                if frequency != "once" and due < self.today and rng.random() < 0.5:
                    fulfilled = add_months(due, 12)
                commitments.append(
                    Commitment(
                        convention=convention,
                        article=first_article.get(convention.pk),
                        debtor=debtor,
                        creditor=creditor,
                        description=description,
                        frequency=frequency,
                        due_date=due,
                        fulfilled_until=fulfilled,
                    )
                )
            if convention.status == Status.DENOUNCED:
                organisations_ = self.members_of[convention.partnership_id]
                end = term_end(start, convention.term_months)
                received = min(
                    self.today, end - datetime.timedelta(days=30 * (convention.notice_months or 1))
                )
                denunciations.append(
                    Denunciation(
                        convention=convention,
                        party=rng.choice(organisations_),
                        form=convention.notice_form
                        if convention.notice_form != "none"
                        else "registered_letter",
                        sent_on=received - datetime.timedelta(days=4),
                        received_on=received,
                        takes_effect_on=end,
                        is_accepted=True,
                        reason="Fin du partenariat.",
                    )
                )
        for amendment in self.amendments:
            changes.append(
                AmendmentChange(
                    amendment=amendment,
                    kind=ChangeKind.TERM_EXTENSION,
                    months=amendment.term_months,
                    description=f"Prolongation de {amendment.term_months} mois",
                )
            )
            if rng.random() < 0.3:
                changes.append(
                    AmendmentChange(
                        amendment=amendment,
                        kind=ChangeKind.AMOUNT_CHANGED,
                        amount=Decimal(rng.randrange(5_000, 80_000, 500)),
                        description="Montant de la subvention annuelle",
                    )
                )
        self.bulk(Commitment, commitments)
        self.bulk(AmendmentChange, changes)
        self.bulk(Denunciation, denunciations)


def generate(scale: float, seed: int = DEFAULT_SEED, out=print, verbosity: int = 0) -> dict[str, int]:
    """Empty the bench database and load the data set at ``scale``. Django must be set up."""
    from django.utils import timezone

    prepare_database(verbosity)
    return Generator(scale, seed, timezone.localdate(), out=out).run()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national (default); 0.05 = quick")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    setup_django()
    generate(args.scale, args.seed, verbosity=1)


if __name__ == "__main__":
    main()
