"""Pages of the internship cycle (IN2-IN8). Thin: fetch through ``visible_to``, call one service, render.

Another tenant's object is a 404 (the querysets), acting without the right a 403 (permissions.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partenaria.core.forms import add_service_errors
from partenaria.core.journal import record_access
from partenaria.core.views import render_form_page
from partenaria.documents.builders import get_builder
from partenaria.documents.views import panel_context
from partenaria.organisations.models import Organisation, Role

from . import hours, selectors, services
from .forms import (
    AmendmentForm,
    ApplicationForm,
    CampaignForm,
    CampaignRequestForm,
    DecisionForm,
    HostSiteForm,
    OfferForm,
    PlacementForm,
    SectorContactForm,
    SiteDiplomaForm,
    StudentForm,
    TutorForm,
)
from .models import Application, ApplicationStatus, Campaign, HostSite, Placement, Student
from .permissions import (
    can_answer_campaign,
    can_follow,
    can_manage_site,
    can_manage_sites_of,
    can_place,
    can_run_campaign,
    can_start_campaign,
)

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 50


def _act_page(request, form, *, save, title, back, success, intro=""):
    """Run ``save()`` on a valid POST; the service's refusal goes onto the fields, what was typed is kept."""
    if request.method == "POST" and form.is_valid():
        try:
            obj = save()
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else back)
    return render_form_page(
        request, form, title=title, back=back, intro=intro, breadcrumb="internships/_breadcrumb.html"
    )


