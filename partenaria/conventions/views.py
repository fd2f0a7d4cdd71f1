"""Pages of partnerships and conventions (CV1, CV2, CV3, CV5, CV8). Thin: parse, call, render.

Every object is fetched through ``visible_to(request.user)`` first (the wrong tenant gets 404),
then the act is checked against ``permissions`` (403).
"""

import datetime

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Prefetch, Q, When
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partenaria.core.audit import describe, history_for
from partenaria.core.forms import add_service_errors
from partenaria.core.ratelimit import rate_limited
from partenaria.core.spreadsheets import table_download
from partenaria.core.templatetags.partenaria import longdate
from partenaria.organisations.models import Organisation

from . import permissions, services, terms
from .forms import (
    SORTS,
    ConventionFilterForm,
    ConventionForm,
    DenounceForm,
    PartnershipForm,
    PartyFormSet,
    SignForm,
    SupersedeForm,
)
from .models import (
    Convention,
    Partnership,
    PartnershipMember,
    Party,
    StartMode,
    bodies_awaiting_vote,
)
from .statuses import Status, manual_transitions_from, refusal

PAGE_SIZE = 25
TABS = ["content", "parties", "approval", "amendments", "disputes", "documents", "history"]


def _refusal(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _only(request, *methods):
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None


def _start_sort():
    return Case(When(start_mode=StartMode.SIGNATURE, then=F("signature_date")), default=F("start_date"))


def _convention(request, pk, queryset=None):
    queryset = queryset if queryset is not None else Convention.objects.all()
    return get_object_or_404(queryset.visible_to(request.user).select_related("partnership", "parent"), pk=pk)


# --- Partnerships --------------------------------------------------------------------------------


def partnership_list(request):
    if denied := _only(request, "GET"):
        return denied
    partnerships = (
        Partnership.objects.visible_to(request.user)
        .select_related("lead")
        .prefetch_related(
            Prefetch("members", queryset=PartnershipMember.objects.select_related("organisation"))
        )
        .annotate(convention_count=Count("conventions", distinct=True))
        .order_by("title", "pk")
    )
    query = request.GET.get("q", "").strip()
    if query:
        partnerships = partnerships.filter(
            Q(title__icontains=query)
            | Q(description__icontains=query)
            | Q(
                pk__in=PartnershipMember.objects.filter(
                    Q(organisation__name__icontains=query) | Q(organisation__short_name__icontains=query)
                ).values("partnership_id")
            )
        )
    page = Paginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "conventions/partnership_list.html",
        {
            "page": page,
            "query": query,
            "querystring": params.urlencode(),
            "can_create": permissions.can_create_partnership(request.user),
        },
    )


