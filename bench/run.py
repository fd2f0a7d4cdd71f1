"""Benchmark of the busiest pages at two data sizes, written to bench/RESULTS.md.

    make bench                                   # = .venv/bin/python bench/run.py
    .venv/bin/python bench/run.py --scales 0.02,1 --requests 50 --warmup 5
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partenaria_bench .venv/bin/python bench/run.py

For each scale: generate the data set (bench/generate.py), log in as the partnership officer of the
busiest Département, count the queries of one request to each page, then time ``--requests`` requests
to every page in turn (after ``--warmup`` untimed rounds), the bare view included, so that machine
noise hits every page alike. Exits with 1 when a page's query count differs between the scales or
a page fails; a page that does not exist yet is reported as "missing".
"""

import argparse
import datetime
import math
import os
import platform
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = BENCH_DIR / "RESULTS.md"
QUERY_LOG_DIR = BENCH_DIR / "data" / "queries"
ANALYSIS_MARKER = "<!-- Analysis below this line is kept when run.py rewrites the file. -->"
GOAL_RATIO = 3.0
# The filtered page of the convention list: parameters kept in the URL by the list's filter form.
FILTER_QUERY = "q=cadre&status=active&sort=-start"


@dataclass
class Page:
    key: str
    label: str
    url_name: str | None = None
    path: str | None = None
    query: str = ""
    api: bool = False
    # Template a placeholder view renders instead of the real page (the page is not built yet).
    placeholder_template: str = "dashboard/home.html"


PAGES = [
    Page("bare", "Bare view (empty template, baseline)", url_name="bench_bare"),
    Page("layout", "Empty page in the product's layout (base.html)", url_name="bench_layout"),
    Page("deadlines", "Échéances (deadlines:list)", url_name="deadlines:list"),
    Page("conventions", "Convention list, first page", url_name="conventions:convention_list"),
    Page(
        "conventions_filtered",
        "Convention list, filtered",
        url_name="conventions:convention_list",
        query=FILTER_QUERY,
    ),
    Page("api", "API GET /api/v1/conventions/", path="/api/v1/conventions/", api=True),
]


@dataclass
class Measure:
    url: str = ""
    state: str = "ok"  # ok, missing, error
    detail: str = ""
    status: int | None = None
    queries: int | None = None
    sql: list[str] = field(default_factory=list)
    size: int | None = None
    times: list[float] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    @property
    def p95(self) -> float | None:
        if not self.times:
            return None
        ordered = sorted(self.times)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


# --- Measuring ------------------------------------------------------------------------------------


def busiest_officer():
    """The partnership officer of the Département that is party to the most partnerships."""
    from django.db.models import Count

    from partenaria.organisations.models import Membership, Organisation, OrganisationKind, Role

    departement = (
        Organisation.objects.filter(kind=OrganisationKind.DEPARTEMENT)
        .annotate(partnership_count=Count("partnership_members"))
        .order_by("-partnership_count", "pk")
        .first()
    )
    membership = Membership.objects.select_related("user").get(
        organisation=departement, role=Role.PARTNERSHIP_OFFICER
    )
    return departement, membership.user


def resolve_url(page: Page) -> str | None:
    from django.urls import NoReverseMatch, Resolver404, resolve, reverse

    try:
        path = page.path or reverse(page.url_name)
        resolve(path)
    except (NoReverseMatch, Resolver404):
        return None
    return f"{path}?{page.query}" if page.query else path