def _deny(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


# --- Home and the student's own records --------------------------------------------------------


@require_GET
def index(request):
    """« Stages »: the campaigns of the current organisation, its host sites, or a student's own records."""
    membership = request.current_membership
    if membership and membership.role == Role.STUDENT:
        return redirect("internships:my_records")
    organisation = membership.organisation if membership else None
    campaigns = Campaign.objects.visible_to(request.user).select_related("school", "host", "partnership")
    if organisation is not None:
        campaigns = campaigns.filter(school=organisation) | campaigns.filter(host=organisation)
    campaigns = list(campaigns.order_by("-school_year", "host__name"))
    progress = selectors.campaign_progress(campaigns)
    for campaign in campaigns:
        campaign.progress = progress.get(campaign.pk, [])
    return render(
        request,
        "internships/index.html",
        {
            "campaigns": campaigns,
            "organisation": organisation,
            "can_start": organisation is not None and can_start_campaign(request.user, organisation),
        },
    )


@require_GET
def my_records(request):
    """A student sees only their own applications and placements (DP1)."""
    students = Student.objects.filter(user=request.user)
    return render(
        request,
        "internships/my_records.html",
        {
            "applications": Application.objects.filter(student__in=students).select_related(
                "offer__site__unit", "offer__diploma", "offer__campaign__host"
            ),
            "placements": selectors.placements_of(Placement.objects.filter(student__in=students)),
        },
    )


@require_GET
def placement_list(request):
    """Placements the user may see, filtered by school year in the URL; a flat number of queries."""
    placements = Placement.objects.visible_to(request.user)
    year = request.GET.get("annee", "")
    if year.isdigit():
        placements = placements.filter(school_year=int(year))
    page = Paginator(
        selectors.placements_of(placements).order_by("-school_year", "start_date", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "internships/placement_list.html", {"page": page, "year": year})


@GET_POST
def campaign_create(request):
    membership = request.current_membership
    _deny(
        membership is not None and can_start_campaign(request.user, membership.organisation),
        _("Only the school's officers open an internship campaign."),
    )
    school = membership.organisation
    form = CampaignForm(
        request.POST or None,
        user=request.user,
        school=school,
        initial={"school_year": selectors.current_school_year(timezone.localdate())},
    )

    def save():
        data = form.cleaned_data
        return services.campaign_create(
            by=request.user,
            partnership=data["partnership"],
            school=school,
            host=data["host"],
            school_year=data["school_year"],
        )

    return _act_page(
        request,
        form,
        save=save,
        title=_("Open an internship campaign"),
        back=reverse("internships:index"),
        success=_("The campaign was opened."),
    )


# --- Host sites (IN2-IN4) ----------------------------------------------------------------------


def _organisation(request, org_pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=org_pk)


def _site(request, site_pk: int) -> HostSite:
    return get_object_or_404(
        HostSite.objects.visible_to(request.user).select_related(
            "unit", "organisation", "manager", "convention"
        ),
        pk=site_pk,
    )


@require_GET
def site_list(request, org_pk: int):
    """The host sites of an organisation, with the diplomas they accept and their tutors."""
    organisation = _organisation(request, org_pk)
    sites = (
        HostSite.objects.filter(organisation=organisation)
        .select_related("unit", "manager", "convention")
        .prefetch_related("diplomas__diploma", "tutors__person", "tutors__qualification")
    )
    return render(
        request,
        "internships/site_list.html",
        {
            "organisation": organisation,
            "sites": sites,
            "can_manage": can_manage_sites_of(request.user, organisation),
        },
    )


@GET_POST
def site_create(request, org_pk: int):
    organisation = _organisation(request, org_pk)
    _deny(
        can_manage_sites_of(request.user, organisation),
        _("Only the organisation's HR or referents declare host sites."),
    )
    form = HostSiteForm(request.POST or None, organisation=organisation)

    def save():
        data = dict(form.cleaned_data)
        return services.host_site_create(by=request.user, unit=data.pop("unit"), data=data)

    return _act_page(
        request,
        form,
        save=save,
        title=_("Declare a host site"),
        back=reverse("internships:site_list", args=[organisation.pk]),
        success=_("The host site was declared."),
        intro=_(
            "A host site is a unit of the organisation: create the unit first on the organisation's page if it is missing."
        ),
    )


@require_GET
def site_detail(request, site_pk: int):
    """A host site: manager, tutors, diplomas and competence coverage, sector contacts, convention, interns."""
    site = _site(request, site_pk)
    accepted = list(
        site.diplomas.select_related("diploma").prefetch_related("covered_blocks", "diploma__blocks")
    )
    placements = selectors.placements_of(
        Placement.objects.visible_to(request.user).filter(site=site)
    ).order_by("-start_date")[:50]
    return render(
        request,
        "internships/site_detail.html",
        {
            "site": site,
            "accepted": accepted,
            "tutors": site.tutors.with_training().select_related("person", "qualification"),
            "contacts": site.contacts.select_related("person"),
            "placements": placements,
            "can_manage": can_manage_site(request.user, site),
        },
    )


@GET_POST
def site_edit(request, site_pk: int):
    site = _site(request, site_pk)
    _deny(
        can_manage_site(request.user, site), _("Only the organisation's HR or referents change a host site.")
    )
    form = HostSiteForm(request.POST or None, instance=site, organisation=site.organisation)
    return _act_page(
        request,
        form,
        save=lambda: services.host_site_change(
            by=request.user, site=HostSite.objects.get(pk=site.pk), data=form.cleaned_data
        ),
        title=_("Edit the host site « %(site)s »") % {"site": site},
        back=site.get_absolute_url(),
        success=_("The host site was saved."),
    )


@GET_POST
def site_diploma(request, site_pk: int):
    site = _site(request, site_pk)
    _deny(
        can_manage_site(request.user, site), _("Only the organisation's HR or referents change a host site.")
    )
    form = SiteDiplomaForm(request.POST or None)

    def save():
        services.site_diploma_set(
            by=request.user,
            site=site,
            diploma=form.cleaned_data["diploma"],
            covered_blocks=form.cleaned_data["covered_blocks"],
        )
        return site

    return _act_page(
        request,
        form,
        save=save,
        title=_("Accept a diploma on « %(site)s »") % {"site": site},
        back=site.get_absolute_url(),
        success=_("The diploma and its coverage were saved."),
    )


@GET_POST
def tutor_add(request, site_pk: int):
    site = _site(request, site_pk)
    _deny(
        can_manage_site(request.user, site), _("Only the organisation's HR or referents change a host site.")
    )
    form = TutorForm(request.POST or None, site=site)

    def save():
        data = form.cleaned_data
        services.tutor_add(
            by=request.user,
            site=site,
            person=data["person"],
            qualification=data["qualification"],
        )
        return site

    return _act_page(
        request,
        form,
        save=save,
        title=_("Add a tutor to « %(site)s »") % {"site": site},
        back=site.get_absolute_url(),
        success=_("The tutor was added."),
    )


@GET_POST
def contact_add(request, site_pk: int):
    site = _site(request, site_pk)
    _deny(
        can_manage_site(request.user, site), _("Only the organisation's HR or referents change a host site.")
    )
    form = SectorContactForm(request.POST or None, site=site)

    def save():
        services.sector_contact_add(by=request.user, site=site, **form.cleaned_data)
        return site

    return _act_page(
        request,
        form,
        save=save,
        title=_("Add a sector contact to « %(site)s »") % {"site": site},
        back=site.get_absolute_url(),
        success=_("The contact was added."),
    )


# --- Campaigns (IN5, IN6, IN8) -----------------------------------------------------------------


def _campaign(request, campaign_pk: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related(
            "school", "host", "partnership", "hr_contact"
        ),
        pk=campaign_pk,
    )


@require_GET
def campaign_detail(request, campaign_pk: int):
    """The campaign: places requested, offered and filled per diploma, offers, applications, counts."""
    campaign = _campaign(request, campaign_pk)
    progress = selectors.campaign_progress([campaign]).get(campaign.pk, [])
    return render(
        request,
        "internships/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": progress,
            "requests": campaign.requests.select_related("diploma"),
            "offers": campaign.offers.select_related("site__unit", "diploma", "tutor__person"),
            "applications": selectors.campaign_applications(campaign),
            "counts": selectors.year_counts(campaign.host_id, campaign.school_year),
            "can_run": can_run_campaign(request.user, campaign),
            "can_answer": can_answer_campaign(request.user, campaign),
            "can_place": can_place(request.user, campaign),
        },
    )


@GET_POST
def request_add(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    _deny(can_run_campaign(request.user, campaign), _("Only the school's officers change its request."))
    form = CampaignRequestForm(request.POST or None)
    return _act_page(
        request,
        form,
        save=lambda: (
            services.campaign_request_add(by=request.user, campaign=campaign, data=form.cleaned_data)
            and campaign
        ),
        title=_("Ask for internship places"),
        back=campaign.get_absolute_url(),
        success=_("The request was added."),
    )


@GET_POST
def offer_add(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    _deny(
        can_answer_campaign(request.user, campaign), _("Only the host's HR or site referents offer places.")
    )
    form = OfferForm(request.POST or None, campaign=campaign)
    return _act_page(
        request,
        form,
        save=lambda: (
            services.offer_add(by=request.user, campaign=campaign, data=form.cleaned_data) and campaign
        ),
        title=_("Offer internship places"),
        back=campaign.get_absolute_url(),
        success=_("The offer was added."),
    )


@GET_POST
def student_add(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    _deny(can_run_campaign(request.user, campaign), _("Only the school's officers record its students."))
    form = StudentForm(request.POST or None, school=campaign.school)
    return _act_page(
        request,
        form,
        save=lambda: (
            services.student_add(by=request.user, campaign=campaign, data=form.cleaned_data) and campaign
        ),
        title=_("Record a student"),
        back=campaign.get_absolute_url(),
        success=_("The student was recorded."),
        intro=_("Only what the internship needs: name, e-mail, diploma and year of training."),
    )


@GET_POST
def application_add(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    _deny(can_run_campaign(request.user, campaign), _("Applications are centralised by the school."))
    form = ApplicationForm(request.POST or None, campaign=campaign)
    return _act_page(
        request,
        form,
        save=lambda: services.application_transmit(by=request.user, **form.cleaned_data) and campaign,
        title=_("Transmit an application"),
        back=campaign.get_absolute_url(),
        success=_("The application was transmitted to the site's referents."),
    )


def _application(request, application_pk: int) -> Application:
    return get_object_or_404(
        Application.objects.visible_to(request.user).select_related(
            "student__diploma",
            "offer__campaign__school",
            "offer__campaign__host",
            "offer__site__unit",
            "offer__diploma",
        ),
        pk=application_pk,
    )


@GET_POST
def application_decide(request, application_pk: int):
    application = _application(request, application_pk)
    campaign = application.offer.campaign
    _deny(
        can_answer_campaign(request.user, campaign),
        _("Only the host's HR or site referents decide on applications."),
    )
    form = DecisionForm(request.POST or None)
    return _act_page(
        request,
        form,
        save=lambda: (
            services.application_decide(
                by=request.user,
                application=application,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
            )
            and campaign
        ),
        title=_("Decide on the application of %(student)s") % {"student": application.student},
        back=campaign.get_absolute_url(),
        success=_("The decision was recorded."),
    )


@GET_POST
def placement_create(request, application_pk: int):
    application = _application(request, application_pk)
    campaign = application.offer.campaign
    _deny(
        can_place(request.user, campaign),
        _("Only the school's officers or the host's referents place a student."),
    )
    if application.status != ApplicationStatus.ACCEPTED:
        messages.error(request, _("Only an accepted application becomes a placement."))
        return redirect(campaign.get_absolute_url())
    form = PlacementForm(request.POST or None, application=application)
    return _act_page(
        request,
        form,
        save=lambda: services.placement_create(by=request.user, application=application, **form.cleaned_data),
        title=_("Place %(student)s at %(site)s")
        % {"student": application.student, "site": application.offer.site},
        back=campaign.get_absolute_url(),
        success=_("The student is placed: generate the internship agreement from the placement's page."),
    )


# --- Placements (IN7, IN8) ---------------------------------------------------------------------


def _placement(request, placement_pk: int) -> Placement:
    return get_object_or_404(
        Placement.objects.visible_to(request.user).select_related(
            "student__diploma",
            "campaign__school",
            "campaign__host",
            "campaign__partnership",
            "site__unit",
            "offer__diploma",
            "tutor__person",
            "tutor__qualification",
            "school_referent",
            "host",
        ),
        pk=placement_pk,
    )


@require_GET
def placement_detail(request, placement_pk: int):
    """The placement: schedule, hours, gratification, amendments, blocks not workable on site, documents."""
    placement = _placement(request, placement_pk)
    record_access(request.user, placement)  # a student's record: its readings are journaled (DP3)
    accepted = (
        placement.site.diplomas.filter(diploma=placement.student.diploma)
        .prefetch_related("covered_blocks", "diploma__blocks")
        .first()
    )
    context = {
        "placement": placement,
        "periods": placement.periods.all(),
        "changes": placement.changes.all(),
        "gratification": selectors.placement_gratification(placement),
        "uncovered": accepted.uncovered_blocks() if accepted else [],
        "can_place": can_place(request.user, placement.campaign),
        "can_follow": can_follow(request.user, placement.campaign),
        "days_months": hours.as_days_and_months(placement.total_hours),
        "visits": placement.visits.select_related("trainer"),
        "evaluations": placement.evaluations.select_related("tutor__person"),
        "certificate": panel_context(request.user, placement, get_builder("internship_certificate")),
        "now": timezone.now(),
    }
    context.update(panel_context(request.user, placement, get_builder("internship_agreement")))
    return render(request, "internships/placement_detail.html", context)


@GET_POST
def placement_amend(request, placement_pk: int):
    placement = _placement(request, placement_pk)
    _deny(
        can_place(request.user, placement.campaign),
        _("Only the school's officers or the host's referents amend a placement."),
    )
    form = AmendmentForm(request.POST or None)

    def save():
        services.placement_amend(by=request.user, placement=placement, **form.cleaned_data)
        return placement

    return _act_page(
        request,
        form,
        save=save,
        title=_("Amend the internship of %(student)s") % {"student": placement.student},
        back=placement.get_absolute_url(),
        success=_("The amendment was recorded; the hours and the gratification follow."),
    )
