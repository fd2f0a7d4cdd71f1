"""Business acts of the internship cycle: host sites, campaigns, applications, placements (IN2-IN8).

Each act is one transaction with its audit event; the view has fetched the objects through
``visible_to`` (404 for another tenant), so a refusal here is a 403 (``PermissionDenied``). Invalid
input and the legal caps raise ``ValidationError`` keyed by the form field, in French, before
anything is written. Hours and caps are computed by ``hours.py`` only.
"""

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from partenaria.core.audit import log_action
from partenaria.core.services import assign_fields
from partenaria.core.templatetags.partenaria import longdate

from . import hours
from .models import (
    Application,
    ApplicationStatus,
    Campaign,
    CampaignRequest,
    ChangeKind,
    HostSite,
    HostSiteDiploma,
    Offer,
    Placement,
    PlacementChange,
    PlacementPeriod,
    PlacementStatus,
    SectorContact,
    Student,
    Tutor,
)
from .permissions import (
    can_answer_campaign,
    can_manage_site,
    can_manage_sites_of,
    can_place,
    can_run_campaign,
    can_start_campaign,
)


def _full_clean(obj, exclude=None) -> None:
    obj.full_clean(exclude=exclude, validate_constraints=False)


def _check_dates(start, end, start_field="period_start", end_field="period_end") -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("The end must be on or after the start.")})


# --- Host sites (IN2-IN4) ----------------------------------------------------------------------

SITE_FIELDS = ["manager", "headcount", "recruitment_url", "convention", "evaluation_held_on"]


@transaction.atomic
def host_site_create(*, by, unit, data: Mapping[str, Any]) -> HostSite:
    """Declare a unit of an organisation as a host site (IN2), optionally under its convention (IN3)."""
    if not can_manage_sites_of(by, unit.organisation):
        raise PermissionDenied(_("Only the organisation's HR or referents declare host sites."))
    if HostSite.objects.filter(unit=unit).exists():
        raise ValidationError({"unit": _("This unit is already a host site.")})
    site = HostSite(unit=unit, organisation=unit.organisation)
    assign_fields(site, data, SITE_FIELDS)
    _full_clean(site)
    site.save()
    log_action(actor=by, action="internships.site_created", target=site, changes={"unit": unit.name})
    return site


@transaction.atomic
def host_site_change(*, by, site: HostSite, data: Mapping[str, Any]) -> HostSite:
    """Change the manager, headcount, recruitment page, convention or evaluation of a site (IN2, IN3)."""
    if not can_manage_site(by, site):
        raise PermissionDenied(_("Only the organisation's HR or referents change a host site."))
    assign_fields(site, data, SITE_FIELDS)
    _full_clean(site)
    site.save()
    log_action(actor=by, action="internships.site_changed", target=site)
    return site


@transaction.atomic
def site_diploma_set(*, by, site: HostSite, diploma, covered_blocks) -> HostSiteDiploma:
    """Accept a diploma on the site with the competence blocks that can be worked there (IN2, IN4)."""
    if not can_manage_site(by, site):
        raise PermissionDenied(_("Only the organisation's HR or referents change a host site."))
    blocks = list(covered_blocks)
    if any(block.diploma_id != diploma.pk for block in blocks):
        raise ValidationError({"covered_blocks": _("Choose blocks of this diploma.")})
    accepted, _created = HostSiteDiploma.objects.get_or_create(site=site, diploma=diploma)
    accepted.covered_blocks.set(blocks)
    log_action(
        actor=by,
        action="internships.site_diploma_set",
        target=site,
        changes={"diploma": diploma.code, "blocks": [b.code for b in blocks]},
    )
    return accepted


@transaction.atomic
def tutor_add(*, by, site: HostSite, person, qualification) -> Tutor:
    """Add a referent of the site who may supervise interns of their qualification (IN2).

    Their training is not typed here: it comes from the attendance sheets of training sessions (IN10)."""
    if not can_manage_site(by, site):
        raise PermissionDenied(_("Only the organisation's HR or referents change a host site."))
    if Tutor.objects.filter(site=site, person=person).exists():
        raise ValidationError({"person": _("This person is already a tutor of the site.")})
    tutor = Tutor(site=site, person=person, qualification=qualification)
    _full_clean(tutor)
    tutor.save()
    log_action(actor=by, action="internships.tutor_added", target=site, changes={"tutor": str(tutor)})
    return tutor