def probe(page: Page, client, headers) -> Measure:
    """One request with the queries captured; tells a missing or failing page."""
    from django.db import connection
    from django.template import TemplateDoesNotExist
    from django.test.utils import CaptureQueriesContext

    url = resolve_url(page)
    if url is None:
        return Measure(state="missing", detail="no such URL")
    measure = Measure(url=url)
    try:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, headers=headers)
    except TemplateDoesNotExist as error:  # the view is written, its template not yet
        measure.state, measure.detail = "missing", f"template {error} not written yet"
        return measure
    except Exception as error:  # a page that crashes at scale is a result, not a crash of the bench
        measure.state, measure.detail = "error", f"{type(error).__name__}: {error}"[:300]
        return measure
    measure.status = response.status_code
    measure.queries = len(captured.captured_queries)
    measure.sql = [q["sql"] for q in captured.captured_queries]
    measure.size = len(response.content)
    templates = {t.name for t in getattr(response, "templates", []) if t.name}
    if page.key not in ("bare", "layout") and page.placeholder_template in templates:
        measure.state, measure.detail = "missing", f"placeholder ({page.placeholder_template})"
    elif page.api and response.status_code == 404:
        measure.state, measure.detail = "missing", "404"
    elif response.status_code != 200:
        measure.state, measure.detail = "error", f"HTTP {response.status_code}"
    elif page.query and (form := (response.context or {}).get("form")) is not None and form.errors:
        # A filter the form refuses is silently ignored: the "filtered" page would be the first one.
        measure.state, measure.detail = "error", f"filter refused by the form: {form.errors.as_text()}"[:300]
    return measure


def time_pages(pages, measures, clients, requests: int, warmup: int):
    """Every round requests every page once, so that noise is shared by all pages."""
    live = [p for p in pages if measures[p.key].state == "ok"]
    for round_ in range(warmup + requests):
        for page in list(live):
            client, headers = clients[page.api]
            started = time.perf_counter()
            try:
                client.get(measures[page.key].url, headers=headers)
            except Exception as error:  # changed under our feet (others edit the code meanwhile)
                measures[page.key].state = "error"
                measures[page.key].detail = f"while timing: {type(error).__name__}: {error}"[:300]
                live.remove(page)
                continue
            elapsed = time.perf_counter() - started
            if round_ >= warmup:
                measures[page.key].times.append(elapsed)


def measure_scale(scale: float, seed: int, requests: int, warmup: int, out=print):
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from generate import generate

    from partenaria.accounts.models import ApiToken
    from partenaria.conventions.models import Convention, Partnership

    counts = generate(scale, seed, out=out)
    departement, user = busiest_officer()
    visible = {
        "partnerships": Partnership.objects.visible_to(user).count(),
        "conventions": Convention.objects.visible_to(user).count(),
    }
    out(
        f"  busiest Département: {departement} ({visible['partnerships']} partnerships, {visible['conventions']} conventions)"
    )
    browser = Client()
    browser.force_login(user)
    _, raw_token = ApiToken.issue(user)
    clients = {False: (browser, {}), True: (Client(), {"Authorization": f"Bearer {raw_token}"})}

    # setup_test_environment records the templates of each response (to tell placeholders).
    setup_test_environment()
    try:
        measures = {page.key: probe(page, *clients[page.api]) for page in PAGES}
    finally:
        teardown_test_environment()
    for page in PAGES:
        m = measures[page.key]
        out(f"  {page.key:22} {m.state:8} queries={m.queries} {m.detail}")
    time_pages(PAGES, measures, clients, requests, warmup)
    return {
        "scale": scale,
        "counts": counts,
        "departement": str(departement),
        "user": user.email,
        "visible": visible,
        "measures": measures,
    }


# --- Reading the queries --------------------------------------------------------------------------

_LITERALS = re.compile(r"'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b")


def normalise(sql: str) -> str:
    sql = _LITERALS.sub("?", sql)
    return re.sub(r"\((?:\s*\?\s*,)+\s*\?\s*\)", "(?...)", sql)


def query_growth(small: Measure, large: Measure) -> list[tuple[int, int, str]]:
    """The query shapes whose number differs between the scales (the N+1 suspects)."""
    a = Counter(normalise(s) for s in small.sql)
    b = Counter(normalise(s) for s in large.sql)
    return sorted(
        ((a[shape], b[shape], shape) for shape in set(a) | set(b) if a[shape] != b[shape]),
        key=lambda row: -abs(row[1] - row[0]),
    )


