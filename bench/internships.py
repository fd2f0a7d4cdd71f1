"""Benchmark of the internship exports and the agreements API (IN7, IN8), written into bench/RESULTS.md.

    .venv/bin/python bench/internships.py                   # SQLite file bench/data/internships.sqlite3
    .venv/bin/python bench/internships.py --placements 3000 --runs 5

One Département hosting ``--placements`` students of one school on ten host sites (two in three on
12 weeks full time, gratified; the others 4 weeks), one tutor per three interns. Each export and the
first page of ``GET /api/v1/internships/agreements`` (100 rows) is requested ``--runs`` times after one
untimed request; its number of queries is compared with the same request on a tenth of the data.
The data is written directly (bulk), not through the services: the caps are not what is measured.
"""

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = BENCH_DIR / "RESULTS.md"
SECTION = "## Internship exports and agreements API"
DATA = BENCH_DIR / "data"
START = datetime.date(2026, 10, 5)  # a Monday


def setup() -> None:
    DATA.mkdir(exist_ok=True)
    database = DATA / "internships.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(size: str, placements: int):
    """A Département and a school with ``placements`` placements; returns the school's officer."""
    from django.contrib.auth import get_user_model

    from partenaria.conventions.models import Partnership, PartnershipMember
    from partenaria.internships import hours
    from partenaria.internships.models import (
        Application,
        ApplicationStatus,
        Campaign,
        Diploma,
        HostSite,
        HostSiteDiploma,
        Offer,
        Placement,
        PlacementPeriod,
        Student,
        Tutor,
    )
    from partenaria.organisations.models import Membership, Organisation, OrganisationKind, Person, Role, Unit

    ass = Diploma.objects.get(code="ASS")
    host = Organisation.objects.create(name=f"Département {size}", kind=OrganisationKind.DEPARTEMENT)
    school = Organisation.objects.create(name=f"École {size}", kind=OrganisationKind.SCHOOL)
    partnership = Partnership.objects.create(title=f"Stages {size}")
    PartnershipMember.objects.bulk_create(
        [PartnershipMember(partnership=partnership, organisation=o) for o in (host, school)]
    )
    user = get_user_model().objects.create_user(email=f"officer-{size}@bench.example", password="x" * 16)
    Membership.objects.create(user=user, organisation=school, role=Role.PARTNERSHIP_OFFICER)
    campaign = Campaign.objects.create(partnership=partnership, school=school, host=host, school_year=2026)
    sites, offers = [], []
    for index in range(10):
        unit = Unit.objects.create(organisation=host, name=f"Service {index}")
        site = HostSite.objects.create(unit=unit, organisation=host, headcount=1000)
        HostSiteDiploma.objects.create(site=site, diploma=ass)
        sites.append(site)
        offers.append(
            Offer.objects.create(
                campaign=campaign,
                site=site,
                diploma=ass,
                post="Polyvalence",
                places=placements,
                period_start=START,
                period_end=START + datetime.timedelta(weeks=12),
            )
        )
    people = Person.objects.bulk_create(
        [
            Person(organisation=host, first_name="Tuteur", last_name=f"{size}-{i}")
            for i in range(placements // 3 + 1)
        ]
    )
    tutors = Tutor.objects.bulk_create(
        [Tutor(site=sites[i % 10], person=person, qualification=ass) for i, person in enumerate(people)]
    )
    students = Student.objects.bulk_create(
        [
            Student(
                school=school,
                first_name="Étudiant",
                last_name=f"{size}-{i}",
                email=f"etudiant-{size}-{i}@ecole.example",
                diploma=ass,
                training_year=2,
            )
            for i in range(placements)
        ]
    )
    applications = Application.objects.bulk_create(
        [
            Application(student=s, offer=offers[(i // 3) % 10], status=ApplicationStatus.PLACED)
            for i, s in enumerate(students)
        ]
    )
    rows, periods = [], []
    for i, application in enumerate(applications):
        weeks = 12 if i % 3 else 4
        end = START + datetime.timedelta(days=7 * weeks - 3)
        schedule = hours.Schedule(periods=(hours.Period(START, end, Decimal(35)),))
        rows.append(
            Placement(
                application=application,
                campaign=campaign,
                student=application.student,
                offer=application.offer,
                site=application.offer.site,
                host=host,
                tutor=tutors[i // 3],
                school_year=2026,
                start_date=START,
                end_date=end,
                total_hours=hours.effective_hours(schedule),
            )
        )
    for placement in Placement.objects.bulk_create(rows):
        periods.append(
            PlacementPeriod(
                placement=placement, start=placement.start_date, end=placement.end_date, weekly_hours=35
            )
        )
    PlacementPeriod.objects.bulk_create(periods)
    return user


def request(client, url, headers=None) -> tuple[float, int, int]:
    """(seconds, queries, bytes) of one GET."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url, headers=headers or {})
        elapsed = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(queries), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--placements", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.test import Client

    from partenaria.accounts.models import ApiToken

    small_user = build("small", args.placements // 10)
    large_user = build("large", args.placements)
    pages = [
        ("Placements export (XLSX)", "/stages/export/stages.xlsx"),
        ("Monthly gratifications export (XLSX)", "/stages/export/gratifications.xlsx"),
        ("Statistics export (XLSX)", "/stages/export/statistiques.xlsx"),
        ("API agreements, first page of 100", "/api/v1/internships/agreements?limit=100"),
    ]
    rows, flat = [], True
    for label, url in pages:
        counts = []
        for user in (small_user, large_user):
            client = Client()
            client.force_login(user)
            headers = (
                {"Authorization": f"Bearer {ApiToken.issue(user)[1]}"} if url.startswith("/api/") else {}
            )
            request(client, url, headers)  # warm-up; the token's first use is written
            times = []
            for _ in range(args.runs):
                elapsed, queries, size = request(client, url, headers)
                times.append(elapsed)
            counts.append(queries)
        flat = flat and counts[0] == counts[1]
        rows.append(
            f"| {label} | `{url}` | {counts[0]} | {counts[1]} | {'yes' if counts[0] == counts[1] else '**no**'} "
            f"| {statistics.median(times) * 1000:.0f} | {max(times) * 1000:.0f} | {size // 1024} KiB |"
        )
    import django

    now = datetime.datetime.now(datetime.UTC)
    section = "\n".join(
        [
            SECTION,
            "",
            f"- Date: {now:%Y-%m-%d %H:%M} UTC; machine: {os.cpu_count()} CPU, {platform.platform()}; "
            f"Python {platform.python_version()}, Django {django.get_version()}, SQLite.",
            f"- Command: `.venv/bin/python bench/internships.py --placements {args.placements} --runs {args.runs}`.",
            f"- {args.placements} placements of one school in one Département (ten host sites, two in three "
            "gratified), read by the school's partnership officer; queries compared with the same request on "
            f"{args.placements // 10} placements. Times are wall-clock in the Django test client, at the full size.",
            "",
            "| request | URL | queries @1/10 | queries @full | constant | median ms | worst ms | size |",
            "|---|---|---:|---:|---|---:|---:|---:|",
            *rows,
            "",
        ]
    )
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if SECTION in text:
        start = text.index(SECTION)
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[following + 1 :] if following != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")
    print(section)
    return 0 if flat else 1


if __name__ == "__main__":
    sys.exit(main())
