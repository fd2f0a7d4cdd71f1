"""The allocation's JSON format (``docs/allocation.md``): a problem in, an assignment and its reasons out.

Pure and Django-free, so that anyone can rebuild a problem, solve it with another solver and compare
with :func:`result_to_json` (IN9).
"""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from . import solver as s

FORMAT = "partenaria-allocation/1"

#: English words of each outcome, written next to its code in the output.
MESSAGES = {
    s.OBTAINED: "wish obtained",
    s.NOT_NEEDED: "a better-ranked wish was obtained",
    s.LOCKED_ELSEWHERE: "a person locked the student on another offer",
    s.TAKEN: "all places taken by students with better claims",
    s.UNKNOWN_OFFER: "no such offer in this campaign",
    s.DIPLOMA: "the offer is for another diploma",
    s.TUTOR_QUALIFICATION: "the offer has no tutor holding its diploma",
    s.PERIOD: "the offer's period is outside the student's available periods",
    s.HOURS_CAP: "more than 924 h (6 months) in the same host this school year",
    s.WAITING_PERIOD: "waiting period on the same post after the previous internship",
    s.TUTOR_FULL: "the tutor already supervises 3 interns at once over the period",
    s.SITE_FULL: "the site already hosts its maximum of interns at once over the period",
}


class FormatError(ValueError):
    """The input does not follow the format; the message says where."""