@transaction.atomic
def sector_contact_add(*, by, site: HostSite, sector: str, role: str, person) -> SectorContact:
    """Record who to call for a sector of the site (Dijon annex 2) (IN2)."""
    if not can_manage_site(by, site):
        raise PermissionDenied(_("Only the organisation's HR or referents change a host site."))
    if person.organisation_id != site.organisation_id:
        raise ValidationError({"person": _("The contact must be a person of the site's organisation.")})
    contact = SectorContact(site=site, sector=sector.strip(), role=role.strip(), person=person)
    _full_clean(contact)
    contact.save()
    log_action(actor=by, action="internships.contact_added", target=site, changes={"contact": str(contact)})
    return contact


# --- Campaigns and offers (IN5) ----------------------------------------------------------------


@transaction.atomic
def campaign_create(*, by, partnership, school, host, school_year: int, hr_contact=None) -> Campaign:
    """Open the school's yearly request for internship places to a partner authority (IN5)."""
    if not can_start_campaign(by, school):
        raise PermissionDenied(_("Only the school's officers open an internship campaign."))
    members = {m.organisation_id for m in partnership.members.all()}
    if school.pk not in members or host.pk not in members:
        raise ValidationError({"host": _("The school and the host must both be members of the partnership.")})
    if Campaign.objects.filter(
        partnership=partnership, school=school, host=host, school_year=school_year
    ).exists():
        raise ValidationError({"school_year": _("A campaign already exists for this school year.")})
    campaign = Campaign(
        partnership=partnership, school=school, host=host, school_year=school_year, hr_contact=hr_contact
    )
    _full_clean(campaign)
    campaign.save()
    log_action(actor=by, action="internships.campaign_created", target=campaign)
    return campaign


@transaction.atomic
def campaign_request_add(*, by, campaign: Campaign, data: Mapping[str, Any]) -> CampaignRequest:
    """Ask for places for a diploma and a period: addressed to the host's HR and site referents (IN5)."""
    if not can_run_campaign(by, campaign):
        raise PermissionDenied(_("Only the school's officers change its request."))
    request = CampaignRequest(campaign=campaign)
    assign_fields(request, data, ["diploma", "students", "period_start", "period_end"])
    _check_dates(request.period_start, request.period_end)
    _full_clean(request)
    request.save()
    log_action(
        actor=by,
        action="internships.request_added",
        target=campaign,
        changes={"diploma": request.diploma.code, "students": request.students},
    )
    return request


OFFER_FIELDS = ["site", "diploma", "post", "places", "period_start", "period_end", "collective", "tutor"]


def _check_offer(offer: Offer) -> None:
    errors: dict[str, list[str]] = {}
    if offer.places is not None and offer.places < 1:
        errors["places"] = [_("An offer has at least one place.")]
    if offer.site_id and offer.site.organisation_id != offer.campaign.host_id:
        errors["site"] = [_("Choose a host site of the host organisation.")]
    elif (
        offer.site_id
        and offer.diploma_id
        and not HostSiteDiploma.objects.filter(site=offer.site, diploma=offer.diploma).exists()
    ):
        errors["diploma"] = [_("This site does not accept this diploma: add it to the site first.")]
    if offer.tutor_id:
        if offer.tutor.site_id != offer.site_id:
            errors["tutor"] = [_("Choose a tutor of this site.")]
        elif offer.diploma_id and offer.tutor.qualification_id != offer.diploma_id:
            errors["tutor"] = [
                _("This tutor holds the %(held)s, not the %(needed)s the interns prepare.")
                % {"held": offer.tutor.qualification.code, "needed": offer.diploma.code}
            ]
    if offer.period_start and offer.period_end and offer.period_end < offer.period_start:
        errors["period_end"] = [_("The end must be on or after the start.")]
    if errors:
        raise ValidationError(errors)
    _full_clean(offer)


