"""Load test on loopback (trust 27): mixed traffic of several people for a bounded time.

    .venv/bin/python bench/load.py                        # national data set, 60 s, 8 people
    .venv/bin/python bench/load.py --reuse --duration 30  # keep bench/data/bench.sqlite3 as it is
    .venv/bin/python bench/load.py --scale 0.01 --duration 8 --people 4   # the short form (tests)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partenaria_bench .venv/bin/python bench/load.py

What it does:
1. loads the bench's data set (bench/generate.py) at ``--scale`` into the bench database (its name
   must contain "bench"; it is emptied), unless ``--reuse``;
2. opens a session and an API token for the partnership officers of the ``--people`` Départements
   that are party to the most partnerships (the busiest sees about 900 conventions at national scale);
3. serves the product with gunicorn on 127.0.0.1 (gthread workers, ``bench.load_settings``: no debug,
   the API's per-user limit lifted);
4. each person (one thread, one kept-alive connection) first opens every page of ``MIX`` once, as a
   person looking around does (so every page is measured however short or slow the run), then
   requests pages one after the other, drawn at random with the weights of ``MIX`` (dashboard,
   échéances, convention list, one of their conventions, the API's lists), until ``--duration``
   seconds have passed;
5. prints, per page, the number of requests, errors, median, p95 and its budget; the requests per
   second of the run; exits with 1 on any error (an answer other than 200, or a failed connection) or
   when a page's p95 exceeds its budget in ``BUDGETS_MS`` (``--no-budgets`` to only measure).

The budgets (``BUDGETS_MS``) are p95 latencies in milliseconds for the standard run: the national data
set, 8 people requesting without pause, gunicorn 2 workers x 4 threads on the project's 2-core machine.
They are latencies under saturation (each request waits for the others: about four times what one
request alone takes), not those of one person: the page a person opens alone answers in a fraction of
it (bench/RESULTS.md, « Pages »). A page that gets slower than its budget (a lost index, a query per
row) fails the run. They hold for a machine that does nothing else: the script prints the load average
before and after, and warns when it was above the number of cores before the run (other work then
takes its share of the cores and the figures are not comparable; run again on a calm machine, or
give ``--budget-factor``). Pages not listed have no budget.
"""

import argparse
import http.client
import os
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# page -> weight: what an officer's day looks like (lists and the dashboard more than details).
MIX = {
    "dashboard": 20,
    "deadlines": 15,
    "conventions": 20,
    "convention": 20,
    "api_conventions": 15,
    "api_partnerships": 10,
}

# page -> p95 budget in milliseconds for the standard run (see the module's docstring).
BUDGETS_MS = {
    "dashboard": 3000,
    "deadlines": 2500,
    "conventions": 2000,
    "convention": 2000,
    "api_conventions": 2000,
    "api_partnerships": 2000,
}


@dataclass
class Person:
    cookie: str
    token: str
    paths: dict[str, list[str]]


@dataclass
class Tally:
    seconds: dict[str, list[float]] = field(default_factory=lambda: {page: [] for page in MIX})
    errors: dict[str, list[str]] = field(default_factory=lambda: {page: [] for page in MIX})
    lock: threading.Lock = field(default_factory=threading.Lock)


