"""Acts of the allocation assistant: wishes, profiles, runs, locks, acceptance (IN9).

Each act checks the right (the school's placement office, ``permissions.can_allocate``), writes in
one transaction with its audit event, and refuses bad input with a French message on its field.
The rules are the solver's (``solver.py``), which reads its numbers from ``internships/hours.py``;
accepted proposals go through ``internships.services.application_transmit``, so the referents
still decide.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partenaria.core.audit import log_action
from partenaria.core.services import assign_fields
from partenaria.internships.models import Application, Campaign, HostSite, Offer, Student
from partenaria.internships.services import application_transmit

from . import jsonio, problem, solver
from .models import Lock, Run, SiteLocation, StudentProfile, Wish
from .permissions import can_allocate
from .reasons import lock_refusal_text

MAX_WISHES = 10


def _deny(by, campaign: Campaign) -> None:
    if not can_allocate(by, campaign):
        raise PermissionDenied(_("Only the school's placement office uses the allocation assistant."))


def _check_student(campaign: Campaign, student: Student) -> None:
    if student.school_id != campaign.school_id:
        raise ValidationError({"student": _("Choose a student of the school of this campaign.")})


@transaction.atomic
def wishes_set(*, by, campaign: Campaign, student: Student, offers: Sequence[Offer]) -> list[Wish]:
    """Record a student's ranked wishes for the campaign's offers, best first (IN9).

    Refused: an offer of another campaign, another diploma than the student's, the same offer twice,
    more than ten wishes.
    """
    _deny(by, campaign)
    _check_student(campaign, student)
    offers = [o for o in offers if o is not None]
    if len(offers) > MAX_WISHES:
        raise ValidationError({"wishes": _("At most %(n)s wishes.") % {"n": MAX_WISHES}})
    if len({o.pk for o in offers}) != len(offers):
        raise ValidationError({"wishes": _("The same offer appears twice: each wish is a different offer.")})
    for offer in offers:
        if offer.campaign_id != campaign.pk:
            raise ValidationError({"wishes": _("Choose offers of this campaign.")})
        if offer.diploma_id != student.diploma_id:
            raise ValidationError(
                {
                    "wishes": _("The offer « %(offer)s » is for another diploma than the student's.")
                    % {"offer": offer}
                }
            )
    Wish.objects.filter(campaign=campaign, student=student).delete()
    wishes = Wish.objects.bulk_create(
        Wish(campaign=campaign, student=student, offer=offer, rank=rank)
        for rank, offer in enumerate(offers, start=1)
    )
    log_action(
        actor=by,
        action="allocation.wishes_set",
        target=campaign,
        changes={"student": str(student), "wishes": [str(o) for o in offers]},
    )
    return wishes


PROFILE_FIELDS = ["home_town", "latitude", "longitude", "transport", "available_from", "available_until"]


@transaction.atomic
def profile_set(*, by, campaign: Campaign, student: Student, data: Mapping[str, Any]) -> StudentProfile:
    """Record where a student lives, how they travel and when they are free (IN9)."""
    _deny(by, campaign)
    _check_student(campaign, student)
    profile = StudentProfile.objects.filter(student=student).first() or StudentProfile(student=student)
    assign_fields(profile, data, PROFILE_FIELDS)
    profile.full_clean(exclude=["student"])
    profile.save()
    log_action(actor=by, action="allocation.profile_set", target=student, changes={"town": profile.home_town})
    return profile


@transaction.atomic
def site_locate(*, by, campaign: Campaign, site: HostSite, town: str, latitude: float, longitude: float):
    """Record where a host site of the campaign is, to count travel (IN9)."""
    _deny(by, campaign)
    if site.organisation_id != campaign.host_id:
        raise ValidationError({"site": _("Choose a host site of the host organisation.")})
    location = SiteLocation.objects.filter(site=site).first() or SiteLocation(site=site)
    location.town, location.latitude, location.longitude = town.strip(), latitude, longitude
    location.full_clean(exclude=["site"])
    location.save()
    log_action(actor=by, action="allocation.site_located", target=site, changes={"town": location.town})
    return location


def allocation_run(*, by, campaign: Campaign) -> Run:
    """Run the assistant on the campaign and keep the run: who, when, inputs, results (IN9).

    The solver works outside any transaction (it may take seconds on a large campaign); the run
    and its audit event are written together.
    """
    _deny(by, campaign)
    built = problem.build(campaign)
    result = solver.solve(built)
    output = jsonio.result_to_json(result)
    inputs = {
        "students": len(built.students),
        "offers": len(built.offers),
        "places": sum(o.places for o in built.offers),
        "wishes": sum(len(s.wishes) for s in built.students),
        "existing": len(built.existing),
        "locks": len(built.locks),
    }
    with transaction.atomic():
        run = Run.objects.create(
            campaign=campaign,
            run_by=by,
            inputs=inputs,
            summary=output["summary"],
            results={"explanations": output["explanations"]},
        )
        log_action(
            actor=by,
            action="allocation.run",
            target=campaign,
            changes={"placed": result.placed, "students": result.students, "locks": len(built.locks)},
        )
    return run


@transaction.atomic
def assignment_lock(*, by, campaign: Campaign, student: Student, offer: Offer) -> Lock:
    """Fix a student on an offer before the next run: the proposal kept, or a change by hand (IN9).

    The change is checked against every hard rule with the other locks kept; a refusal says the rule.
    """
    _deny(by, campaign)
    _check_student(campaign, student)
    if offer.campaign_id != campaign.pk:
        raise ValidationError({"offer": _("Choose an offer of this campaign.")})
    others = Lock.objects.filter(campaign=campaign).exclude(student=student)
    built = problem.build(campaign, include=[student])
    built = solver.Problem(
        built.students,
        built.offers,
        built.tutors,
        built.sites,
        built.existing,
        tuple((str(lock.student_id), str(lock.offer_id)) for lock in others),
    )
    if str(student.pk) not in {s.id for s in built.students}:
        raise ValidationError({"offer": _("This student's application is already with the referents.")})
    refused = solver.refusal(built, str(student.pk), str(offer.pk))
    if refused is not None:
        raise ValidationError({"offer": lock_refusal_text(*refused)})
    lock, _created = Lock.objects.update_or_create(
        campaign=campaign, student=student, defaults={"offer": offer, "locked_by": by}
    )
    log_action(
        actor=by,
        action="allocation.locked",
        target=campaign,
        changes={"student": str(student), "offer": str(offer)},
    )
    return lock


@transaction.atomic
def assignment_unlock(*, by, campaign: Campaign, student: Student) -> None:
    """Free a locked student: the next run may place them elsewhere (IN9)."""
    _deny(by, campaign)
    deleted, _details = Lock.objects.filter(campaign=campaign, student=student).delete()
    if deleted:
        log_action(actor=by, action="allocation.unlocked", target=campaign, changes={"student": str(student)})


@transaction.atomic
def run_accept(*, by, run: Run) -> list[Application]:
    """Turn the proposals of the latest run into applications transmitted to the sites (IN9, IN6).

    All or nothing. Refused when a newer run exists, when the run was already accepted, or when an
    offer or a student changed since (the run is then out of date: run it again).
    """
    campaign = run.campaign
    _deny(by, campaign)
    run = Run.objects.select_for_update().get(pk=run.pk)
    latest = Run.objects.filter(campaign=campaign).latest()
    if latest.pk != run.pk:
        raise ValidationError(_("A newer run exists: accept the latest proposals."))
    if run.accepted_at is not None:
        raise ValidationError(_("These proposals were already accepted."))
    proposals = [e for e in run.results.get("explanations", []) if e.get("offer")]
    students = Student.objects.in_bulk([int(e["student"]) for e in proposals])
    offers = Offer.objects.filter(campaign=campaign).in_bulk([int(e["offer"]) for e in proposals])
    created = []
    for proposal in proposals:
        student = students.get(int(proposal["student"]))
        offer = offers.get(int(proposal["offer"]))
        if student is None or offer is None:
            raise ValidationError(_("A student or an offer changed since this run: run the assistant again."))
        created.append(
            application_transmit(by=by, student=student, offer=offer, preference=proposal["rank"] or 1)
        )
    run.accepted_by, run.accepted_at = by, timezone.now()
    run.save(update_fields=["accepted_by", "accepted_at"])
    Lock.objects.filter(campaign=campaign, student__in=[a.student_id for a in created]).delete()
    log_action(
        actor=by, action="allocation.accepted", target=campaign, changes={"applications": len(created)}
    )
    return created