@transaction.atomic
def offer_add(*, by, campaign: Campaign, data: Mapping[str, Any]) -> Offer:
    """A site answers the campaign with places for a diploma and a period, with its tutor (IN5)."""
    if not can_answer_campaign(by, campaign):
        raise PermissionDenied(_("Only the host's HR or site referents offer places."))
    offer = Offer(campaign=campaign)
    assign_fields(offer, data, OFFER_FIELDS)
    _check_offer(offer)
    offer.save()
    log_action(
        actor=by,
        action="internships.offer_added",
        target=campaign,
        changes={"offer": str(offer), "places": offer.places},
    )
    return offer


# --- Students and applications (IN6) -----------------------------------------------------------

STUDENT_FIELDS = ["first_name", "last_name", "email", "diploma", "training_year"]


@transaction.atomic
def student_add(*, by, campaign: Campaign, data: Mapping[str, Any]) -> Student:
    """Record a student of the school: name, e-mail, diploma, year of training only (IN6, DP2)."""
    if not can_run_campaign(by, campaign):
        raise PermissionDenied(_("Only the school's officers record its students."))
    student = Student(school=campaign.school)
    assign_fields(student, data, STUDENT_FIELDS)
    student.email = (student.email or "").lower()
    if Student.objects.filter(school=campaign.school, email=student.email).exists():
        raise ValidationError({"email": _("A student of the school already has this e-mail address.")})
    _full_clean(student)
    student.save()
    log_action(actor=by, action="internships.student_added", target=student)
    return student


@transaction.atomic
def application_transmit(*, by, student: Student, offer: Offer, preference: int = 1) -> Application:
    """The school transmits a student's application for an offer to the site's referents (IN6)."""
    campaign = offer.campaign
    if not can_run_campaign(by, campaign):
        raise PermissionDenied(_("Applications are centralised by the school."))
    errors = {}
    if student.school_id != campaign.school_id:
        errors["student"] = [_("Choose a student of the school of this campaign.")]
    elif student.diploma_id != offer.diploma_id:
        errors["offer"] = [
            _("This offer is for the %(offer)s, the student prepares the %(student)s.")
            % {"offer": offer.diploma.code, "student": student.diploma.code}
        ]
    elif Application.objects.filter(student=student, offer=offer).exists():
        errors["offer"] = [_("This student already applied for this offer.")]
    if errors:
        raise ValidationError(errors)
    application = Application(student=student, offer=offer, preference=preference)
    _full_clean(application)
    application.save()
    log_action(
        actor=by,
        action="internships.application_transmitted",
        target=campaign,
        changes={"application": str(application)},
    )
    return application


@transaction.atomic
def application_decide(*, by, application: Application, accept: bool, reason: str = "") -> Application:
    """The site's referent accepts or declines an application; a refusal gives its reason (IN6)."""
    campaign = application.offer.campaign
    if not can_answer_campaign(by, campaign):
        raise PermissionDenied(_("Only the host's HR or site referents decide on applications."))
    if application.status != ApplicationStatus.TRANSMITTED:
        raise ValidationError(_("This application was already decided."))
    reason = reason.strip()
    if not accept and not reason:
        raise ValidationError({"reason": _("Give the reason of the refusal: the school passes it on.")})
    if accept:
        taken = application.offer.applications.filter(
            status__in=[ApplicationStatus.ACCEPTED, ApplicationStatus.PLACED]
        ).count()
        if taken >= application.offer.places:
            raise ValidationError(_("Every place of this offer is already taken."))
    application.status = ApplicationStatus.ACCEPTED if accept else ApplicationStatus.DECLINED
    application.reason = reason
    application.decided_on = timezone.localdate()
    application.save()
    log_action(
        actor=by,
        action="internships.application_accepted" if accept else "internships.application_declined",
        target=campaign,
        changes={"application": str(application), "reason": reason},
    )
    return application


# --- Placements and the legal caps (IN7) ------------------------------------------------------


