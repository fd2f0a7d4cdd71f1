"""A campaign read from the database as the solver's :class:`~solver.Problem` (IN9).

Constant number of queries whatever the campaign's size. Who takes part: the school's students
with wishes or a lock in the campaign, except those whose application is already with the
referents (transmitted, accepted or placed). Offers keep the places no application took yet. Every
internship already agreed at the campaign's sites over its dates loads the tutors, sites and posts
(all schools), and each student's hours this school year in the host count towards the 924 h.
"""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from partenaria.internships.models import Application, ApplicationStatus, Campaign, Placement, Tutor

from . import solver
from .models import Lock, StudentProfile, Wish

LIVE = [ApplicationStatus.TRANSMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.PLACED]


def build(campaign: Campaign, *, include=()) -> solver.Problem:
    """The campaign as a problem; ``include``: students to take part even without a wish."""
    offers = list(
        campaign.offers.select_related("site__location", "diploma").annotate(
            taken=Count("applications", filter=Q(applications__status__in=LIVE[1:]))
        )
    )
    wishes = list(Wish.objects.filter(campaign=campaign).select_related("student__diploma").order_by("rank"))
    locks = list(Lock.objects.filter(campaign=campaign).select_related("student__diploma"))
    busy = set(
        Application.objects.filter(offer__campaign=campaign, status__in=LIVE).values_list(
            "student_id", flat=True
        )
    )
    students = {s.pk: s for s in include if s.pk not in busy}
    for row in [*wishes, *locks]:
        if row.student_id not in busy:
            students[row.student_id] = row.student
    profiles = {p.student_id: p for p in StudentProfile.objects.filter(student_id__in=list(students))}
    sites = {o.site_id: o.site for o in offers}
    tutors = Tutor.objects.filter(site_id__in=list(sites)).select_related("qualification")
    placements = Placement.objects.filter(site_id__in=list(sites)).select_related("offer")
    if offers:
        first = min(o.period_start for o in offers)
        last = max(o.period_end for o in offers)
        placements = placements.filter(start_date__lte=last, end_date__gte=first)
    else:
        placements = placements.none()
    emails = {s.email.lower() for s in students.values()}
    hours: dict[str, dict[str, Decimal]] = defaultdict(dict)
    for row in (
        Placement.objects.filter(school_year=campaign.school_year, student__email__in=emails)
        .values("student__email", "host_id")
        .annotate(total=Sum("total_hours"))
    ):
        hours[row["student__email"].lower()][str(row["host_id"])] = row["total"]

    by_student = defaultdict(list)
    for wish in wishes:
        by_student[wish.student_id].append(str(wish.offer_id))

    def point(obj):
        if obj is None or obj.latitude is None:
            return None, None
        return obj.latitude, obj.longitude

    solver_students = []
    for pk, student in sorted(students.items()):
        profile = profiles.get(pk)
        lat, lon = point(profile)
        available = ()
        if profile and (profile.available_from or profile.available_until):
            available = (
                (profile.available_from or solver.EARLIEST, profile.available_until or solver.LATEST),
            )
        solver_students.append(
            solver.Student(
                id=str(pk),
                diploma=student.diploma.code,
                wishes=tuple(by_student.get(pk, ())),
                available=available,
                lat=lat,
                lon=lon,
                transport=profile.transport if profile else solver.DEFAULT_TRANSPORT,
                hours_by_host=hours.get(student.email.lower(), {}),
            )
        )
    return solver.Problem(
        students=tuple(solver_students),
        offers=tuple(
            solver.Offer(
                id=str(o.pk),
                site=str(o.site_id),
                diploma=o.diploma.code,
                places=max(0, o.places - o.taken),
                start=o.period_start,
                end=o.period_end,
                tutor=str(o.tutor_id) if o.tutor_id else None,
                post=o.post,
                collective=o.collective,
            )
            for o in offers
        ),
        tutors=tuple(solver.Tutor(str(t.pk), str(t.site_id), t.qualification.code) for t in tutors),
        sites=tuple(
            solver.Site(str(s.pk), str(s.organisation_id), s.headcount, *_site_point(s))
            for s in sites.values()
        ),
        existing=tuple(
            solver.Existing(
                site=str(p.site_id),
                start=p.start_date,
                end=p.end_date,
                tutor=str(p.tutor_id),
                post=p.offer.post,
                single_post=not p.offer.collective and p.offer.places == 1,
            )
            for p in placements
        ),
        locks=tuple(
            (str(lock.student_id), str(lock.offer_id)) for lock in locks if lock.student_id not in busy
        ),
    )


def _site_point(site):
    location = getattr(site, "location", None)
    if location is None:
        return None, None
    return location.latitude, location.longitude
