"""Load test of the public registration link (EV1, issue 6): N people register at once for a colloquium.

    .venv/bin/python bench/registrations.py                                   # SQLite file, 200 people
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/partenaria_events_bench \\
        .venv/bin/python bench/registrations.py --people 260 --workers 3

What it does, bounded in time (``--timeout`` for the whole run):
1. prepares a separate database (its name must contain "bench"; it is emptied): migrations, one
   Département and one school in a partnership, and a 3-day colloquium of ``--places`` places (200,
   as the Erasmus+ colloquia [002]) open to outsiders, all its places in the general quota;
2. serves the product with gunicorn on 127.0.0.1 (``bench.settings``: no debug; e-mails kept in
   memory; the public link's rate limit lifted, since every request comes from the same address);
3. each of ``--people`` client threads opens the public registration page (CSRF cookie and token),
   waits for the others at a barrier, then posts its registration: all the posts leave together;
4. checks the database: confirmed registrations = places taken <= places, every other person on the
   waiting list, no error; prints the latencies of the posts (median, p95, max) and exits with 1 on any
   error or overbooking.
"""

import argparse
import http.client
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
QUOTA_RE = re.compile(r'<option value="(\d+)"')


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def prepare(places: int) -> str:
    """Empty the bench database, migrate, create the colloquium; return its public path."""
    import datetime

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    name = str(settings.DATABASES["default"]["NAME"])
    if "bench" not in name:
        raise SystemExit(f"Refusing to empty {name!r}: the bench database's name must contain 'bench'.")
    call_command("flush", interactive=False, verbosity=0) if _has_tables(connection) else None
    call_command("migrate", verbosity=0)

    from partenaria.conventions.models import Partnership, PartnershipMember
    from partenaria.events.models import Audience, Event, Quota
    from partenaria.organisations.models import Organisation

    dept = Organisation.objects.create(name="Département de l'Isère (bench)", kind="departement")
    school = Organisation.objects.create(name="École (bench)", kind="school")
    partnership = Partnership.objects.create(title="Erasmus+ (bench)")
    for organisation in (dept, school):
        PartnershipMember.objects.create(partnership=partnership, organisation=organisation)
    start = timezone.now() + datetime.timedelta(days=60)
    event = Event.objects.create(
        organiser=dept,
        partnership=partnership,
        kind="colloquium",
        title="Colloque « Les métiers du social du futur » (bench)",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=2, hours=8),
        place="Grenoble",
        capacity=places,
        is_public=True,
    )
    Quota.objects.create(event=event, audience=Audience.GENERAL, places=places, open_to_public=True)
    return event.public_url()


def _has_tables(connection) -> bool:
    return "django_migrations" in connection.introspection.table_names()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PARTENARIA_PUBLIC_REGISTRATION_PER_MINUTE": "1000000",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "partenaria.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--timeout",
        "60",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603 - our own gunicorn
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit("gunicorn did not start within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def person(port: int, path: str, i: int, barrier: threading.Barrier, results: list, timeout: float) -> None:
    """Open the page, wait for everybody, post the registration; record (status, seconds, error)."""
    try:
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        page.request("GET", path)
        response = page.getresponse()
        body = response.read().decode()
        cookie = next(
            v.split(";")[0]
            for k, v in response.getheaders()
            if k.lower() == "set-cookie" and "csrftoken" in v
        )
        page.close()
        token = TOKEN_RE.search(body).group(1)
        quota = QUOTA_RE.search(body).group(1)
    except Exception as exc:
        results[i] = (0, 0.0, f"page: {exc!r}")
        barrier.abort()
        return
    form = urlencode(
        {
            "csrfmiddlewaretoken": token,
            "quota": quota,
            "first_name": f"Participant{i}",
            "last_name": "Bench",
            "email": f"participant{i}@bench.test",
            "organisation_name": "Bench",
            "consent": "on",
        }
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie,
        "Referer": f"http://127.0.0.1:{port}{path}",
    }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        barrier.wait(timeout=timeout)
        started = time.perf_counter()
        connection.request("POST", path, body=form, headers=headers)
        response = connection.getresponse()
        response.read()
        results[i] = (response.status, time.perf_counter() - started, "")
    except Exception as exc:
        results[i] = (0, 0.0, repr(exc))
    finally:
        connection.close()


def check_database(places: int) -> dict:
    from partenaria.events.models import Quota, Registration

    quota = Quota.objects.get()
    confirmed = Registration.objects.filter(status="confirmed").count()
    waiting = Registration.objects.filter(status="waiting").count()
    return {"places": quota.places, "taken": quota.taken, "confirmed": confirmed, "waiting": waiting}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--places", type=int, default=200)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--timeout", type=float, default=120.0, help="bound of the whole run, seconds")
    args = parser.parse_args()

    setup_django()
    from django.db import connection

    path = prepare(args.places)
    connection.close()
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    results: list = [None] * args.people
    began = time.monotonic()
    try:
        barrier = threading.Barrier(args.people)
        threads = [
            threading.Thread(target=person, args=(port, path, i, barrier, results, args.timeout), daemon=True)
            for i in range(args.people)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=max(0.1, args.timeout - (time.monotonic() - began)))
    finally:
        stop_server(server)
    wall = time.monotonic() - began

    errors = [r for r in results if r is None or r[0] != 302]
    times = [r[1] for r in results if r is not None and r[0] == 302]
    state = check_database(args.places)
    overbooked = state["taken"] > state["places"] or state["confirmed"] != state["taken"]
    lost = state["confirmed"] + state["waiting"] != len(times)
    engine = connection.vendor
    print(f"{platform.node()} · {os.cpu_count()} CPU · Python {platform.python_version()} · {engine}")
    print(f"{args.people} people, {args.places} places, gunicorn {args.workers}×{args.threads} gthread")
    print(f"posts answered 302: {len(times)}, errors: {len(errors)}, run {wall:.1f} s")
    if times:
        print(
            f"post latency: median {statistics.median(times) * 1000:.0f} ms, "
            f"p95 {percentile(times, 0.95) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
        )
    print(
        f"database: {state['confirmed']} confirmed, {state['waiting']} waiting, quota {state['taken']}/{state['places']}"
    )
    for error in errors[:5]:
        print("error:", error)
    if errors or overbooked or lost:
        print(
            "FAILED: "
            + ", ".join(
                w for w, bad in [("errors", errors), ("overbooking", overbooked), ("lost", lost)] if bad
            )
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
