"""Pages of the allocation assistant (IN9). Thin: fetch through ``visible_to``, check the right, call
one service, render. Another tenant's campaign is a 404; the host side gets a 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partenaria.core.forms import act_and_redirect, add_service_errors
from partenaria.core.ratelimit import rate_limited
from partenaria.internships.models import Campaign, HostSite, Student

from . import jsonio, problem, services
from .forms import LockForm, ProfileForm, SiteLocationForm, WishesForm
from .models import Lock, Run, SiteLocation, StudentProfile, Wish
from .permissions import can_allocate
from .reasons import lock_refusal_text, outcome_text

GET_POST = require_http_methods(["GET", "POST"])
FILTERS = {"placed", "unplaced", "locked"}


def _campaign(request, campaign_pk: int) -> Campaign:
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("school", "host", "partnership"),
        pk=campaign_pk,
    )
    if not can_allocate(request.user, campaign):
        raise PermissionDenied(_("Only the school's placement office uses the allocation assistant."))
    return campaign


def _student(campaign: Campaign, student_pk: int) -> Student:
    return get_object_or_404(
        Student.objects.select_related("diploma"), pk=student_pk, school=campaign.school_id
    )


def _open_offers(campaign: Campaign, student: Student):
    return (
        campaign.offers.filter(diploma=student.diploma_id)
        .select_related("site__unit")
        .order_by("period_start", "pk")
    )


@require_GET
def assistant(request, campaign_pk: int):
    """The assistant: students and their wishes, the latest run with its explanations, locks, acceptance."""
    campaign = _campaign(request, campaign_pk)
    diplomas = set(campaign.offers.values_list("diploma_id", flat=True))
    students = list(
        Student.objects.filter(school=campaign.school_id, diploma_id__in=diplomas)
        .select_related("diploma")
        .annotate(wish_count=Count("allocation_wishes", filter=Q(allocation_wishes__campaign=campaign)))
        .order_by("last_name", "first_name")
    )
    by_pk = {s.pk: s for s in students}
    offers = {o.pk: o for o in campaign.offers.select_related("site__unit")}
    locks = {lock.student_id: lock for lock in Lock.objects.filter(campaign=campaign)}
    run = Run.objects.filter(campaign=campaign).select_related("run_by", "accepted_by").first()
    rows = []
    show = request.GET.get("etat", "")
    show = show if show in FILTERS else ""
    diploma = request.GET.get("diplome", "")
    if run is not None:
        for e in run.results.get("explanations", []):
            student = by_pk.get(int(e["student"]))
            if student is None:
                continue
            locked = student.pk in locks
            if (show == "placed" and not e["offer"]) or (show == "unplaced" and e["offer"]):
                continue
            if show == "locked" and not locked:
                continue
            if diploma and student.diploma.code != diploma:
                continue
            rows.append(
                {
                    "student": student,
                    "offer": offers.get(int(e["offer"])) if e["offer"] else None,
                    "rank": e["rank"],
                    "locked": locked,
                    "lock_refused": lock_refusal_text(e["lock_refused"]) if e.get("lock_refused") else "",
                    "wishes": [
                        {
                            "offer": offers.get(int(w["offer"])) if w["offer"].isdigit() else None,
                            "rank": w["rank"],
                            "outcome": w["outcome"],
                            "text": outcome_text(w["outcome"], w.get("detail")),
                        }
                        for w in e["wishes"]
                    ],
                }
            )
    return render(
        request,
        "allocation/assistant.html",
        {
            "campaign": campaign,
            "students": students,
            "run": run,
            "rows": rows,
            "locks": locks,
            "offers": offers,
            "show": show,
            "diploma": diploma,
            "diploma_codes": sorted({s.diploma.code for s in students}),
            "wishers": sum(1 for s in students if s.wish_count),
            "sites": HostSite.objects.filter(offers__campaign=campaign)
            .distinct()
            .select_related("unit", "location")
            .order_by("unit__name"),
        },
    )


@GET_POST
def student_wishes(request, campaign_pk: int, student_pk: int):
    """A student's ranked wishes and where they live, how they travel, when they are free."""
    campaign = _campaign(request, campaign_pk)
    student = _student(campaign, student_pk)
    offers = list(_open_offers(campaign, student))
    current = list(
        Wish.objects.filter(campaign=campaign, student=student)
        .order_by("rank")
        .values_list("offer_id", flat=True)
    )
    profile = StudentProfile.objects.filter(student=student).first()
    posted = request.POST if request.method == "POST" else None
    which = request.POST.get("form") if posted else None
    wishes_form = WishesForm(posted if which == "wishes" else None, offers=offers, initial_offers=current)
    profile_form = ProfileForm(posted if which == "profile" else None, instance=profile, prefix="profile")
    back = redirect("allocation:student_wishes", campaign.pk, student.pk)
    if which == "wishes" and wishes_form.is_valid():
        try:
            services.wishes_set(
                by=request.user, campaign=campaign, student=student, offers=wishes_form.cleaned_data["wishes"]
            )
        except ValidationError as exc:
            add_service_errors(wishes_form, exc)
        else:
            messages.success(request, _("The wishes were saved."))
            return back
    if which == "profile":
        response = act_and_redirect(
            request,
            profile_form,
            lambda: services.profile_set(
                by=request.user, campaign=campaign, student=student, data=profile_form.cleaned_data
            ),
            success=_("The student's details were saved."),
            to=lambda _p: back.url,
        )
        if response is not None:
            return response
    return render(
        request,
        "allocation/student.html",
        {"campaign": campaign, "student": student, "wishes_form": wishes_form, "profile_form": profile_form},
    )