def _date(value: Any, where: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise FormatError(f"{where}: expected an ISO date (YYYY-MM-DD), got {value!r}") from None


def _range(value: Any, where: str) -> tuple[datetime.date, datetime.date]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise FormatError(f"{where}: expected [start, end]")
    start, end = _date(value[0], where), _date(value[1], where)
    if end < start:
        raise FormatError(f"{where}: the end is before the start")
    return start, end


def _decimal(value: Any, where: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise FormatError(f"{where}: expected a number, got {value!r}") from None


def _point(value: Any) -> tuple[float | None, float | None]:
    if not value:
        return None, None
    return float(value["lat"]), float(value["lon"])


def problem_from_json(data: dict) -> s.Problem:
    """Read a problem; a wrong field raises :class:`FormatError` naming it."""
    if not isinstance(data, dict):
        raise FormatError("the top level must be an object")
    try:
        sites = []
        for site in data.get("sites", []):
            lat, lon = _point(site.get("location"))
            sites.append(s.Site(str(site["id"]), str(site["host"]), int(site.get("headcount", 0)), lat, lon))
        tutors = [
            s.Tutor(str(t["id"]), str(t["site"]), str(t["qualification"])) for t in data.get("tutors", [])
        ]
        site_ids = {site.id for site in sites}
        offers = []
        for i, o in enumerate(data.get("offers", [])):
            where = f"offers[{i}]"
            if str(o["site"]) not in site_ids:
                raise FormatError(f"{where}.site: unknown site {o['site']!r}")
            start, end = _range(o["period"], f"{where}.period")
            places = int(o["places"])
            if places < 1:
                raise FormatError(f"{where}.places: at least 1")
            offers.append(
                s.Offer(
                    id=str(o["id"]),
                    site=str(o["site"]),
                    diploma=str(o["diploma"]),
                    places=places,
                    start=start,
                    end=end,
                    tutor=str(o["tutor"]) if o.get("tutor") is not None else None,
                    post=str(o.get("post", "")),
                    collective=bool(o.get("collective", False)),
                    weekly_hours=_decimal(o.get("weekly_hours", 35), f"{where}.weekly_hours"),
                )
            )
        students = []
        for i, st in enumerate(data.get("students", [])):
            where = f"students[{i}]"
            lat, lon = _point(st.get("home"))
            students.append(
                s.Student(
                    id=str(st["id"]),
                    diploma=str(st["diploma"]),
                    wishes=tuple(str(w) for w in st.get("wishes", [])),
                    available=tuple(
                        _range(r, f"{where}.available[{j}]") for j, r in enumerate(st.get("available", []))
                    ),
                    lat=lat,
                    lon=lon,
                    transport=str(st.get("transport", s.DEFAULT_TRANSPORT)),
                    hours_by_host={
                        str(k): _decimal(v, f"{where}.hours_by_host")
                        for k, v in st.get("hours_by_host", {}).items()
                    },
                )
            )
        existing = []
        for i, e in enumerate(data.get("existing", [])):
            start, end = _range(e["period"], f"existing[{i}].period")
            existing.append(
                s.Existing(
                    site=str(e["site"]),
                    start=start,
                    end=end,
                    tutor=str(e["tutor"]) if e.get("tutor") is not None else None,
                    post=str(e.get("post", "")),
                    single_post=bool(e.get("single_post", False)),
                )
            )
        locks = tuple((str(lock["student"]), str(lock["offer"])) for lock in data.get("locks", []))
    except KeyError as exc:
        raise FormatError(f"missing field {exc.args[0]!r}") from None
    except (TypeError, ValueError) as exc:
        if isinstance(exc, FormatError):
            raise
        raise FormatError(str(exc)) from None
    ids = [st.id for st in students]
    if len(set(ids)) != len(ids):
        raise FormatError("students: two students have the same id")
    offer_ids = [o.id for o in offers]
    if len(set(offer_ids)) != len(offer_ids):
        raise FormatError("offers: two offers have the same id")
    return s.Problem(tuple(students), tuple(offers), tuple(tutors), tuple(sites), tuple(existing), locks)


def problem_to_json(problem: s.Problem) -> dict:
    """The problem as the format writes it (the web app exports a campaign this way)."""

    def rng(a, b):
        return [a.isoformat(), b.isoformat()]

    def point(lat, lon):
        return None if lat is None or lon is None else {"lat": lat, "lon": lon}

    return {
        "format": FORMAT,
        "sites": [
            {"id": x.id, "host": x.host, "headcount": x.headcount, "location": point(x.lat, x.lon)}
            for x in problem.sites
        ],
        "tutors": [{"id": t.id, "site": t.site, "qualification": t.qualification} for t in problem.tutors],
        "offers": [
            {
                "id": o.id,
                "site": o.site,
                "diploma": o.diploma,
                "places": o.places,
                "period": rng(o.start, o.end),
                "tutor": o.tutor,
                "post": o.post,
                "collective": o.collective,
                "weekly_hours": float(o.weekly_hours),
            }
            for o in problem.offers
        ],
        "students": [
            {
                "id": st.id,
                "diploma": st.diploma,
                "wishes": list(st.wishes),
                "available": [rng(a, b) for a, b in st.available],
                "home": point(st.lat, st.lon),
                "transport": st.transport,
                "hours_by_host": {k: float(v) for k, v in st.hours_by_host.items()},
            }
            for st in problem.students
        ],
        "existing": [
            {
                "site": e.site,
                "tutor": e.tutor,
                "period": rng(e.start, e.end),
                "post": e.post,
                "single_post": e.single_post,
            }
            for e in problem.existing
        ],
        "locks": [{"student": a, "offer": b} for a, b in problem.locks],
    }


def result_to_json(result: s.Result) -> dict:
    """The assignment, the figures and, per student, the fate of each wish."""
    return {
        "format": FORMAT,
        "summary": {
            "students": result.students,
            "placed": result.placed,
            "first_wish": result.first_wish,
            "mean_rank": round(result.mean_rank, 4) if result.mean_rank is not None else None,
            "rank_sum": result.rank_sum,
            "travel_minutes": result.travel_minutes,
            "max_flow": result.max_flow,
            "upper_bound": result.upper_bound,
            "proven_maximum": result.proven_maximum,
            "completed_exactly": result.completed,
            "used_greedy": result.used_greedy,
            "seconds": round(result.seconds, 3),
        },
        "assignments": [
            {
                "student": e.student,
                "offer": e.offer,
                "rank": e.rank,
                "locked": e.locked,
            }
            for e in result.explanations.values()
            if e.offer is not None
        ],
        "explanations": [
            {
                "student": e.student,
                "placed": e.offer is not None,
                "offer": e.offer,
                "rank": e.rank,
                "locked": e.locked,
                "lock_refused": e.lock_refused,
                "wishes": [
                    {
                        "offer": w.offer,
                        "rank": w.rank,
                        "outcome": w.outcome,
                        "message": MESSAGES[w.outcome],
                        **({"detail": w.detail} if w.detail else {}),
                    }
                    for w in e.wishes
                ],
            }
            for e in result.explanations.values()
        ],
    }