def write_query_logs(runs):
    QUERY_LOG_DIR.mkdir(parents=True, exist_ok=True)
    for run in runs:
        for key, m in run["measures"].items():
            if m.sql:
                path = QUERY_LOG_DIR / f"{key}-scale-{run['scale']:g}.sql"
                path.write_text("\n".join(f"{s};" for s in m.sql) + "\n")


# --- Report ---------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import django
    from django.db import connection

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("SELECT sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]} (file {Path(connection.settings_dict['NAME']).relative_to(ROOT)})"
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": database,
        "os": platform.platform(),
    }


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value * 1000:.1f}"


def verdicts(runs) -> tuple[list[str], bool]:
    """Problems found, and whether the run fails (query counts not constant or a page failing)."""
    problems, failed = [], False
    small, large = runs[0], runs[-1]
    bare_p95 = large["measures"]["bare"].p95
    for page in PAGES:
        a, b = small["measures"][page.key], large["measures"][page.key]
        if "error" in (a.state, b.state):
            failed = True
            problems.append(f"**{page.label}** fails: {(a if a.state == 'error' else b).detail}")
            continue
        if "missing" in (a.state, b.state):
            continue
        if a.queries != b.queries:
            failed = True
            lines = [
                f"**{page.label}**: {a.queries} queries at scale {small['scale']:g}, {b.queries} at "
                f"scale {large['scale']:g}: the count grows with the data. Query shapes whose number changes:"
            ]
            for n_small, n_large, shape in query_growth(a, b)[:5]:
                lines.append(f"  - {n_small} → {n_large} × `{shape[:300]}`")
            problems.append("\n".join(lines))
        if page.key not in ("bare", "layout") and bare_p95 and b.p95 and b.p95 / bare_p95 > GOAL_RATIO:
            problems.append(
                f"**{page.label}**: p95 {ms(b.p95)} ms is {b.p95 / bare_p95:.1f}× the bare view's "
                f"({ms(bare_p95)} ms) at scale {large['scale']:g}; goal ≤ {GOAL_RATIO:g}×."
            )
    return problems, failed


