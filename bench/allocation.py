"""Benchmark of the allocation assistant (IN9) against the greedy baseline, with its data generator.

    .venv/bin/python bench/allocation.py                    # region and country, writes RESULTS.md
    .venv/bin/python bench/allocation.py --sizes tiny       # a few seconds
    .venv/bin/python bench/allocation.py --write-json region /tmp/region.json   # the input, as JSON

Each (size, method) runs in its own process, so that the peak memory (``ru_maxrss``) is its own:
the generation of the data is measured too (``rss before``) and the solver's share is the rise.
Django is not needed: the solver is pure.
"""

import argparse
import datetime
import json
import os
import re
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from partenaria.allocation import jsonio, solver  # noqa: E402

SIZES = {
    "tiny": {"students": 200, "offers": 120, "regions": 1},
    "region": {"students": 5_000, "offers": 3_000, "regions": 1},
    "country": {"students": 60_000, "offers": 40_000, "regions": 13},
}
SEED = 20261203
WISHES = 5
# Diplomas and their share of students (ASS, ES and EJE are most of the flow).
DIPLOMAS = {"ASS": 0.25, "ES": 0.25, "EJE": 0.15, "ME": 0.15, "AES": 0.10, "CESF": 0.05, "TISF": 0.05}
TRANSPORTS = (("public_transport", 0.55), ("car", 0.30), ("bike", 0.10), ("walk", 0.05))
YEAR = 2026


def _periods(diploma_index: int) -> list[tuple[datetime.date, datetime.date]]:
    """Three fixed periods per diploma (the schools' calendars), shifted a little between diplomas."""
    base = datetime.date(YEAR, 10, 5) + datetime.timedelta(weeks=diploma_index % 3)
    return [
        (base, base + datetime.timedelta(weeks=8, days=-3)),
        (base + datetime.timedelta(weeks=13), base + datetime.timedelta(weeks=23, days=-3)),
        (base + datetime.timedelta(weeks=27), base + datetime.timedelta(weeks=39, days=-3)),
    ]