def _check_caps(*, placement: Placement, schedule: hours.Schedule, total: Decimal) -> None:
    """The legal caps on a placement about to be saved, each refusal on the field it concerns."""
    errors: dict[str, list[str]] = {}
    start, end = schedule.first_day, schedule.last_day
    student, tutor = placement.student, placement.tutor
    if tutor.qualification_id != student.diploma_id:
        errors["tutor"] = [
            _("An intern preparing the %(needed)s needs a tutor holding it; this tutor holds the %(held)s.")
            % {"needed": student.diploma.code, "held": tutor.qualification.code}
        ]
    others = Placement.objects.exclude(pk=placement.pk)
    # L124-5: the same student, every school and every service of the host legal entity together.
    same_host_year = others.filter(
        student__email__iexact=student.email, host=placement.host, school_year=placement.school_year
    )
    before = same_host_year.aggregate(total=Sum("total_hours"))["total"] or Decimal(0)
    if not hours.within_host_year_cap(before + total):
        errors.setdefault("end", []).append(
            _(
                "At most 6 months (%(cap)s h of presence) per school year in the same host: "
                "this student already has %(before)s h there, this internship would bring %(total)s h."
            )
            % {"cap": hours.MAX_HOURS_PER_HOST_YEAR, "before": before, "total": total}
        )
    tutor_ranges = list(others.filter(tutor=tutor).values_list("start_date", "end_date"))
    if hours.max_simultaneous(tutor_ranges, start, end) + 1 > hours.MAX_INTERNS_PER_TUTOR:
        errors.setdefault("tutor", []).append(
            _("This tutor already supervises %(max)s interns at the same time over these dates.")
            % {"max": hours.MAX_INTERNS_PER_TUTOR}
        )
    site = placement.site
    site_ranges = list(others.filter(site=site).values_list("start_date", "end_date"))
    if hours.max_simultaneous(site_ranges, start, end) + 1 > site.intern_cap:
        errors.setdefault("start", []).append(
            _(
                "The site may host %(cap)s interns at the same time (headcount %(headcount)s): it is full over these dates."
            )
            % {"cap": site.intern_cap, "headcount": site.headcount}
        )
    # L124-11 concerns one post held in turn: an individual offer of one place. The places of a
    # collective or multi-place offer are as many posts, held at the same time.
    offer = placement.offer
    single_post = not offer.collective and offer.places == 1
    previous = (
        others.filter(
            site=site,
            offer__post__iexact=offer.post,
            offer__collective=False,
            offer__places=1,
            end_date__lt=start,
        )
        .exclude(student__email__iexact=student.email)
        .order_by("-end_date")
        .first()
    )
    if single_post and previous is not None:
        free_on = hours.waiting_period_end(previous.start_date, previous.end_date)
        if start < free_on:
            errors.setdefault("start", []).append(
                _(
                    "Waiting period on this post: the previous internship ended on %(end)s, the next may start on %(free)s."
                )
                % {"end": longdate(previous.end_date), "free": longdate(free_on)}
            )
    if errors:
        raise ValidationError(errors)


def _check_period(start, end, weekly_hours) -> None:
    errors = {}
    if start and end and end < start:
        errors["end"] = [_("The end must be on or after the start.")]
    if weekly_hours is not None and not (0 < weekly_hours <= hours.MAX_WEEKLY_HOURS):
        errors["weekly_hours"] = [
            _("Weekly hours are between 0.5 and %(max)s hours.") % {"max": hours.MAX_WEEKLY_HOURS}
        ]
    if errors:
        raise ValidationError(errors)


def _refresh_totals(placement: Placement, schedule: hours.Schedule) -> Decimal:
    total = hours.effective_hours(schedule)
    placement.start_date, placement.end_date, placement.total_hours = (
        schedule.first_day,
        schedule.last_day,
        total,
    )
    return total


