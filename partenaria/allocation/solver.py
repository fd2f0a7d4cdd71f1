"""The allocation assistant's core: students' ranked wishes x offers under the legal caps (IN9).

Pure: plain dataclasses in, plain dataclasses out; no Django, no clock, no database. The web app
(``services.py``) and the command line (``manage.py allocate``, format in ``docs/allocation.md``)
both build a :class:`Problem` and call :func:`solve`.

Objective, lexicographic: first place the most students, then the smallest sum of wish ranks,
then the shortest travel. Hard rules, never broken (``internships/hours.py`` for the numbers):

- the student prepares the offer's diploma and the offer's tutor holds it;
- the offer's period lies inside one of the student's available periods;
- places of the offer;
- at most 924 h (6 months) per student, school year and host legal entity, counting the hours the
  student already has there (``Student.hours_by_host``);
- at most 3 interns at once per tutor and at most 15 % of headcount (3 under 20) at once per host
  site, counting existing placements (``Problem.existing``);
- the waiting period on a one-place post: a third of the previous internship's length.

Method: a min-cost flow (OR-Tools ``SimpleMinCostFlow.solve_max_flow_with_min_cost``):

    source -> student (1) -> wished offer (1, cost) -> offer (its free places)
           -> tutor slot -> site slot -> sink

A *slot* is a group of a resource's offers whose periods overlap, directly or through another offer
of the group; its capacity is the resource's cap minus the most interns it already has at once over
the group's whole span. This is exact when the group's offers share their dates (the usual case:
schools place a diploma year at fixed dates) and conservative otherwise, never lenient: the flow
never breaks a cap. Per-student rules (diploma, qualification, period, hours, waiting period, a
resource already full) remove arcs. Costs: ``(rank - 1) * W + travel`` with ``W`` larger than any
possible sum of travel costs, so rank dominates travel, and the max-flow-first solve makes the
count dominate both.

Two turns of one single post proposed in the same run may clash (waiting period): the flow is
solved again with one side of the clash closed, a few attempts, the best kept. Each attempt ends
with an exact completion (every cap checked day by day) of the still unplaced students, and the
result is compared with the greedy baseline (:func:`greedy`): if the baseline placed more (possible
only where the slots were conservative), its assignment is completed instead. The count is *proven*
maximal when it equals the maximum flow of a relaxation (``_network(exact=True)``). The method is
described in ``docs/allocation.md``.
"""

from __future__ import annotations

import datetime
import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from partenaria.internships import hours

# --- The problem ----------------------------------------------------------------------------------

Range = tuple[datetime.date, datetime.date]

#: Average door-to-door speed (km/h) by means of transport: travel is minutes, not kilometres.
SPEEDS_KMH = {"walk": 5.0, "bike": 15.0, "public_transport": 25.0, "car": 50.0}
DEFAULT_TRANSPORT = "public_transport"
MAX_TRAVEL_MINUTES = 999  # a longer trip costs the same: beyond it, another town
DEFAULT_WEEKLY_HOURS = Decimal(35)
EARLIEST, LATEST = datetime.date.min, datetime.date.max  # an open end of an available period


@dataclass(frozen=True)
class Student:
    id: str
    diploma: str
    wishes: tuple[str, ...] = ()  # offer ids, best first
    available: tuple[Range, ...] = ()  # empty: available all year
    lat: float | None = None
    lon: float | None = None
    transport: str = DEFAULT_TRANSPORT
    hours_by_host: dict[str, Decimal] = field(default_factory=dict)  # this school year, all schools


@dataclass(frozen=True)
class Offer:
    id: str
    site: str
    diploma: str
    places: int
    start: datetime.date
    end: datetime.date
    tutor: str | None = None
    post: str = ""
    collective: bool = False
    weekly_hours: Decimal = DEFAULT_WEEKLY_HOURS

    @property
    def single_post(self) -> bool:
        """One post held in turn: the waiting period applies (L124-11), as in ``internships``."""
        return not self.collective and self.places == 1