def partnership_create(request):
    if denied := _only(request, "GET", "POST"):
        return denied
    if not permissions.can_create_partnership(request.user):
        raise PermissionDenied(_("Only administrators and partnership officers create partnerships."))
    current = request.current_membership
    initial = {"organisations": [current.organisation_id]} if current else {}
    form = PartnershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partnership = services.partnership_create(
                by=request.user,
                title=data["title"],
                kind=data["kind"],
                description=data["description"],
                lead=data["lead"],
                organisations=data["organisations"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Partnership created."))
            return redirect(partnership)
    return render(request, "conventions/partnership_form.html", {"form": form})


def partnership_detail(request, pk):
    partnership = get_object_or_404(
        Partnership.objects.visible_to(request.user).select_related("lead"), pk=pk
    )
    if denied := _only(request, "GET"):
        return denied
    members = list(partnership.members.select_related("organisation").order_by("organisation__name"))
    conventions = list(
        partnership.conventions.for_listing()
        .annotate(start_sort=_start_sort())
        .order_by(F("start_sort").asc(nulls_last=True), "pk")
    )
    # Lineage (CV5): the conventions in order of start, each amendment under the convention it amends.
    amendments: dict[int, list[Convention]] = {}
    for convention in conventions:
        if convention.parent_id:
            amendments.setdefault(convention.parent_id, []).append(convention)
    roots = [c for c in conventions if not c.parent_id or c.parent_id not in {x.pk for x in conventions}]
    timeline = [(c, amendments.get(c.pk, []) if not c.parent_id else []) for c in roots]
    return render(
        request,
        "conventions/partnership_detail.html",
        {
            "partnership": partnership,
            "members": members,
            "timeline": timeline,
            "can_manage": permissions.can_manage_partnership(request.user, partnership),
        },
    )


# --- Convention list and exports -----------------------------------------------------------------


def _filtered_conventions(request):
    partnerships = Partnership.objects.visible_to(request.user).order_by("title")
    form = ConventionFilterForm(request.GET, partnerships=partnerships)
    conventions = Convention.objects.visible_to(request.user).for_listing().annotate(start_sort=_start_sort())
    sort = "title"
    if form.is_valid():
        data = form.cleaned_data
        if query := data["q"].strip():
            conventions = conventions.filter(
                Q(title__icontains=query)
                | Q(reference__icontains=query)
                | Q(
                    # Matching organisations first (hundreds), then their parties: not every party row.
                    pk__in=Party.objects.filter(
                        organisation__in=Organisation.objects.filter(
                            Q(name__icontains=query) | Q(short_name__icontains=query)
                        ).values("pk")
                    ).values("convention_id")
                )
            )
        if data["status"]:
            conventions = conventions.filter(status=data["status"])
        if data["kind"]:
            conventions = conventions.filter(kind=data["kind"])
        if data["partnership"]:
            conventions = conventions.filter(partnership=data["partnership"])
        if data["tacit_renewal"]:
            conventions = conventions.filter(tacit_renewal=data["tacit_renewal"] == "yes")
        sort = data["sort"] or "title"
    return form, conventions.order_by(*SORTS.get(sort, SORTS["title"])), sort


def convention_list(request):
    if denied := _only(request, "GET"):
        return denied
    form, conventions, sort = _filtered_conventions(request)
    page = Paginator(conventions, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "conventions/convention_list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "querystring": params.urlencode(),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        },
    )


EXPORT_HEADERS = [
    gettext_lazy("Title"),
    gettext_lazy("Reference"),
    gettext_lazy("Partnership"),
    gettext_lazy("Kind"),
    gettext_lazy("Parties"),
    gettext_lazy("Start"),
    gettext_lazy("End of current term"),
    gettext_lazy("Last day to denounce"),
    gettext_lazy("Status"),
]


def _export_rows(conventions):
    for c in conventions:
        yield [
            c.title,
            c.reference,
            c.partnership.title,
            c.get_kind_display(),
            ", ".join(p.organisation.name for p in c.parties.all()),
            c.effective_start,
            c.end_date,
            c.notice_deadline,
            c.get_status_display(),
        ]


@rate_limited("export")
def convention_export(request, fmt):
    if denied := _only(request, "GET"):
        return denied
    _form, conventions, _sort = _filtered_conventions(request)
    return table_download(fmt, "conventions", "Conventions", EXPORT_HEADERS, _export_rows(conventions))


# --- Convention detail ---------------------------------------------------------------------------


def _field_label(name: str) -> str:
    try:
        field = Convention._meta.get_field(name.removesuffix("_id"))
    except FieldDoesNotExist:
        return name.replace("_", " ")
    if field.is_relation and field.auto_created:  # a reverse relation: "parties", "changes"
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def _shown(value) -> str:
    """A value of the audit trail as a person reads it: dates in words, empty as a dash."""
    if value in (None, ""):
        return "—"
    if isinstance(value, str) and len(value) == 10:
        try:
            return longdate(datetime.date.fromisoformat(value))
        except ValueError:
            pass
    return str(value)


def _status_label(value) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return str(value)


def _change_lines(event) -> list[str]:
    lines = []
    for name, value in (event.changes or {}).items():
        label = _field_label(name)
        paired = (
            isinstance(value, list)
            and len(value) == 2
            and (name == "status" or event.action == "convention.updated")
        )
        if paired:
            old, new = value
            if name == "status":
                old, new = _status_label(old), _status_label(new)
            lines.append(f"{label} : {_shown(old)} → {_shown(new)}")
        elif isinstance(value, list):
            lines.append(f"{label} : {', '.join(_shown(v) for v in value)}")
        else:
            lines.append(f"{label} : {_shown(value)}")
    return lines


def convention_detail(request, pk):
    convention = get_object_or_404(
        Convention.objects.visible_to(request.user)
        .for_listing()
        .prefetch_related(
            Prefetch(
                "partnership__members", queryset=PartnershipMember.objects.select_related("organisation")
            )
        ),
        pk=pk,
    )
    if denied := _only(request, "GET"):
        return denied
    tab = request.GET.get("tab", "content")
    if tab not in TABS:
        tab = "content"
    user = request.user
    can_change = permissions.can_change_status(user, convention)
    history = []
    if tab == "history":
        history = [
            {"event": e, "verb": describe(e.action), "changes": _change_lines(e)}
            for e in history_for(convention)
        ]
    context = {
        "convention": convention,
        "partnership": convention.partnership,
        "schedule": convention.current_schedule,
        "denunciation": convention.accepted_denunciation(),
        "tab": tab,
        "tabs": [
            ("content", _("Content")),
            ("parties", _("Parties")),
            ("approval", _("Approval")),
            ("amendments", _("Amendments")),
            ("disputes", _("Disputes")),
            ("documents", _("Documents")),
            ("history", _("History")),
        ],
        "can_edit": permissions.can_edit_convention(user, convention),
        "can_change_status": can_change,
        "can_denounce": permissions.can_denounce(user, convention),
        "acts": [t.name for t in manual_transitions_from(convention.status)] if can_change else [],
        "history": history,
    }
    if tab == "disputes":
        from .dispute_views import disputes_tab_context

        context.update(disputes_tab_context(user, convention))
    elif tab == "documents":
        # The documents app builds on conventions: imported here so that the dependency stays one-way.
        from partenaria.documents.builders.convention import builder_for
        from partenaria.documents.views import panel_context

        context.update(panel_context(user, convention, builder_for(convention)))
    if tab != "history":
        # The four tab partials belong to the content pages; they say what they need.
        from .content_views import content_tabs_context

        context.update(content_tabs_context(user, convention))
    return render(request, "conventions/convention_detail.html", context)


# --- Creating and editing ------------------------------------------------------------------------


def convention_create(request, pk):
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), pk=pk)
    if denied := _only(request, "GET", "POST"):
        return denied
    if not permissions.can_manage_partnership(request.user, partnership):
        raise PermissionDenied(_("Only the partners' officers create conventions in this partnership."))
    members = partnership.members.select_related("organisation").order_by("organisation__name")
    form = ConventionForm(request.POST or None)
    formset = PartyFormSet(
        request.POST or None,
        prefix="parties",
        form_kwargs={"partnership": partnership},
        initial=[
            {"organisation": m.organisation_id, "designation": m.organisation.display_name} for m in members
        ],
    )
    if request.method == "POST":
        form_ok, formset_ok = form.is_valid(), formset.is_valid()
        if form_ok and formset_ok:
            try:
                convention = services.convention_create(
                    by=request.user,
                    partnership=partnership,
                    parties=formset.parties(),
                    **form.service_data(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Draft convention created."))
                return redirect(convention)
    return render(
        request,
        "conventions/convention_form.html",
        {"form": form, "formset": formset, "partnership": partnership, "convention": None},
    )


def _initial(convention: Convention) -> dict:
    from .forms import CONVENTION_FORM_FIELDS

    initial = {name: getattr(convention, name) for name in CONVENTION_FORM_FIELDS}
    initial["version"] = convention.version
    return initial


def convention_edit(request, pk):
    convention = _convention(request, pk)
    if denied := _only(request, "GET", "POST"):
        return denied
    if not permissions.can_edit_convention(request.user, convention):
        raise PermissionDenied(
            _("Only a draft or a convention in approval is edited, by the partners' officers.")
        )
    form = ConventionForm(request.POST or None, initial=_initial(convention), convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            services.convention_update(
                by=request.user,
                convention=convention,
                expected_version=form.cleaned_data["version"],
                data=form.service_data(),
            )
        except ValidationError as exc:
            # Includes ConcurrentEditError: what was typed stays in the form, the message on top.
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Convention saved."))
            return redirect(convention)
    return render(
        request,
        "conventions/convention_form.html",
        {"form": form, "formset": None, "partnership": convention.partnership, "convention": convention},
    )


# --- Status acts ---------------------------------------------------------------------------------


def _status_act(request, pk, act, success):
    convention = _convention(request, pk)
    if denied := _only(request, "POST"):
        return denied
    if not permissions.can_change_status(request.user, convention):
        raise PermissionDenied(_("Only the partners' officers change the status of a convention."))
    try:
        act(by=request.user, convention=convention)
    except ValidationError as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, success)
    return redirect(convention)


def convention_submit(request, pk):
    return _status_act(request, pk, services.convention_submit, _("Convention submitted for approval."))


def convention_return_to_draft(request, pk):
    return _status_act(request, pk, services.convention_return_to_draft, _("Convention returned to draft."))


def convention_sign(request, pk):
    convention = _convention(request, pk)
    if denied := _only(request, "GET", "POST"):
        return denied
    if not permissions.can_change_status(request.user, convention):
        raise PermissionDenied(_("Only the partners' officers record a signature."))
    form = SignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            convention = services.convention_sign(by=request.user, convention=convention, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Signature recorded. The convention is now « %(status)s ».")
                % {"status": convention.get_status_display()},
            )
            return redirect(convention)
    return render(
        request,
        "conventions/convention_sign.html",
        {
            "form": form,
            "convention": convention,
            "refused": refusal(convention.status, "sign"),
            "awaiting_vote": bodies_awaiting_vote(
                convention.approval_steps.select_related("organisation"), on=timezone.localdate()
            ),
        },
    )


def convention_supersede(request, pk):
    convention = _convention(request, pk)
    if denied := _only(request, "GET", "POST"):
        return denied
    if not permissions.can_change_status(request.user, convention):
        raise PermissionDenied(_("Only the partners' officers change the status of a convention."))
    form = SupersedeForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            services.convention_supersede(
                by=request.user, convention=convention, successor=form.cleaned_data["successor"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Convention marked as superseded."))
            return redirect(convention)
    return render(
        request,
        "conventions/convention_supersede.html",
        {"form": form, "convention": convention, "refused": refusal(convention.status, "supersede")},
    )


def convention_denounce(request, pk):
    convention = _convention(request, pk, Convention.objects.with_extensions())
    if denied := _only(request, "GET", "POST"):
        return denied
    if not permissions.can_denounce(request.user, convention):
        raise PermissionDenied(_("Only the officers of a party record a denunciation."))
    form = DenounceForm(request.POST or None, convention=convention)
    offer_next_term = False
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            denunciation = services.convention_denounce(by=request.user, convention=convention, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            rules = convention.term_rules()
            if rules is not None and rules.tacit_renewal:
                _effect, too_late_for = terms.denunciation_effect(rules, data["received_on"])
                offer_next_term = too_late_for is not None
        else:
            messages.success(
                request,
                _("Denunciation recorded: the convention ends on %(date)s.")
                % {"date": longdate(denunciation.takes_effect_on)},
            )
            return redirect(convention)
    return render(
        request,
        "conventions/convention_denounce.html",
        {
            "form": form,
            "convention": convention,
            "offer_next_term": offer_next_term or bool(form.data.get("accept_next_term")),
            "refused": refusal(convention.status, "denounce"),
        },
    )