def _json_attachment(data: dict, filename: str) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@rate_limited("export")
def export_problem(request, campaign_pk: int):
    """The campaign in the JSON format of ``docs/allocation.md``: to solve it with another solver."""
    campaign = _campaign(request, campaign_pk)
    return _json_attachment(
        jsonio.problem_to_json(problem.build(campaign)), f"affectation-{campaign.pk}-probleme.json"
    )


@require_GET
@rate_limited("export")
def export_result(request, campaign_pk: int):
    """The latest run's output, in the same format as ``manage.py allocate`` writes it."""
    campaign = _campaign(request, campaign_pk)
    latest = Run.objects.filter(campaign=campaign).first()
    if latest is None:
        raise Http404
    data = {"format": jsonio.FORMAT, "summary": latest.summary, **latest.results}
    return _json_attachment(data, f"affectation-{campaign.pk}-resultat.json")


@GET_POST
def site_location(request, campaign_pk: int, site_pk: int):
    """Where a host site of the campaign is, to count the students' travel."""
    campaign = _campaign(request, campaign_pk)
    sites = HostSite.objects.filter(offers__campaign=campaign).distinct().select_related("unit")
    site = get_object_or_404(sites, pk=site_pk)
    form = SiteLocationForm(request.POST or None, instance=SiteLocation.objects.filter(site=site).first())
    response = act_and_redirect(
        request,
        form,
        lambda: services.site_locate(by=request.user, campaign=campaign, site=site, **form.cleaned_data),
        success=_("The site's location was saved."),
        to=lambda _location: campaign_url(campaign),
    )
    if response is not None:
        return response
    return render(request, "allocation/site.html", {"campaign": campaign, "site": site, "form": form})


@require_POST
def run(request, campaign_pk: int):
    campaign = _campaign(request, campaign_pk)
    done = services.allocation_run(by=request.user, campaign=campaign)
    messages.success(
        request,
        _("The assistant placed %(placed)s of %(students)s students.")
        % {"placed": done.summary["placed"], "students": done.summary["students"]},
    )
    return redirect("allocation:assistant", campaign.pk)


@GET_POST
def lock(request, campaign_pk: int, student_pk: int):
    """Keep the proposal, or change it by hand: checked against every hard rule before it is kept."""
    campaign = _campaign(request, campaign_pk)
    student = _student(campaign, student_pk)
    form = LockForm(request.POST or None, offers=_open_offers(campaign, student))
    response = act_and_redirect(
        request,
        form,
        lambda: services.assignment_lock(
            by=request.user, campaign=campaign, student=student, offer=form.cleaned_data["offer"]
        ),
        success=_("The assignment is locked: the next run keeps it."),
        to=lambda _lock: f"{campaign_url(campaign)}#student-{student.pk}",
    )
    if response is not None:
        return response
    return render(request, "allocation/lock.html", {"campaign": campaign, "student": student, "form": form})


def campaign_url(campaign: Campaign) -> str:
    return reverse("allocation:assistant", args=[campaign.pk])


@require_POST
def unlock(request, campaign_pk: int, student_pk: int):
    campaign = _campaign(request, campaign_pk)
    student = _student(campaign, student_pk)
    services.assignment_unlock(by=request.user, campaign=campaign, student=student)
    messages.success(request, _("The assignment is unlocked."))
    return redirect(f"{campaign_url(campaign)}#student-{student.pk}")


@require_POST
def accept(request, campaign_pk: int):
    """Accept the latest run's proposals: they become applications that the referents decide on."""
    campaign = _campaign(request, campaign_pk)
    run_pk = request.POST.get("run", "")
    latest = get_object_or_404(
        Run.objects.filter(campaign=campaign), pk=int(run_pk) if run_pk.isdigit() else 0
    )
    try:
        created = services.run_accept(by=request.user, run=latest)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("allocation:assistant", campaign.pk)
    messages.success(
        request,
        _("%(n)s applications were transmitted to the host sites' referents, who decide.")
        % {"n": len(created)},
    )
    return redirect(campaign.get_absolute_url())