@dataclass(frozen=True)
class Tutor:
    id: str
    site: str
    qualification: str


@dataclass(frozen=True)
class Site:
    id: str
    host: str  # the legal entity: the 924 h cap counts across its sites
    headcount: int = 0
    lat: float | None = None
    lon: float | None = None

    @property
    def cap(self) -> int:
        return hours.host_intern_cap(self.headcount)


@dataclass(frozen=True)
class Existing:
    """An internship already agreed (any school): it loads its tutor, its site and its post."""

    site: str
    start: datetime.date
    end: datetime.date
    tutor: str | None = None
    post: str = ""
    single_post: bool = False


@dataclass(frozen=True)
class Problem:
    students: tuple[Student, ...]
    offers: tuple[Offer, ...]
    tutors: tuple[Tutor, ...]
    sites: tuple[Site, ...]
    existing: tuple[Existing, ...] = ()
    locks: tuple[tuple[str, str], ...] = ()  # (student id, offer id) fixed before solving


# --- The result -----------------------------------------------------------------------------------

# Rules that exclude a wish, in the order they are checked (codes of the JSON format).
UNKNOWN_OFFER = "unknown_offer"
DIPLOMA = "diploma"
TUTOR_QUALIFICATION = "tutor_qualification"
PERIOD = "period"
HOURS_CAP = "hours_cap"
WAITING_PERIOD = "waiting_period"
TUTOR_FULL = "tutor_full"
SITE_FULL = "site_full"
TAKEN = "taken"  # eligible, but its places went to students with better claims
NOT_NEEDED = "better_wish_obtained"  # ranked after the wish obtained
LOCKED_ELSEWHERE = "locked_elsewhere"  # a person fixed the student on another offer
OBTAINED = "obtained"
RULES = (
    UNKNOWN_OFFER,
    DIPLOMA,
    TUTOR_QUALIFICATION,
    PERIOD,
    HOURS_CAP,
    WAITING_PERIOD,
    TUTOR_FULL,
    SITE_FULL,
)


@dataclass(frozen=True)
class WishOutcome:
    offer: str
    rank: int
    outcome: str  # OBTAINED, TAKEN or one of RULES
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Explanation:
    student: str
    offer: str | None
    rank: int | None
    locked: bool
    wishes: tuple[WishOutcome, ...]
    lock_refused: str | None = None  # the rule that refused a lock, if any


@dataclass
class Result:
    assignment: dict[str, str]  # student id -> offer id
    explanations: dict[str, Explanation]
    placed: int
    students: int
    first_wish: int
    rank_sum: int
    travel_minutes: int
    max_flow: int  # maximum flow of the network solved (placed by the flow, locks included)
    upper_bound: int  # maximum flow of the relaxation: no assignment can place more
    completed: int  # students added by the exact completion
    used_greedy: bool
    seconds: float

    @property
    def proven_maximum(self) -> bool:
        return self.placed == self.upper_bound

    @property
    def mean_rank(self) -> float | None:
        return self.rank_sum / self.placed if self.placed else None


# --- Pure rules -----------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def offer_hours(start: datetime.date, end: datetime.date, weekly_hours: Decimal) -> Decimal:
    """Hours of presence of an offer's period, by ``internships/hours.py`` (7 h a day, Mon-Fri)."""
    return hours.effective_hours(hours.Schedule(periods=(hours.Period(start, end, weekly_hours),)))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    radius = 6371.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * radius * math.asin(min(1.0, math.sqrt(a)))


def travel_minutes(student: Student, site: Site) -> int:
    """Minutes from home to the site at the speed of the student's transport; 0 when unknown."""
    if None in (student.lat, student.lon, site.lat, site.lon):
        return 0
    km = haversine_km(student.lat, student.lon, site.lat, site.lon)
    speed = SPEEDS_KMH.get(student.transport, SPEEDS_KMH[DEFAULT_TRANSPORT])
    return min(MAX_TRAVEL_MINUTES, round(km / speed * 60))