@transaction.atomic
def placement_create(
    *,
    by,
    application: Application,
    tutor: Tutor,
    start: datetime.date,
    end: datetime.date,
    weekly_hours: Decimal,
    school_referent=None,
    activities: str = "",
) -> Placement:
    """Place the student of an accepted application on the site, within the legal caps (IN7).

    Refused, on the field concerned: a tutor without the intern's diploma, more than 6 months per
    school year in the same host legal entity, more than 3 interns at once per tutor, more than the
    host's share of interns at once, a start within the waiting period of the same post.
    """
    offer = application.offer
    campaign = offer.campaign
    if not can_place(by, campaign):
        raise PermissionDenied(_("Only the school's officers or the host's referents place a student."))
    if application.status != ApplicationStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted application becomes a placement."))
    _check_period(start, end, weekly_hours)
    if tutor.site_id != offer.site_id:
        raise ValidationError({"tutor": _("Choose a tutor of this site.")})
    placement = Placement(
        application=application,
        campaign=campaign,
        student=application.student,
        offer=offer,
        site=offer.site,
        host=campaign.host,
        tutor=tutor,
        school_referent=school_referent,
        school_year=campaign.school_year,
        activities=activities.strip(),
    )
    schedule = hours.Schedule(periods=(hours.Period(start, end, Decimal(weekly_hours)),))
    total = _refresh_totals(placement, schedule)
    if total <= 0:
        raise ValidationError({"end": _("These dates hold no working day.")})
    _check_caps(placement=placement, schedule=schedule, total=total)
    _full_clean(placement, exclude=["application"])
    placement.save()
    PlacementPeriod.objects.create(placement=placement, start=start, end=end, weekly_hours=weekly_hours)
    application.status = ApplicationStatus.PLACED
    application.save(update_fields=["status", "updated_at"])
    log_action(
        actor=by,
        action="internships.placed",
        target=placement,
        changes={"student": str(placement.student), "site": str(placement.site), "hours": total},
    )
    return placement


@transaction.atomic
def placement_amend(
    *,
    by,
    placement: Placement,
    kind: str,
    on: datetime.date,
    until: datetime.date | None = None,
    reason: str = "",
) -> PlacementChange:
    """Amend the agreement: extend, interrupt or end early; the totals follow, the caps still hold (IN7)."""
    if not can_place(by, placement.campaign):
        raise PermissionDenied(_("Only the school's officers or the host's referents amend a placement."))
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    before_schedule = placement.schedule()
    before = placement.total_hours
    periods = list(before_schedule.periods)
    interruptions = list(before_schedule.interruptions)
    ended_on = before_schedule.ended_on
    if kind == ChangeKind.EXTENSION:
        if until is None or until <= placement.end_date:
            raise ValidationError(
                {
                    "until": _("The new last day must be after the current end (%(end)s).")
                    % {"end": longdate(placement.end_date)}
                }
            )
        if ended_on is not None:
            raise ValidationError({"kind": _("An internship ended early cannot be extended.")})
        last = periods[-1]
        periods[-1] = hours.Period(last.start, until, last.weekly_hours)
    elif kind == ChangeKind.INTERRUPTION:
        if until is None or until < on:
            raise ValidationError({"until": _("The interruption ends on or after its first day.")})
        if not (placement.start_date <= on <= placement.end_date):
            raise ValidationError({"on": _("The interruption starts during the internship.")})
        interruptions.append((on, until))
    elif kind == ChangeKind.EARLY_END:
        if not (placement.start_date <= on < placement.end_date):
            raise ValidationError(
                {"on": _("The last day of presence falls during the internship, before its end.")}
            )
        ended_on = on if ended_on is None else min(ended_on, on)
        until = None
    else:
        raise ValidationError({"kind": _("Choose an extension, an interruption or an early end.")})
    schedule = hours.Schedule(tuple(periods), tuple(interruptions), ended_on)
    total = _refresh_totals(placement, schedule)
    if kind == ChangeKind.EXTENSION:
        try:
            _check_caps(placement=placement, schedule=schedule, total=total)
        except ValidationError as exc:
            # The form of an amendment asks for "until": the caps' dates are its dates.
            raise ValidationError({"until": [m for ms in exc.message_dict.values() for m in ms]}) from None
        period = placement.periods.order_by("-start").first()
        period.end = until
        period.save(update_fields=["end"])
    if kind == ChangeKind.INTERRUPTION:
        placement.status = PlacementStatus.INTERRUPTED
    elif kind == ChangeKind.EARLY_END:
        placement.status = PlacementStatus.ENDED_EARLY
    placement.save()
    change = PlacementChange(
        placement=placement,
        kind=kind,
        on=on,
        until=until,
        reason=reason.strip(),
        hours_before=before,
        hours_after=total,
    )
    _full_clean(change)
    change.save()
    log_action(
        actor=by,
        action="internships.amended",
        target=placement,
        changes={"kind": change.get_kind_display(), "hours": [before, total]},
    )
    return change