def generate(size: str, seed: int = SEED) -> solver.Problem:
    """A seeded region (or country of regions): towns, hosts, sites, tutors, offers, students, wishes."""
    spec = SIZES[size]
    rng = np.random.default_rng(seed)
    regions = spec["regions"]
    codes = list(DIPLOMAS)
    weights = np.array(list(DIPLOMAS.values()))
    sites, tutors, offers, students, existing = [], [], [], [], []
    offer_turn: list[int] = []  # which of its diploma's three periods each offer takes
    offers_per_region = spec["offers"] // regions
    students_per_region = spec["students"] // regions
    for region in range(regions):
        centre = (44.0 + 5.5 * rng.random(), -1.5 + 7.5 * rng.random())
        towns = np.column_stack((centre[0] + rng.normal(0, 0.35, 40), centre[1] + rng.normal(0, 0.5, 40)))
        town_weight = rng.zipf(1.6, 40).astype(float)
        town_weight /= town_weight.sum()
        # Host legal entities (Départements, cities, CCAS, associations) and their sites.
        n_sites = max(2, offers_per_region // 3)
        n_hosts = max(1, n_sites // 8)
        site_town = rng.choice(40, n_sites, p=town_weight)
        for k in range(n_sites):
            lat, lon = towns[site_town[k]] + rng.normal(0, 0.02, 2)
            headcount = int(
                rng.choice([8, 12, 15, 25, 40, 80, 150], p=[0.2, 0.2, 0.15, 0.15, 0.15, 0.1, 0.05])
            )
            sites.append(
                solver.Site(f"r{region}s{k}", f"r{region}h{k % n_hosts}", headcount, float(lat), float(lon))
            )
        first_site = len(sites) - n_sites
        region_offers: dict[str, list[int]] = {c: [] for c in codes}
        tutor_of: dict[tuple[int, str], list[str]] = {}
        popularity = []
        for k in range(offers_per_region):
            site = sites[first_site + int(rng.integers(n_sites))]
            d = int(rng.choice(len(codes), p=weights))
            code = codes[d]
            turn = int(rng.integers(3))
            start, end = _periods(d)[turn]
            offer_turn.append(turn)
            key = (first_site + int(site.id.split("s")[-1]), code)
            pool = tutor_of.setdefault(key, [])
            if not pool or (len(pool) < 3 and rng.random() < 0.3):
                tutor = solver.Tutor(f"{site.id}t{code}{len(pool)}", site.id, code)
                tutors.append(tutor)
                pool.append(tutor.id)
            tutor_id = pool[int(rng.integers(len(pool)))] if rng.random() > 0.02 else None
            places = int(rng.choice([1, 1, 1, 2, 2, 3]))
            collective = places > 1 and rng.random() < 0.3
            offer = solver.Offer(
                id=f"r{region}o{k}",
                site=site.id,
                diploma=code,
                places=places,
                start=start,
                end=end,
                tutor=tutor_id,
                post=f"post {k % 7}",
                collective=collective,
            )
            offers.append(offer)
            region_offers[code].append(len(offers) - 1)
            popularity.append(float(rng.pareto(1.5) + 1))
            if rng.random() < 0.08 and tutor_id:  # an internship of another school already there
                existing.append(solver.Existing(site.id, start, end, tutor_id, offer.post, offer.single_post))
        popularity = np.array([0.0] * (len(offers) - len(popularity)) + popularity)
        where = {x.id: (x.lat, x.lon) for x in sites[first_site:]}
        off_lat = np.array([where.get(o.site, (0.0, 0.0))[0] for o in offers])
        off_lon = np.array([where.get(o.site, (0.0, 0.0))[1] for o in offers])
        turns = np.array(offer_turn)
        student_town = rng.choice(40, students_per_region, p=town_weight)
        for k in range(students_per_region):
            d = int(rng.choice(len(codes), p=weights))
            code = codes[d]
            lat, lon = towns[student_town[k]] + rng.normal(0, 0.02, 2)
            periods = _periods(d)
            own_turn = int(rng.integers(3))
            only_own = rng.random() < 0.8
            available = (periods[own_turn],) if only_own else tuple(periods)
            pool = np.array(region_offers[code])
            wishes: tuple[str, ...] = ()
            if len(pool):
                km = np.hypot((off_lat[pool] - lat) * 111, (off_lon[pool] - lon) * 76)
                w = popularity[pool] / (1 + km / 15)
                # Students mostly wish offers they can take; one wish in ten is outside their period.
                fits = turns[pool] == own_turn if only_own else np.ones(len(pool), dtype=bool)
                w = w * np.where(fits, 1.0, 0.1)
                n = min(WISHES, len(pool))
                picked = rng.choice(len(pool), n, replace=False, p=w / w.sum())
                wishes = tuple(offers[pool[i]].id for i in picked)
            hours = {}
            if rng.random() < 0.05:
                hours[sites[first_site + int(rng.integers(n_sites))].host] = Decimal(
                    int(rng.choice([300, 600, 800]))
                )
            transport = rng.choice([t for t, _ in TRANSPORTS], p=[p for _, p in TRANSPORTS])
            students.append(
                solver.Student(
                    id=f"r{region}e{k}",
                    diploma=code,
                    wishes=wishes,
                    available=available,
                    lat=float(lat),
                    lon=float(lon),
                    transport=str(transport),
                    hours_by_host=hours,
                )
            )
    return solver.Problem(tuple(students), tuple(offers), tuple(tutors), tuple(sites), tuple(existing))


def _metrics(problem: solver.Problem, assignment: dict[str, str]) -> dict:
    index = solver.Index(problem)
    ranks = []
    for student in problem.students:
        offer = assignment.get(student.id)
        if offer is not None:
            ranks.append(student.wishes.index(offer) + 1)
    broken = solver.check(problem, assignment)
    return {
        "placed": len(ranks),
        "first_wish_share": sum(r == 1 for r in ranks) / len(ranks) if ranks else 0.0,
        "mean_rank": sum(ranks) / len(ranks) if ranks else None,
        "travel_minutes": sum(
            solver.travel_minutes(index.students[s], index.sites[index.offers[o].site])
            for s, o in assignment.items()
        ),
        "rules_broken": len(broken),
    }


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(size: str, method: str) -> dict:
    t0 = time.perf_counter()
    problem = generate(size)
    generated = time.perf_counter() - t0
    rss_before = _rss_mib()
    t1 = time.perf_counter()
    extra = {}
    if method == "greedy":
        assignment = solver.greedy(problem).assignment
    else:
        result = solver.solve(problem)
        assignment = result.assignment
        extra = {
            "max_flow": result.max_flow,
            "upper_bound": result.upper_bound,
            "proven_maximum": result.proven_maximum,
            "completed_exactly": result.completed,
            "used_greedy": result.used_greedy,
        }
    seconds = time.perf_counter() - t1
    out = {
        "size": size,
        "method": method,
        "students": len(problem.students),
        "offers": len(problem.offers),
        "places": sum(o.places for o in problem.offers),
        "generate_seconds": round(generated, 2),
        "seconds": round(seconds, 2),
        "rss_before_mib": round(rss_before, 1),
        "peak_rss_mib": round(_rss_mib(), 1),
        **extra,
    }
    out.update(_metrics(problem, assignment))
    return out


MARKER = "## Allocation assistant (IN9)"


def _table(rows: list[dict]) -> str:
    lines = [
        "| size | method | students | offers (places) | placed | first wish | mean rank | time (s) | peak RSS MiB (before solve) | rules broken | proof |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        proof = ""
        if r["method"] == "assistant":
            proof = (
                f"upper bound {r['upper_bound']:,}: **proven maximum**"
                if r["proven_maximum"]
                else f"max flow {r['max_flow']:,}, upper bound {r['upper_bound']:,}"
            )
        mean = f"{r['mean_rank']:.3f}" if r["mean_rank"] is not None else "—"
        lines.append(
            f"| {r['size']} | {r['method']} | {r['students']:,} | {r['offers']:,} ({r['places']:,}) | {r['placed']:,} "
            f"| {r['first_wish_share']:.1%} | {mean} | {r['seconds']:.2f} | {r['peak_rss_mib']:.0f} ({r['rss_before_mib']:.0f}) "
            f"| {r['rules_broken']} | {proof} |"
        )
    return "\n".join(lines)


def write_results(rows: list[dict], sizes: list[str]) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text()
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"{MARKER}\n\n"
        f"Measured on {now}, {os.cpu_count()} CPU (load average {os.getloadavg()[0]:.1f} when the "
        f"run ended: the machine is shared, times vary with it), Python {sys.version.split()[0]}, OR-Tools "
        f"{__import__('ortools').__version__}; seed {SEED}, {WISHES} ranked wishes per student.\n"
        f"Command: `.venv/bin/python bench/allocation.py --sizes {' '.join(sizes)}` "
        "(each size and method in its own process; the data generation is not timed).\n\n"
        f"{_table(rows)}\n\n"
        "_Generated by bench/allocation.py; the analysis follows._\n"
    )
    if MARKER in text:
        before, after = text.split(MARKER, 1)
        rest = re.split(r"\n(?=## )", after, maxsplit=1)
        tail = "\n" + rest[1] if len(rest) > 1 else ""
        # Keep the hand-written analysis of this section (after the generated line).
        analysis = after.split("_Generated by bench/allocation.py; the analysis follows._\n", 1)
        kept = analysis[1].split("\n## ", 1)[0] if len(analysis) > 1 else ""
        text = before + section + kept + tail
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", nargs="+", default=["region", "country"], choices=list(SIZES))
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "METHOD"), help=argparse.SUPPRESS)
    parser.add_argument("--write-json", nargs=2, metavar=("SIZE", "PATH"), help="write the generated input")
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md")
    args = parser.parse_args()
    if args.write_json:
        size, target = args.write_json
        Path(target).write_text(json.dumps(jsonio.problem_to_json(generate(size))))
        return 0
    if args.one:
        print(json.dumps(run_one(*args.one)))
        return 0
    rows = []
    for size in args.sizes:
        for method in ("greedy", "assistant"):
            done = subprocess.run(  # noqa: S603 (this script, with its own arguments)
                [sys.executable, __file__, "--one", size, method], capture_output=True, text=True, check=True
            )
            row = json.loads(done.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(json.dumps(row), flush=True)
    print(_table(rows))
    if not args.no_write:
        write_results(rows, args.sizes)
    worse = [
        (a["size"], a["placed"], g["placed"])
        for g, a in zip(rows[::2], rows[1::2], strict=True)
        if a["placed"] < g["placed"] or a["rules_broken"]
    ]
    return 1 if worse else 0


if __name__ == "__main__":
    sys.exit(main())