def _within(start: datetime.date, end: datetime.date, ranges: Sequence[Range]) -> bool:
    return not ranges or any(first <= start and end <= last for first, last in ranges)


def _overlaps(a: Range, b: Range) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _post_conflict(a: Range, b: Range) -> bool:
    """Two internships on one single post: the later must start after the earlier's waiting period."""
    if _overlaps(a, b):
        return False  # overlapping single posts are two posts (as ``internships.services`` reads them)
    first, second = (a, b) if a[1] < b[0] else (b, a)
    return second[0] < hours.waiting_period_end(first[0], first[1])


class Index:
    """The problem's lookups and the load already there (existing internships and locks)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.offers = {o.id: o for o in problem.offers}
        self.tutors = {t.id: t for t in problem.tutors}
        self.sites = {s.id: s for s in problem.sites}
        self.students = {s.id: s for s in problem.students}
        self.tutor_load: dict[str, list[Range]] = defaultdict(list)
        self.site_load: dict[str, list[Range]] = defaultdict(list)
        self.post_load: dict[tuple[str, str], list[Range]] = defaultdict(list)
        self._rules: dict[tuple[str, str], tuple[str | None, dict]] = {}
        self._offer_rules: dict[str, tuple[str | None, dict]] = {}
        self._travel: dict[tuple[str, str], int] = {}
        for e in problem.existing:
            if e.tutor:
                self.tutor_load[e.tutor].append((e.start, e.end))
            self.site_load[e.site].append((e.start, e.end))
            if e.single_post:
                self.post_load[(e.site, e.post.casefold())].append((e.start, e.end))

    def static_rule(self, student: Student, offer_id: str) -> tuple[str | None, dict]:
        """The first rule that excludes this wish whatever the others get, or None (memoised)."""
        key = (student.id, offer_id)
        found = self._rules.get(key)
        if found is None:
            found = self._rules[key] = self._static_rule(student, offer_id)
        return found

    def _static_rule(self, student: Student, offer_id: str) -> tuple[str | None, dict]:
        offer = self.offers.get(offer_id)
        if offer is None:
            return UNKNOWN_OFFER, {}
        if offer.diploma != student.diploma:
            return DIPLOMA, {"offer": offer.diploma, "student": student.diploma}
        tutor = self.tutors.get(offer.tutor) if offer.tutor else None
        if tutor is None or tutor.qualification != offer.diploma:
            return TUTOR_QUALIFICATION, {
                "needed": offer.diploma,
                "held": tutor.qualification if tutor else None,
            }
        if not _within(offer.start, offer.end, student.available):
            return PERIOD, {}
        site = self.sites[offer.site]
        before = Decimal(student.hours_by_host.get(site.host, 0))
        total = offer_hours(offer.start, offer.end, offer.weekly_hours)
        if not hours.within_host_year_cap(before + total):
            return HOURS_CAP, {
                "before": str(before),
                "hours": str(total),
                "cap": hours.MAX_HOURS_PER_HOST_YEAR,
            }
        return self.offer_rule(offer)

    def offer_rule(self, offer: Offer) -> tuple[str | None, dict]:
        """What the internships already agreed leave of an offer, for every student (memoised)."""
        found = self._offer_rules.get(offer.id)
        if found is not None:
            return found
        found = None, {}
        period = (offer.start, offer.end)
        site = self.sites[offer.site]
        previous_on_post = (
            self.post_load.get((offer.site, offer.post.casefold()), ()) if offer.single_post else ()
        )
        for previous in previous_on_post:
            if _post_conflict(previous, period):
                found = WAITING_PERIOD, {"previous_end": previous[1].isoformat()}
                break
        else:
            if self.free(self.tutor_load.get(offer.tutor, ()), hours.MAX_INTERNS_PER_TUTOR, period) <= 0:
                found = TUTOR_FULL, {"cap": hours.MAX_INTERNS_PER_TUTOR}
            elif self.free(self.site_load.get(offer.site, ()), site.cap, period) <= 0:
                found = SITE_FULL, {"cap": site.cap}
        self._offer_rules[offer.id] = found
        return found

    def travel(self, student: Student, site_id: str) -> int:
        """:func:`travel_minutes`, memoised per student and site."""
        key = (student.id, site_id)
        found = self._travel.get(key)
        if found is None:
            found = self._travel[key] = travel_minutes(student, self.sites[site_id])
        return found

    @staticmethod
    def free(load: Sequence[Range], cap: int, period: Range) -> int:
        return cap - hours.max_simultaneous(load, period[0], period[1])


class State:
    """An assignment being built, checked day by day against every cap (exact)."""

    def __init__(self, index: Index):
        self.index = index
        self.taken: dict[str, int] = defaultdict(int)
        self.tutor: dict[str, list[Range]] = defaultdict(list)
        self.site: dict[str, list[Range]] = defaultdict(list)
        self.post: dict[tuple[str, str], list[Range]] = defaultdict(list)
        self.assignment: dict[str, str] = {}

    def fits(self, offer: Offer) -> bool:
        return self.refusal(offer) is None

    def refusal(self, offer: Offer) -> str | None:
        """What stops one more intern on ``offer`` given the existing load and this assignment."""
        ix, period = self.index, (offer.start, offer.end)
        if self.taken[offer.id] >= offer.places:
            return TAKEN
        tutor_ranges = ix.tutor_load.get(offer.tutor, []) + self.tutor[offer.tutor]
        if hours.max_simultaneous(tutor_ranges, *period) + 1 > hours.MAX_INTERNS_PER_TUTOR:
            return TUTOR_FULL
        site_ranges = ix.site_load.get(offer.site, []) + self.site[offer.site]
        if hours.max_simultaneous(site_ranges, *period) + 1 > ix.sites[offer.site].cap:
            return SITE_FULL
        if offer.single_post:
            key = (offer.site, offer.post.casefold())
            if any(_post_conflict(other, period) for other in self.post[key]):
                return WAITING_PERIOD
        return None

    def add(self, student_id: str, offer: Offer) -> None:
        period = (offer.start, offer.end)
        self.taken[offer.id] += 1
        self.tutor[offer.tutor].append(period)
        self.site[offer.site].append(period)
        if offer.single_post:
            self.post[(offer.site, offer.post.casefold())].append(period)
        self.assignment[student_id] = offer.id


def check(problem: Problem, assignment: dict[str, str]) -> list[str]:
    """Every hard rule an assignment breaks, in words (empty: valid). Independent of the solver."""
    index = Index(problem)
    state = State(index)
    broken = []
    for student_id, offer_id in sorted(assignment.items()):
        student = index.students.get(student_id)
        if student is None:
            broken.append(f"{student_id}: unknown student")
            continue
        rule, _detail = index.static_rule(student, offer_id)
        if rule is not None:
            broken.append(f"{student_id} -> {offer_id}: {rule}")
            continue
        offer = index.offers[offer_id]
        refusal = state.refusal(offer)
        if refusal is not None:
            broken.append(f"{student_id} -> {offer_id}: {refusal}")
        state.add(student_id, offer)
    return broken


def refusal(problem: Problem, student_id: str, offer_id: str) -> tuple[str, dict] | None:
    """Why ``student_id`` may not be fixed on ``offer_id`` with the other locks kept, or None (IN9).

    The check a person's change by hand goes through before it is kept as a lock.
    """
    index = Index(problem)
    state = State(index)
    for other, other_offer in problem.locks:
        if other == student_id or other not in index.students or other_offer not in index.offers:
            continue
        offer = index.offers[other_offer]
        if index.static_rule(index.students[other], other_offer)[0] is None and state.fits(offer):
            state.add(other, offer)
    rule, detail = index.static_rule(index.students[student_id], offer_id)
    if rule is not None:
        return rule, detail
    refused = state.refusal(index.offers[offer_id])
    return (refused, {"cap": index.sites[index.offers[offer_id].site].cap}) if refused else None


# --- The greedy baseline --------------------------------------------------------------------------


def greedy(problem: Problem, order: Iterable[str] | None = None, state: State | None = None) -> State:
    """Students one by one in a fixed order, each taking their best wish still open (baseline)."""
    index = state.index if state else Index(problem)
    state = state or State(index)
    for student_id in order if order is not None else (s.id for s in problem.students):
        if student_id in state.assignment:
            continue
        student = index.students[student_id]
        for offer_id in student.wishes:
            if index.static_rule(student, offer_id)[0] is None and state.fits(index.offers[offer_id]):
                state.add(student_id, index.offers[offer_id])
                break
    return state


# --- The network ----------------------------------------------------------------------------------


def _components(offers: Sequence[Offer]) -> list[list[Offer]]:
    """Groups of offers whose periods overlap, directly or through another offer of the group."""
    groups: list[list[Offer]] = []
    end = None
    for offer in sorted(offers, key=lambda o: (o.start, o.end)):
        if groups and offer.start <= end:
            groups[-1].append(offer)
            end = max(end, offer.end)
        else:
            groups.append([offer])
            end = offer.end
    return groups


def _post_cliques(offers: Sequence[Offer]) -> list[list[Offer]]:
    """Groups of two or more single-post offers of one post whose dates clash pairwise (L124-11)."""
    by_post: dict[tuple[str, str], list[Offer]] = defaultdict(list)
    for offer in offers:
        if offer.single_post:
            by_post[(offer.site, offer.post.casefold())].append(offer)
    cliques: list[list[Offer]] = []
    for same_post in by_post.values():
        groups: list[list[Offer]] = []
        for offer in sorted(same_post, key=lambda o: (o.start, o.end, o.id)):
            period = (offer.start, offer.end)
            for group in groups:
                if all(_post_conflict((g.start, g.end), period) for g in group):
                    group.append(offer)
                    break
            else:
                groups.append([offer])
        cliques += [g for g in groups if len(g) > 1]
    return cliques


@dataclass
class _Network:
    tails: list[int] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    caps: list[int] = field(default_factory=list)
    costs: list[int] = field(default_factory=list)
    nodes: int = 2  # 0 source, 1 sink

    def node(self) -> int:
        self.nodes += 1
        return self.nodes - 1

    def arc(self, tail: int, head: int, cap: int, cost: int = 0) -> int:
        self.tails.append(tail)
        self.heads.append(head)
        self.caps.append(max(0, cap))
        self.costs.append(cost)
        return len(self.tails) - 1


def _max_flow(net: _Network) -> int:
    import numpy as np
    from ortools.graph.python import max_flow

    solver = max_flow.SimpleMaxFlow()
    if net.tails:
        solver.add_arcs_with_capacity(np.array(net.tails), np.array(net.heads), np.array(net.caps))
    if solver.solve(0, 1) != solver.OPTIMAL:
        raise RuntimeError("max flow failed")
    return solver.optimal_flow()


UNBOUNDED = 1 << 40


def _network(index, students, eligible, offers, caps, loads, travel_weight, *, exact: bool):
    """The flow network; ``exact=False``: the slots the solver uses (conservative, never lenient);
    ``exact=True``: the relaxation whose max flow bounds every valid assignment from above.

    A group of a resource's offers is capped in the relaxation only where the law caps it for sure:
    on the days all its offers share (for intervals, they share one when they overlap pairwise),
    at the resource's cap minus the most interns it already has at once on those days.
    """
    net = _Network()
    student_node = {s.id: net.node() for s in students}
    offer_node = {o.id: net.node() for o in offers}
    wish_arcs: list[tuple[int, str, str]] = []
    offer_arcs: dict[str, int] = {}
    for student in students:
        net.arc(0, student_node[student.id], 1)
        for rank, offer in eligible[student.id]:
            cost = 0 if exact else (rank - 1) * travel_weight + index.travel(student, offer.site)
            arc = net.arc(student_node[student.id], offer_node[offer.id], 1, cost)
            wish_arcs.append((arc, student.id, offer.id))

    def group_cap(load, cap, group) -> int:
        if not exact:
            span = (min(o.start for o in group), max(o.end for o in group))
            return Index.free(load, cap, span)
        common = (max(o.start for o in group), min(o.end for o in group))
        if common[0] > common[1]:
            return UNBOUNDED
        return Index.free(load, cap, common)

    # Offers -> tutor groups -> site groups -> sink.
    by_site: dict[str, list[Offer]] = defaultdict(list)
    by_tutor: dict[str, list[Offer]] = defaultdict(list)
    if exact:
        # Single posts in turn whose waiting periods all clash: one of them at most. The relaxation
        # keeps that and drops their tutor and site caps (dropping a constraint keeps a bound).
        for clique in _post_cliques(offers):
            post = net.node()
            net.arc(post, 1, 1)
            for o in clique:
                offer_arcs[o.id] = net.arc(offer_node[o.id], post, caps[o.id])
        offers = [o for o in offers if o.id not in offer_arcs]
    for offer in offers:
        by_site[offer.site].append(offer)
        by_tutor[offer.tutor].append(offer)
    site_slot_of: dict[str, int] = {}
    for site_id, site_offers in by_site.items():
        cap = index.sites[site_id].cap
        for group in _components(site_offers):
            slot = net.node()
            net.arc(slot, 1, group_cap(loads["site"].get(site_id, ()), cap, group))
            for o in group:
                site_slot_of[o.id] = slot
    for tutor_id, tutor_offers in by_tutor.items():
        for group in _components(tutor_offers):
            slot = net.node()
            free = group_cap(loads["tutor"].get(tutor_id, ()), hours.MAX_INTERNS_PER_TUTOR, group)
            # A tutor's overlapping offers belong to one site, hence to one site group.
            net.arc(slot, site_slot_of[group[0].id], free)
            for o in group:
                offer_arcs[o.id] = net.arc(offer_node[o.id], slot, caps[o.id])
    return net, wish_arcs, offer_arcs


def solve(problem: Problem) -> Result:
    """The assignment that places the most students, then best respects wishes, then travel (IN9)."""
    import numpy as np
    from ortools.graph.python import min_cost_flow

    started = time.perf_counter()
    index = Index(problem)
    state = State(index)
    explanations_lock: dict[str, str] = {}
    locked: set[str] = set()

    # Locks first, each checked like a placement; a lock that breaks a rule is refused, never forced.
    for student_id, offer_id in problem.locks:
        student = index.students.get(student_id)
        if student is None or student_id in state.assignment:
            continue
        rule, _ = index.static_rule(student, offer_id)
        if rule is None and not state.fits(index.offers[offer_id]):
            rule = TAKEN
        if rule is not None:
            explanations_lock[student_id] = rule
            continue
        state.add(student_id, index.offers[offer_id])
        locked.add(student_id)

    # Existing load plus the locks: what each tutor and site already holds.
    tutor_load = {k: list(v) for k, v in index.tutor_load.items()}
    site_load = {k: list(v) for k, v in index.site_load.items()}
    for key, ranges in state.tutor.items():
        tutor_load.setdefault(key, []).extend(ranges)
    for key, ranges in state.site.items():
        site_load.setdefault(key, []).extend(ranges)

    free_students = [s for s in problem.students if s.id not in state.assignment]
    eligible: dict[str, list[tuple[int, Offer]]] = {}
    for student in free_students:
        wishes = []
        seen = set()
        for rank, offer_id in enumerate(student.wishes, start=1):
            if offer_id in seen:
                continue
            seen.add(offer_id)
            if index.static_rule(student, offer_id)[0] is None:
                wishes.append((rank, index.offers[offer_id]))
        eligible[student.id] = wishes

    wished = {o.id for wishes in eligible.values() for _, o in wishes}
    offers = [o for o in problem.offers if o.id in wished]

    def offer_cap(o: Offer) -> int:
        period = (o.start, o.end)
        places = o.places - state.taken[o.id]
        tutor_free = Index.free(tutor_load.get(o.tutor, ()), hours.MAX_INTERNS_PER_TUTOR, period)
        site_free = Index.free(site_load.get(o.site, ()), index.sites[o.site].cap, period)
        post_ok = not o.single_post or not any(
            _post_conflict(r, period) for r in state.post.get((o.site, o.post.casefold()), ())
        )
        return max(0, min(places, tutor_free, site_free)) if post_ok else 0

    caps = {o.id: offer_cap(o) for o in offers}

    travel_weight = len(free_students) * (MAX_TRAVEL_MINUTES + 1) + 1
    loads = {"tutor": tutor_load, "site": site_load}
    net, wish_arcs, offer_arcs = _network(
        index, free_students, eligible, offers, caps, loads, travel_weight, exact=False
    )
    relaxed, _, _ = _network(index, free_students, eligible, offers, caps, loads, travel_weight, exact=True)

    flow = min_cost_flow.SimpleMinCostFlow()
    if net.tails:
        flow.add_arcs_with_capacity_and_unit_cost(
            np.array(net.tails), np.array(net.heads), np.array(net.caps), np.array(net.costs, dtype=np.int64)
        )
        supplies = np.zeros(net.nodes, dtype=np.int64)
        supplies[0], supplies[1] = len(free_students), -len(free_students)
        flow.set_nodes_supplies(np.arange(net.nodes), supplies)
    wish_arc_ids = np.array([a for a, _, _ in wish_arcs], dtype=np.int64)
    max_flow_value = _max_flow(net) + len(locked)
    bound = _max_flow(relaxed) + len(locked)

    # Two single-post offers of one post, used in turn, may both carry flow while the waiting period
    # (L124-11) forbids it: the second is dropped. The network is then solved again without the
    # dropped offers, so that everyone may move; the best round is kept. Each round ends with the
    # exact completion: the groups may have been conservative, the others are tried day by day.
    closed: set[str] = set()

    def attempt(ban: frozenset[str]) -> tuple[State, dict[str, str], int]:
        """Solve with the offers of ``ban`` closed; the offers dropped, each with the one it clashed with."""
        for offer_id in closed - ban:
            flow.set_arc_capacity(offer_arcs[offer_id], caps[offer_id])
        for offer_id in ban - closed:
            flow.set_arc_capacity(offer_arcs[offer_id], 0)
        closed.clear()
        closed.update(ban)
        flows = []
        if net.tails:
            if flow.solve_max_flow_with_min_cost() != flow.OPTIMAL:
                raise RuntimeError("min cost flow failed")
            flows = flow.flows(wish_arc_ids) if len(wish_arc_ids) else []
        candidate, dropped = _copy_state(state), {}
        used_on_post: dict[tuple[str, str], list[Offer]] = defaultdict(list)
        for (_arc, student_id, offer_id), f in zip(wish_arcs, flows, strict=False):
            if f <= 0:
                continue
            offer = index.offers[offer_id]
            key = (offer.site, offer.post.casefold())
            if candidate.fits(offer):
                candidate.add(student_id, offer)
                used_on_post[key].append(offer)
            else:
                period = (offer.start, offer.end)
                clash = [o.id for o in used_on_post[key] if _post_conflict((o.start, o.end), period)]
                dropped[offer_id] = clash[0] if clash else offer_id
        before = len(candidate.assignment)
        greedy(problem, state=candidate)  # exact completion
        return candidate, dropped, len(candidate.assignment) - before

    # Two single-post offers of one post, used in turn, may both carry flow while the waiting period
    # (L124-11) forbids it: the second is dropped and its student goes to the exact completion, which
    # checks every cap day by day (it also catches what conservative groups left out). The network is
    # then solved again with the dropped offers closed, or with those they clashed with closed, so
    # that everyone may move; the best attempt is kept.
    model_state, completed = None, 0
    plan: list[frozenset[str]] = [frozenset()]
    for _attempt in range(REPAIR_ATTEMPTS):
        if not plan:
            break
        ban = plan.pop(0)
        candidate, dropped, added = attempt(ban)
        if model_state is None or _better(index, candidate, model_state):
            model_state, completed = candidate, added
        if dropped:
            plan += [ban | set(dropped), ban | set(dropped.values())]

    # Never fewer than the baseline (from the same locks).
    baseline = _copy_state(state)
    greedy(problem, state=baseline)
    used_greedy = len(baseline.assignment) > len(model_state.assignment)
    final = baseline if used_greedy else model_state

    return _result(
        problem,
        index,
        final,
        locked,
        explanations_lock,
        max_flow_value,
        bound,
        completed,
        used_greedy,
        started,
    )


REPAIR_ATTEMPTS = 4


def _better(index: Index, one: State, other: State) -> bool:
    if len(one.assignment) != len(other.assignment):
        return len(one.assignment) > len(other.assignment)
    return _score(index, one) > _score(index, other)


def _score(index: Index, state: State) -> tuple[int, int, int]:
    """The objective, larger is better: students placed, then minus the ranks, then minus travel."""
    ranks = travel = 0
    for student_id, offer_id in state.assignment.items():
        student = index.students[student_id]
        ranks += student.wishes.index(offer_id) + 1 if offer_id in student.wishes else len(student.wishes) + 1
        travel += index.travel(student, index.offers[offer_id].site)
    return len(state.assignment), -ranks, -travel


def _copy_state(state: State) -> State:
    copy = State(state.index)
    copy.taken.update(state.taken)
    for key in ("tutor", "site", "post"):
        getattr(copy, key).update({k: list(v) for k, v in getattr(state, key).items()})
    copy.assignment = dict(state.assignment)
    return copy


def _result(
    problem, index, state, locked, refused, max_flow_value, bound, completed, used_greedy, started
) -> Result:
    explanations = {}
    first = rank_sum = travel = 0
    for student in problem.students:
        obtained = state.assignment.get(student.id)
        outcomes = []
        rank_obtained = None
        for rank, offer_id in enumerate(student.wishes, start=1):
            if offer_id == obtained:
                rank_obtained = rank_obtained or rank
                outcomes.append(WishOutcome(offer_id, rank, OBTAINED))
                continue
            rule, detail = index.static_rule(student, offer_id)
            if rule is None and student.id in locked:
                rule = LOCKED_ELSEWHERE
            elif rule is None:
                rule = NOT_NEEDED if obtained is not None and rank_obtained is not None else TAKEN
            outcomes.append(WishOutcome(offer_id, rank, rule, detail))
        if obtained is not None:
            first += rank_obtained == 1
            rank_sum += rank_obtained or len(student.wishes) + 1  # locked off the wish list
            travel += index.travel(student, index.offers[obtained].site)
        explanations[student.id] = Explanation(
            student=student.id,
            offer=obtained,
            rank=rank_obtained,
            locked=student.id in locked,
            wishes=tuple(outcomes),
            lock_refused=refused.get(student.id),
        )
    return Result(
        assignment=dict(state.assignment),
        explanations=explanations,
        placed=len(state.assignment),
        students=len(problem.students),
        first_wish=first,
        rank_sum=rank_sum,
        travel_minutes=travel,
        max_flow=max_flow_value,
        upper_bound=bound,
        completed=completed,
        used_greedy=used_greedy,
        seconds=time.perf_counter() - started,
    )
