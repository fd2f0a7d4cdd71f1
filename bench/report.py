"""Benchmark of the annual progress report's generation (AP3, CV10), written into bench/RESULTS.md.

    .venv/bin/python bench/report.py                # SQLite file bench/data/report.sqlite3
    .venv/bin/python bench/report.py --runs 5

A convention of two parties with logos, a steering committee, and a plan of ``--actions`` actions
(one progress note each, in ten axes), ``--indicators`` indicators (four years of values) and
``--meetings`` meetings of the year (two decisions and one follow-up action each). The report is
generated as DOCX and PDF ``--runs`` times each (after one untimed run); the number of queries of a
generation is compared with the same report at a tenth of the size: it must not grow.
Goals of the governance issue: PDF under 3 s, DOCX under 1 s, queries flat.

Wall-clock times on a machine shared with other work include the time spent waiting for a core: the
CPU time of the process and the load average before and after are recorded next to them to tell a
busy machine from a slower program. One more PDF generation runs under cProfile and its time is split
into the steps of the rendering (``--no-profile`` skips it).
"""

import argparse
import cProfile
import datetime
import os
import platform
import pstats
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
SECTION = "## Progress report generation"
DATA = BENCH_DIR / "data"


def setup(name: str = "report") -> None:
    """A fresh SQLite database ``bench/data/<name>.sqlite3``, migrated, and Django set up on it."""
    DATA.mkdir(exist_ok=True)
    database = DATA / f"{name}.sqlite3"
    database.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_MEDIA_ROOT", str(DATA / "media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(size: str, *, actions: int, indicators: int, meetings: int):
    """One partnership and the report of this year, with the given amounts of data."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from partenaria.actionplan.models import Action, Axis, Indicator, IndicatorValue, ProgressNote
    from partenaria.conventions.models import Convention, Partnership, PartnershipMember, Party
    from partenaria.demo.documents import placeholder_logo
    from partenaria.governance.models import Action as FollowUp
    from partenaria.governance.models import Body, BodyKind, Decision, Meeting, MeetingStatus
    from partenaria.organisations.models import Membership, Organisation, OrganisationKind, Role
    from partenaria.reports.models import ProgressReport, ReportRule

    year = timezone.localdate().year
    dept = Organisation.objects.create(name=f"Département {size}", kind=OrganisationKind.DEPARTEMENT)
    school = Organisation.objects.create(name=f"École {size}", kind=OrganisationKind.SCHOOL)
    for organisation, colour in ((dept, (30, 80, 140)), (school, (160, 60, 40))):
        organisation.logo.save("logo.png", ContentFile(placeholder_logo(organisation.name[:2], colour)))
    officer = get_user_model().objects.create_user(email=f"officer-{size}@bench.invalid", password=None)
    Membership.objects.create(user=officer, organisation=dept, role=Role.PARTNERSHIP_OFFICER)
    partnership = Partnership.objects.create(title=f"Partenariat {size}")
    for organisation in (dept, school):
        PartnershipMember.objects.create(partnership=partnership, organisation=organisation)
    convention = Convention.objects.create(
        partnership=partnership,
        title=f"Convention {size}",
        status="active",
        start_date=datetime.date(year - 1, 1, 1),
        signature_date=datetime.date(year - 2, 12, 1),
        term_months=36,
    )
    for position, organisation in enumerate((dept, school)):
        Party.objects.create(convention=convention, organisation=organisation, position=position)
    ReportRule.objects.create(convention=convention, lead_months=1, quarter=4)
    axes = Axis.objects.bulk_create(
        Axis(convention=convention, title=f"Axe {n}", position=n) for n in range(10)
    )
    created = Action.objects.bulk_create(
        Action(
            axis=axes[n % 10],
            title=f"Action {n}",
            owner=dept if n % 2 else school,
            progress=n % 101,
            position=n,
        )
        for n in range(actions)
    )
    ProgressNote.objects.bulk_create(
        ProgressNote(
            action=action,
            noted_on=datetime.date(year, 1 + n % 12, 1),
            text="Avancement conforme au calendrier.",
            progress=action.progress,
            author_label="Agent",
        )
        for n, action in enumerate(created)
    )
    for n in range(indicators):
        indicator = Indicator.objects.create(convention=convention, name=f"Indicateur {n}", unit="nombre")
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=indicator, year=y, target=Decimal(10 + n), measured=Decimal(8 + n))
            for y in range(year - 3, year + 1)
        )
    body = Body.objects.create(
        partnership=partnership,
        kind=BodyKind.STEERING_COMMITTEE,
        name="Comité de pilotage",
        meetings_per_year=2,
    )
    for n in range(meetings):
        day = datetime.date(year, 1 + n % 11, 1 + n // 11)
        meeting = Meeting.objects.create(
            body=body,
            starts_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(14))),
            status=MeetingStatus.HELD if day < timezone.localdate() else MeetingStatus.PLANNED,
            place="Salle du conseil",
        )
        Decision.objects.bulk_create(
            Decision(meeting=meeting, number=k, text=f"Décision {k}") for k in (1, 2)
        )
        FollowUp.objects.create(
            meeting=meeting, text="Transmettre la synthèse", owner_organisation=dept, due_on=day
        )
    report = ProgressReport.objects.create(convention=convention, year=year, foreword="Bilan de l'année.")
    return officer, report


def generate(officer, report, fmt: str) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, queries, bytes) of one generation."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partenaria.reports.services import progress_report_generate

    with CaptureQueriesContext(connection) as queries:
        start, start_cpu = time.perf_counter(), time.process_time()
        document = progress_report_generate(by=officer, report=report, fmt=fmt)
        elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    return elapsed, cpu, len(queries), document.size


# The steps of a PDF generation, as (label, file path ending, function name) in the profile.
# Indented labels are parts of the step above them.
PDF_STEPS = (
    ("the whole service call", "partenaria/reports/services.py", "progress_report_generate"),
    ("reading the data into blocks (builder)", "partenaria/reports/builder.py", "build"),
    ("Django template to HTML", "partenaria/documents/renderers/pdf.py", "render_html"),
    ("HTML parsing", "weasyprint/__init__.py", "__init__"),
    (
        "CSS cascade (computed style of every element)",
        "weasyprint/css/__init__.py",
        "get_all_computed_styles",
    ),
    ("box tree", "weasyprint/formatting_structure/build.py", "build_formatting_structure"),
    ("layout into pages", "weasyprint/layout/__init__.py", "layout_document"),
    ("  of which tables", "weasyprint/layout/table.py", "table_layout"),
    ("  of which tables' column widths (auto layout)", "weasyprint/layout/table.py", "auto_table_layout"),
    ("  of which line breaking (Pango)", "weasyprint/text/line_break.py", "split_first_line"),
    ("drawing the pages", "weasyprint/document.py", "paint"),
    ("  of which table borders", "weasyprint/draw/__init__.py", "draw_collapsed_borders"),
    ("PDF structure tags (accessibility)", "weasyprint/pdf/tags.py", "add_tags"),
    ("fonts: subsetting and embedding", "weasyprint/pdf/fonts.py", "build_fonts_dictionary"),
    ("images (logos) decoded", "weasyprint/images.py", "get_image_from_uri"),
    ("PDF serialisation (pydyf)", "pydyf/__init__.py", "write"),
)


def profile_pdf(officer, report) -> list[str]:
    """Table rows: the share of each step of one PDF generation, from cProfile's cumulative times."""
    from partenaria.reports.services import progress_report_generate

    profiler = cProfile.Profile(time.process_time)
    profiler.runcall(progress_report_generate, by=officer, report=report, fmt="pdf")
    stats = pstats.Stats(profiler).stats  # {(file, line, function): (cc, nc, tottime, cumtime, callers)}
    cumulative: dict[str, float] = {}
    for label, path, function in PDF_STEPS:
        # A recursive function is counted once (cumtime is already inclusive).
        cumulative[label] = max(
            (
                value[3]
                for (file, _, name), value in stats.items()
                if file.endswith(path) and name == function
            ),
            default=0.0,
        )
    whole = cumulative[PDF_STEPS[0][0]] or 1.0
    return [f"| {label} | {cumulative[label] / whole:.0%} |" for label, _, _ in PDF_STEPS[1:]]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--meetings", type=int, default=20)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-profile", dest="profile", action="store_false")
    parser.add_argument(
        "--fonttools-subset",
        action="store_true",
        help="subset the PDF's fonts with WeasyPrint's pure-Python fallback, as without libharfbuzz-subset0",
    )
    args = parser.parse_args()
    load_before = os.getloadavg()
    setup()
    import weasyprint.pdf.fonts

    if args.fonttools_subset:
        weasyprint.pdf.fonts.harfbuzz_subset = None
    subsetter = "HarfBuzz" if weasyprint.pdf.fonts.harfbuzz_subset else "fontTools (pure Python)"
    small = build(
        "small", actions=args.actions // 10, indicators=args.indicators // 10, meetings=args.meetings // 10
    )
    large = build("large", actions=args.actions, indicators=args.indicators, meetings=args.meetings)
    rows, flat = [], True
    for fmt, goal in (("docx", 1.0), ("pdf", 3.0)):
        generate(*small, fmt)  # warm-up: fonts, templates, imports
        _, _, small_queries, _ = generate(*small, fmt)
        times, cpu_times, large_queries, size = [], [], 0, 0
        generate(*large, fmt)
        for _ in range(args.runs):
            elapsed, cpu, large_queries, size = generate(*large, fmt)
            times.append(elapsed)
            cpu_times.append(cpu)
        flat = flat and small_queries == large_queries
        median, worst = statistics.median(times), max(times)
        rows.append(
            f"| {fmt.upper()} | {small_queries} | {large_queries} | {'yes' if small_queries == large_queries else '**no**'} "
            f"| {median:.2f} | {worst:.2f} | {statistics.median(cpu_times):.2f} | {goal:.0f} "
            f"| {'met' if worst < goal else '**missed**'} | {size // 1024} KiB |"
        )
    load_after = os.getloadavg()
    profile = profile_pdf(*large) if args.profile else []
    import django

    now = datetime.datetime.now(datetime.UTC)
    section = "\n".join(
        [
            SECTION,
            "",
            f"- Date: {now:%Y-%m-%d %H:%M} UTC; machine: {os.cpu_count()} CPU, {platform.platform()}; "
            f"Python {platform.python_version()}, Django {django.get_version()}, SQLite; "
            f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after.",
            "- Command: `.venv/bin/python bench/report.py` "
            f"(--actions {args.actions} --indicators {args.indicators} --meetings {args.meetings} --runs {args.runs}"
            f"{' --fonttools-subset' if args.fonttools_subset else ''}); PDF fonts subset with {subsetter}.",
            f"- The report of a convention with {args.actions} actions (one progress note each, ten axes), "
            f"{args.indicators} indicators (four years of values) and {args.meetings} meetings of the year "
            "(two decisions and one follow-up action each), both parties with a logo; queries compared with the "
            "same report at a tenth of the size. Times are the whole service call: assembling the sections, "
            "rendering, writing the file, recording the version; the goal is judged on the worst wall-clock "
            "time. CPU s is the process's CPU time (median), the part of the time a busy machine does not inflate.",
            "",
            "| format | queries @1/10 | queries @full | constant | median s | worst s | CPU s | goal s | goal | size |",
            "|---|---:|---:|---|---:|---:|---:|---:|---|---:|",
            *rows,
            "",
        ]
    )
    if profile:
        section += "\n".join(
            [
                "",
                "Where the time of one PDF generation of the full report goes (cProfile on CPU time, "
                "cumulative share of the whole service call; the profiler slows Python code down, so the "
                "shares matter, not the seconds):",
                "",
                "| step | share |",
                "|---|---:|",
                *profile,
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