def prepare(scale: float | None, people: int) -> list[Person]:
    """Load the data set (unless ``scale`` is None) and open a session and a token per person."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.load_settings"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django.urls import reverse

    from bench.generate import generate
    from partenaria.accounts.models import ApiToken
    from partenaria.conventions.models import Convention
    from partenaria.organisations.models import Membership, Organisation, OrganisationKind, Role

    if scale is not None:
        generate(scale, out=lambda *args: None)
    departements = (
        Organisation.objects.filter(kind=OrganisationKind.DEPARTEMENT)
        .annotate(partnership_count=Count("partnership_members"))
        .order_by("-partnership_count", "pk")[:people]
    )
    # The first backend that can load a user from a session (axes' backend only counts failures).
    backend = next(
        path for path in settings.AUTHENTICATION_BACKENDS if hasattr(load_backend(path), "get_user")
    )
    result = []
    for departement in departements:
        user = Membership.objects.get(organisation=departement, role=Role.PARTNERSHIP_OFFICER).user
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        _, token = ApiToken.issue(user)
        conventions = (
            Convention.objects.of_organisation(departement).order_by("pk").values_list("pk", flat=True)
        )
        paths = {
            "dashboard": [reverse("dashboard:home")],
            "deadlines": [reverse("deadlines:list")],
            "conventions": [reverse("conventions:convention_list")],
            "convention": [reverse("conventions:convention_detail", args=[pk]) for pk in conventions[:50]],
            "api_conventions": ["/api/v1/conventions/"],
            "api_partnerships": ["/api/v1/partnerships/"],
        }
        if not paths["convention"]:
            continue
        result.append(Person(f"{settings.SESSION_COOKIE_NAME}={session.session_key}", token, paths))
    if not result:
        raise SystemExit("No Département with conventions in the bench database: generate it first.")
    return result


def browse(port: int, person: Person, until: float, seed: int, tally: Tally) -> None:
    """One person's requests, one after the other on a kept-alive connection: a first tour of every
    page (whatever the time), then pages drawn with the weights of ``MIX`` until ``until``."""
    draw = random.Random(seed)
    pages, weights = list(MIX), list(MIX.values())
    tour = pages[seed % len(pages) :] + pages[: seed % len(pages)]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while tour or time.monotonic() < until:
        page = tour.pop(0) if tour else draw.choices(pages, weights)[0]
        path = draw.choice(person.paths[page])
        headers = (
            {"Authorization": f"Bearer {person.token}"}
            if page.startswith("api_")
            else {"Cookie": person.cookie}
        )
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status, error = response.status, None if response.status == 200 else f"{path}: {response.status}"
        except (OSError, http.client.HTTPException) as exc:
            status, error = None, f"{path}: {type(exc).__name__}: {exc}"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        elapsed = time.perf_counter() - started
        with tally.lock:
            tally.seconds[page].append(elapsed)
            if error or status != 200:
                tally.errors[page].append(error)
    connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def over_budget(pages: dict, factor: float = 1.0) -> list[str]:
    """The pages whose p95 exceeds their budget (times ``factor``), as readable lines."""
    return [
        f"{page}: p95 {figures['p95_ms']} ms > budget {BUDGETS_MS[page] * factor:g} ms"
        for page, figures in pages.items()
        if page in BUDGETS_MS and figures["requests"] and figures["p95_ms"] > BUDGETS_MS[page] * factor
    ]


def run(
    *,
    scale: float | None,
    duration: float,
    people: int,
    workers: int,
    threads: int,
    budget_factor: float = 1.0,
) -> dict:
    """Prepare, serve, browse for ``duration`` seconds; return the figures per page and the budgets
    exceeded (``over_budget``: empty when every page is within its budget)."""
    from bench.registrations import free_port, start_server, stop_server

    persons = prepare(scale, people)
    load_before = os.getloadavg()
    port = free_port()
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.load_settings"
    os.environ.setdefault("PARTENARIA_CACHE", "locmem")
    server = start_server(port, workers, threads)
    tally = Tally()
    try:
        until = time.monotonic() + duration
        started = time.monotonic()
        browsers = [
            threading.Thread(target=browse, args=(port, person, until, 1000 + i, tally))
            for i, person in enumerate(persons)
        ]
        for thread in browsers:
            thread.start()
        for thread in browsers:
            thread.join(timeout=duration + 120)
        elapsed = time.monotonic() - started
    finally:
        stop_server(server)
    pages = {
        page: {
            "requests": len(seconds),
            "errors": len(tally.errors[page]),
            "p50_ms": round(statistics.median(seconds) * 1000, 1) if seconds else 0.0,
            "p95_ms": round(percentile(seconds, 0.95) * 1000, 1),
            "budget_ms": BUDGETS_MS.get(page, 0) * budget_factor or None,
            "first_errors": tally.errors[page][:3],
        }
        for page, seconds in tally.seconds.items()
    }
    total = sum(p["requests"] for p in pages.values())
    return {
        "people": len(persons),
        "seconds": round(elapsed, 1),
        "requests": total,
        "errors": sum(p["errors"] for p in pages.values()),
        "per_second": round(total / elapsed, 1),
        "pages": pages,
        "over_budget": over_budget(pages, budget_factor),
        "database": _database_vendor(),
        # The machine is shared: its load average (1, 5, 15 min) before and after the traffic.
        "load_before": [round(value, 2) for value in load_before],
        "load_after": [round(value, 2) for value in os.getloadavg()],
    }


def _database_vendor() -> str:
    from django.db import connection

    return connection.vendor


def report(result: dict) -> str:
    lines = [
        f"{result['people']} people, {result['seconds']} s, {result['requests']} requests, "
        f"{result['per_second']} requests/s, {result['errors']} errors, database {result['database']}",
        f"load average before {result['load_before']}, after {result['load_after']} (1, 5, 15 min)",
        "",
        "| page | requests | errors | p50 (ms) | p95 (ms) | p95 budget (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page, figures in result["pages"].items():
        budget = f"{figures['budget_ms']:g}" if figures["budget_ms"] else "none"
        lines.append(
            f"| {page} | {figures['requests']} | {figures['errors']} | {figures['p50_ms']} "
            f"| {figures['p95_ms']} | {budget} |"
        )
    for page, figures in result["pages"].items():
        for error in figures["first_errors"]:
            lines.append(f"error on {page}: {error}")
    for line in result["over_budget"]:
        lines.append(f"over budget: {line}")
    if result["load_before"][0] > (os.cpu_count() or 1):
        lines.append(
            f"warning: load average {result['load_before'][0]} before the run, above the {os.cpu_count()} "
            "cores: other work took its share, the figures are not comparable with the budgets"
        )
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="data set size; 1.0 = national")
    parser.add_argument("--reuse", action="store_true", help="keep the bench database as it is")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of traffic")
    parser.add_argument("--people", type=int, default=8, help="simultaneous people (threads)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--budget-factor", type=float, default=1.0, help="multiply every p95 budget")
    parser.add_argument("--no-budgets", action="store_true", help="measure only: fail on errors alone")
    args = parser.parse_args(argv)
    result = run(
        scale=None if args.reuse else args.scale,
        duration=args.duration,
        people=args.people,
        workers=args.workers,
        threads=args.threads,
        budget_factor=args.budget_factor,
    )
    print(report(result))
    if result["errors"] or not result["requests"]:
        return 1
    return 1 if result["over_budget"] and not args.no_budgets else 0


if __name__ == "__main__":
    sys.exit(main())