def render(runs, args, command: str) -> str:
    info = machine()
    large = runs[-1]
    bare_p95 = {run["scale"]: run["measures"]["bare"].p95 for run in runs}
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC",
        f"- Machine: {info['nproc']} CPU ({info['cpu']}), {info['os']}",
        f"- Python {info['python']}, Django {info['django']}, {info['database']}",
        f"- Command: `{command}`",
        f"- Requests: {args.requests} timed per page and scale after {args.warmup} warm-up rounds, "
        "pages interleaved; times are wall-clock in the Django test client (no network, no web server).",
        f"- Logged in as the partnership officer of the busiest Département: {large['departement']}.",
        "",
        "## Data sets",
        "",
        "| | " + " | ".join(f"scale {run['scale']:g}" for run in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for key in ("partnership", "convention", "party", "article", "commitment", "amendmentchange"):
        lines.append(f"| {key} rows | " + " | ".join(f"{run['counts'].get(key, 0):,}" for run in runs) + " |")
    for key in ("partnerships", "conventions"):
        lines.append(
            f"| {key} visible to the officer | "
            + " | ".join(f"{run['visible'][key]:,}" for run in runs)
            + " |"
        )
    header = (
        "| Page | URL | "
        + " | ".join(f"queries @{run['scale']:g}" for run in runs)
        + " | constant | "
        + " | ".join(f"median ms @{run['scale']:g} | p95 ms @{run['scale']:g}" for run in runs)
        + f" | p95 / bare p95 @{large['scale']:g} | size @{large['scale']:g} |"
    )
    lines += [
        "",
        "## Pages",
        "",
        header,
        "|---|---|" + "---:|" * len(runs) + "---|" + "---:|" * (2 * len(runs)) + "---:|---:|",
    ]
    for page in PAGES:
        ms_list = [run["measures"][page.key] for run in runs]
        state = {m.state for m in ms_list} - {"ok"}
        if state:
            detail = "; ".join(sorted({f"{m.state}: {m.detail}" for m in ms_list if m.state != "ok"}))
            lines.append(
                f"| {page.label} | `{ms_list[-1].url or page.url_name or page.path}` | "
                + " | ".join("–" for _ in runs)
                + f" | {detail} | "
                + " | ".join("– | –" for _ in runs)
                + " | – | – |"
            )
            continue
        constant = "yes" if len({m.queries for m in ms_list}) == 1 else "**NO**"
        ratio = ms_list[-1].p95 / bare_p95[large["scale"]] if bare_p95[large["scale"]] else None
        ratio_text = (
            "–" if ratio is None else (f"{ratio:.1f}×" if ratio <= GOAL_RATIO else f"**{ratio:.1f}×**")
        )
        lines.append(
            f"| {page.label} | `{ms_list[-1].url}` | "
            + " | ".join(str(m.queries) for m in ms_list)
            + f" | {constant} | "
            + " | ".join(f"{ms(m.median)} | {ms(m.p95)}" for m in ms_list)
            + f" | {ratio_text if page.key != 'bare' else '1.0×'} | {ms_list[-1].size / 1024:.0f} KiB |"
        )
    problems, failed = verdicts(runs)
    lines += ["", "## Verdict", ""]
    if problems:
        lines += [f"- {p}" for p in problems]
    missing = [p.label for p in PAGES if any(run["measures"][p.key].state == "missing" for run in runs)]
    if missing:
        lines.append(f"- Not measured, not built yet: {', '.join(missing)}.")
    if not problems:
        lines.append(
            f"- Every measured page has a constant number of queries and a p95 within {GOAL_RATIO:g}× the bare view."
        )
    lines += [
        "",
        "The SQL of each probed request is in `bench/data/queries/<page>-scale-<scale>.sql` (not committed).",
        "",
    ]
    return "\n".join(lines), failed


def keep_analysis() -> str:
    if RESULTS.exists():
        text = RESULTS.read_text()
        if ANALYSIS_MARKER in text:
            return text[text.index(ANALYSIS_MARKER) :]
    return ANALYSIS_MARKER + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="0.02,1", help="comma-separated, smallest first (default 0.02,1)")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--output", type=Path, default=RESULTS, help="default bench/RESULTS.md")
    parser.add_argument(
        "--pages",
        default="",
        help=f"comma-separated subset of {', '.join(p.key for p in PAGES)} (the bare view is always measured)",
    )
    args = parser.parse_args(argv)
    if args.pages:
        wanted = {"bare", *args.pages.split(",")}
        unknown = wanted - {p.key for p in PAGES}
        if unknown:
            parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
        PAGES[:] = [p for p in PAGES if p.key in wanted]
    scales = sorted(float(s) for s in args.scales.split(","))
    if len(scales) < 2:
        parser.error("give two scales at least, to compare the query counts")

    sys.path.insert(0, str(BENCH_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from generate import DEFAULT_SEED

    seed = DEFAULT_SEED if args.seed is None else args.seed
    runs = []
    for scale in scales:
        print(f"scale {scale:g}")
        runs.append(measure_scale(scale, seed, args.requests, args.warmup))
    write_query_logs(runs)

    command = ".venv/bin/python bench/run.py" + (
        f" --scales {args.scales}" if args.scales != "0.02,1" else ""
    )
    if args.pages:
        command += f" --pages {args.pages}"
    if args.requests != 50 or args.warmup != 5:
        command += f" --requests {args.requests} --warmup {args.warmup}"
    if os.environ.get("DATABASE_URL"):
        command = f"DATABASE_URL={os.environ['DATABASE_URL']} {command}"
    text, failed = render(runs, args, command)
    if args.output == RESULTS:
        text = text + "\n" + keep_analysis()
    args.output.write_text(text)
    print(text.split("## Verdict")[1] if "## Verdict" in text else text)
    print(f"written to {args.output}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
