"""Pages, exports and feeds of the events (EV1, EV3, EV4). Thin: parse, call one service or query,
render.

Every view of an event fetches it through ``Event.objects.visible_to`` (404 for another tenant), its
children through the event. The public pages (registration link, cancellation link) find their one
object by an unguessable token and show nothing else; the feeds find their user by the private
calendar token.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partenaria.core.forms import act_and_redirect, add_service_errors
from partenaria.core.ratelimit import rate_limited
from partenaria.core.spreadsheets import workbook
from partenaria.core.views import render_form_page
from partenaria.documents.blocks import DocumentSpec, Paragraph, Table

from . import ical, services
from .forms import (
    CheckInForm,
    EventForm,
    NewsForm,
    PublicRegistrationForm,
    QuotaForm,
    RegistrationFilterForm,
    RegistrationForm,
    SessionForm,
)
from .models import Event, NewsItem, Registration, RegistrationStatus
from .permissions import can_manage_event, can_organise_for

GET_POST = require_http_methods(["GET", "POST"])


def _organisation(request):
    membership = request.current_membership
    return membership.organisation if membership else None


def _event(request, pk) -> Event:
    return get_object_or_404(
        Event.objects.visible_to(request.user).select_related("organiser", "partnership"), pk=pk
    )


def _managed_event(request, pk) -> Event:
    event = _event(request, pk)
    if not can_manage_event(request.user, event):
        raise PermissionDenied(_("Only a manager of the organiser or of the partnership may do this."))
    return event


# --- Lists -------------------------------------------------------------------------------------


@require_GET
def event_list(request):
    """« Événements »: the events of one's organisation, its partnerships and its partners (EV1)."""
    organisation = _organisation(request)
    events = Event.objects.visible_to(request.user)
    if organisation is not None:
        events = events.filter(pk__in=Event.objects.of_organisation(organisation).values("pk"))
    now = timezone.now()
    past = request.GET.get("periode") == "passes"
    events = events.filter(ends_at__lt=now) if past else events.filter(ends_at__gte=now)
    events = (
        events.select_related("organiser", "partnership")
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        )
        .order_by("-starts_at" if past else "starts_at", "pk")
    )
    news = NewsItem.objects.visible_to(request.user).select_related("publisher")
    if organisation is not None:
        news = news.filter(pk__in=NewsItem.objects.for_organisation(organisation).values("pk"))
    return render(
        request,
        "events/event_list.html",
        {
            "events": events,
            "past": past,
            "organisation": organisation,
            "can_create": organisation is not None and can_organise_for(request.user, organisation),
            "news": news[:5],
            "feed_url": request.build_absolute_uri(
                reverse("events:feed_ics", args=[request.user.calendar_token])
            ),
        },
    )


@GET_POST
def event_create(request):
    organisation = _organisation(request)
    if organisation is None or not can_organise_for(request.user, organisation):
        raise PermissionDenied(_("Only a manager of the organisation may create its events."))
    form = EventForm(request.POST or None, organiser=organisation)
    done = act_and_redirect(
        request,
        form,
        lambda: services.event_create(by=request.user, organiser=organisation, data=form.cleaned_data),
        success=_("Event created. Reserve places for an audience, then add the programme."),
        to=lambda event: event.get_absolute_url(),
    )
    return done or render_form_page(
        request,
        form,
        title=_("New event of %(organisation)s") % {"organisation": organisation.display_name},
        back=reverse("events:list"),
        submit=_("Create the event"),
    )


# --- One event ---------------------------------------------------------------------------------


@require_GET
def event_detail(request, pk):
    event = _event(request, pk)
    quotas = list(event.quotas.order_by("audience"))
    mine = list(
        event.registrations.active()
        .filter(Q(email__iexact=request.user.email) | Q(registered_by=request.user))
        .select_related("quota")
    )
    today = timezone.localdate()
    manage = can_manage_event(request.user, event)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "quotas": quotas,
            "general": next(q for q in quotas if q.audience == "general"),
            "sessions": event.sessions.all(),
            "mine": mine,
            "can_manage": manage,
            "is_open": services.registration_is_open(event, today),
            "public_link": request.build_absolute_uri(event.public_url())
            if manage and event.is_public
            else "",
            "confirmed": sum(q.taken for q in quotas),
            "waiting": event.registrations.filter(status=RegistrationStatus.WAITING).count(),
        },
    )


@GET_POST
def event_edit(request, pk):
    event = _managed_event(request, pk)
    form = EventForm(request.POST or None, instance=event, organiser=event.organiser)
    done = act_and_redirect(
        request,
        form,
        lambda: services.event_update(by=request.user, event=event, data=form.cleaned_data),
        success=_("Event saved."),
        to=lambda e: e.get_absolute_url(),
    )
    return done or render_form_page(
        request,
        form,
        title=_("Edit the event"),
        back=event.get_absolute_url(),
        submit=_("Save"),
        context={"subject_url": event.get_absolute_url(), "subject_label": event.title},
    )


@GET_POST
def quota_add(request, pk):
    event = _managed_event(request, pk)
    form = QuotaForm(request.POST or None)
    done = act_and_redirect(
        request,
        form,
        lambda: services.quota_set(
            by=request.user,
            event=event,
            audience=form.cleaned_data["audience"],
            places=form.cleaned_data["places"],
            open_to_public=form.cleaned_data["open_to_public"],
        ),
        success=_("Places reserved."),
        to=lambda quota: event.get_absolute_url() + "#quotas",
    )
    return done or render_form_page(
        request,
        form,
        title=_("Reserve places for an audience"),
        back=event.get_absolute_url(),
        submit=_("Reserve"),
        intro=_(
            "The reserved places are taken from the general places; together they fit within the capacity."
        ),
        context={"subject_url": event.get_absolute_url(), "subject_label": event.title},
    )


@GET_POST
def quota_edit(request, pk, quota_pk):
    event = _managed_event(request, pk)
    quota = get_object_or_404(event.quotas, pk=quota_pk)
    form = QuotaForm(request.POST or None, quota=quota)
    done = act_and_redirect(
        request,
        form,
        lambda: services.quota_set(
            by=request.user,
            event=event,
            audience=quota.audience,
            places=form.cleaned_data.get("places"),
            open_to_public=form.cleaned_data["open_to_public"],
        ),
        success=_("Places saved."),
        to=lambda q: event.get_absolute_url() + "#quotas",
    )
    return done or render_form_page(
        request,
        form,
        title=_("Places: %(audience)s") % {"audience": quota.get_audience_display()},
        back=event.get_absolute_url(),
        submit=_("Save"),
        context={"subject_url": event.get_absolute_url(), "subject_label": event.title},
    )


@GET_POST
def session_add(request, pk):
    event = _managed_event(request, pk)
    form = SessionForm(request.POST or None)
    done = act_and_redirect(
        request,
        form,
        lambda: services.session_add(by=request.user, event=event, data=form.cleaned_data),
        success=_("Session added to the programme."),
        to=lambda s: event.get_absolute_url() + "#programme",
    )
    return done or render_form_page(
        request,
        form,
        title=_("Add a session to the programme"),
        back=event.get_absolute_url(),
        submit=_("Add"),
        context={"subject_url": event.get_absolute_url(), "subject_label": event.title},
    )


@require_GET
def event_ics(request, pk):
    event = _event(request, pk)
    content = ical.event_calendar(event, url=request.build_absolute_uri(event.get_absolute_url()))
    return _ics_response(content, "evenement.ics")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Registrations -----------------------------------------------------------------------------


@GET_POST
def register(request, pk):
    """A partner's person registers, for themself or someone of their organisation (EV1)."""
    event = _event(request, pk)
    organisation = _organisation(request)
    quotas = event.quotas.order_by("audience")
    initial = {
        "first_name": request.user.first_name,
        "last_name": request.user.last_name,
        "email": request.user.email,
    }
    form = RegistrationForm(request.POST or None, quotas=quotas, initial=initial)
    done = act_and_redirect(
        request,
        form,
        lambda: services.registration_register(
            event=event,
            quota=form.cleaned_data["quota"],
            data=form.cleaned_data,
            consent=form.cleaned_data["consent"],
            by=request.user,
            organisation=organisation,
        ),
        success=_("Registration recorded: a confirmation is sent by e-mail."),
        to=lambda registration: event.get_absolute_url(),
    )
    if done is not None:
        return done
    return render(
        request,
        "events/register.html",
        {"event": event, "form": form, "notice": _notice(), "back_url": event.get_absolute_url()},
    )


def _notice() -> dict:
    return {
        key: (
            str(value) % {"days": settings.PARTENARIA_EVENT_OUTSIDER_RETENTION_DAYS}
            if key == "retention"
            else value
        )
        for key, value in Registration.PERSONAL_DATA.items()
    }


@GET_POST
def registration_list(request, pk):
    """The attendance list with check-in (EV1): the managers of the event only (personal data)."""
    event = _managed_event(request, pk)
    form = RegistrationFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    registrations = event.registrations.select_related("quota", "organisation").order_by(
        "status", "last_name", "first_name", "pk"
    )
    if status:
        registrations = registrations.filter(status=status)
    return render(
        request,
        "events/registration_list.html",
        {
            "event": event,
            "registrations": registrations,
            "form": form,
            "count": registrations.count(),
            "checked_in": event.registrations.filter(checked_in_at__isnull=False).count(),
        },
    )


@require_POST
def check_in(request, pk, registration_pk):
    event = _managed_event(request, pk)
    registration = get_object_or_404(event.registrations, pk=registration_pk)
    form = CheckInForm(request.POST)
    present = form.is_valid() and form.cleaned_data["present"]
    try:
        services.registration_check_in(by=request.user, registration=registration, present=present)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            (_("%(name)s is checked in.") if present else _("Arrival of %(name)s undone."))
            % {"name": registration},
        )
    return redirect(reverse("events:registrations", args=[event.pk]) + f"#registration-{registration.pk}")


@GET_POST
def registration_cancel_by_manager(request, pk, registration_pk):
    """A manager cancels a registration, after a confirmation page that says what follows."""
    event = _managed_event(request, pk)
    registration = get_object_or_404(
        event.registrations.exclude(status=RegistrationStatus.CANCELLED), pk=registration_pk
    )
    if request.method == "GET":
        return render(
            request,
            "events/cancel.html",
            {
                "registration": registration,
                "event": event,
                "back_url": reverse("events:registrations", args=[event.pk]),
            },
        )
    try:
        promoted = services.registration_cancel(registration=registration, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _cancelled_message(promoted))
    return redirect("events:registrations", event.pk)


def _cancelled_message(promoted) -> str:
    if promoted:
        return _(
            "Registration cancelled. The place goes to %(name)s, first of the waiting list, who is told by e-mail."
        ) % {"name": promoted[0]}
    return _("Registration cancelled.")


def _attendance_rows(event):
    registrations = event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related("quota")
    return [
        [
            r.last_name,
            r.first_name,
            r.organisation_name,
            r.quota.get_audience_display(),
            r.email,
            _("yes") if r.checked_in_at else "",
        ]
        for r in registrations.order_by("last_name", "first_name", "pk")
    ]


def _attendance_headers():
    return [_("Last name"), _("First name"), _("Organisation"), _("Places"), _("E-mail"), _("Present")]


@require_GET
@rate_limited("export")
def attendance_xlsx(request, pk):
    event = _managed_event(request, pk)
    content = workbook([(str(_("Attendance")), _attendance_headers(), _attendance_rows(event))])
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="emargement-{event.pk}.xlsx"'
    return response


@require_GET
@rate_limited("export")
def attendance_pdf(request, pk):
    """The list to sign at the door: one row per confirmed participant, with an empty signature cell."""
    from partenaria.documents.renderers.pdf import render_pdf

    event = _managed_event(request, pk)
    start = timezone.localtime(event.starts_at)
    rows = tuple((r[0], r[1], r[2], r[3], "") for r in _attendance_rows(event))
    spec = DocumentSpec(
        title=_("Attendance list"),
        subtitle=f"{event.title} – {start:%d/%m/%Y} – {event.place}",
        reference=f"{event.get_kind_display()} – {event.title}"[:120],
        blocks=[
            Paragraph(_("%(count)s confirmed participants.") % {"count": len(rows)}),
            Table(
                headers=(_("Last name"), _("First name"), _("Organisation"), _("Places"), _("Signature")),
                rows=rows,
            ),
        ],
    )
    response = HttpResponse(render_pdf(spec), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="emargement-{event.pk}.pdf"'
    return response


# --- Public pages: registration link and cancellation link ------------------------------------


def _too_many(request) -> bool:
    """A simple limit per address and minute on the public registrations (issue 6)."""
    address = request.META.get("REMOTE_ADDR", "")
    key = f"events:public:{address}:{timezone.now():%Y%m%d%H%M}"
    cache.add(key, 0, timeout=90)
    try:
        count = cache.incr(key)
    except ValueError:
        return False
    return count > settings.PARTENARIA_PUBLIC_REGISTRATION_PER_MINUTE


@login_not_required
@GET_POST
def public_register(request, token):
    """The public registration link of one event open to outsiders: that event only, no account, CSRF
    kept, consent to the data notice, minimal data (EV1)."""
    event = get_object_or_404(Event.objects.select_related("organiser"), public_token=token, is_public=True)
    quotas = event.quotas.filter(open_to_public=True).order_by("audience")
    form = PublicRegistrationForm(request.POST or None, quotas=quotas)
    status = 200
    if request.method == "POST" and _too_many(request):
        form.is_valid()
        form.add_error(None, _("Too many registrations from your address: please try again in a minute."))
        status = 429
    elif request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_register(
                event=event,
                quota=form.cleaned_data["quota"],
                data=form.cleaned_data,
                consent=form.cleaned_data["consent"],
                outsider=True,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if registration.status == RegistrationStatus.CONFIRMED:
                messages.success(
                    request, _("Your registration is confirmed: a confirmation is sent by e-mail.")
                )
            else:
                messages.warning(
                    request,
                    _(
                        "These places are all taken: you are on the waiting list. If a place frees up it is "
                        "yours, and you will receive an e-mail."
                    ),
                )
            return redirect(event.public_url())
    return render(
        request,
        "events/public_register.html",
        {
            "event": event,
            "form": form,
            "notice": _notice(),
            "sessions": event.sessions.all(),
            "is_open": services.registration_is_open(event, timezone.localdate()),
        },
        status=status,
    )


@login_not_required
@GET_POST
def cancel(request, token):
    """The cancellation link of a registration's e-mail: that registration only (EV1)."""
    registration = get_object_or_404(
        Registration.objects.select_related("event", "quota").exclude(status=RegistrationStatus.CANCELLED),
        cancel_token=token,
        anonymised_at__isnull=True,
    )
    if request.method == "POST":
        services.registration_cancel(registration=registration)
        return render(request, "events/cancelled.html", {"event": registration.event})
    return render(request, "events/cancel.html", {"registration": registration, "event": registration.event})


# --- News of the resource pole (EV4) and feeds -------------------------------------------------


@require_GET
def news_list(request):
    organisation = _organisation(request)
    news = NewsItem.objects.visible_to(request.user).select_related("publisher", "event")
    if organisation is not None:
        news = news.filter(pk__in=NewsItem.objects.for_organisation(organisation).values("pk"))
    return render(
        request,
        "events/news_list.html",
        {
            "news": news[:100],
            "can_publish": organisation is not None and can_organise_for(request.user, organisation),
            "feed_url": request.build_absolute_uri(
                reverse("events:feed_news", args=[request.user.calendar_token])
            ),
        },
    )


@GET_POST
def news_add(request):
    organisation = _organisation(request)
    if organisation is None or not can_organise_for(request.user, organisation):
        raise PermissionDenied(_("Only a manager of the organisation may publish its news."))
    form = NewsForm(
        request.POST or None, publisher=organisation, initial={"published_on": timezone.localdate()}
    )
    done = act_and_redirect(
        request,
        form,
        lambda: services.news_publish(by=request.user, publisher=organisation, data=form.cleaned_data),
        success=_("News published to the agents of your partners."),
        to=lambda item: reverse("events:news"),
    )
    return done or render_form_page(
        request, form, title=_("Publish a news item"), back=reverse("events:news"), submit=_("Publish")
    )


def _token_owner(token):
    return get_object_or_404(get_user_model(), calendar_token=token, is_active=True)


class NewsFeed(Feed):
    """Atom feed of the news one's partners share (EV4), behind the private calendar token."""

    feed_type = Atom1Feed

    def get_object(self, request, token):
        return _token_owner(token)

    def title(self, user):
        return _("Partenaria – news of the partners")

    def link(self, user):
        return reverse("events:news")

    def subtitle(self, user):
        return _("Study days, colloquia and publications of the resource poles of your partners.")

    def items(self, user):
        return NewsItem.objects.visible_to(user).select_related("publisher")[:50]

    def item_title(self, item):
        return f"{item.get_kind_display()} – {item.title}"

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.link or reverse("events:news") + f"#news-{item.pk}"

    def item_guid(self, item):
        return f"partenaria-news-{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item):
        return item.source or item.publisher.display_name

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time(9)))

    def item_updateddate(self, item):
        return item.updated_at


news_feed = login_not_required(NewsFeed())


@login_not_required
@require_GET
def events_feed(request, token):
    """Private iCalendar feed of the events the token's owner sees, from a month ago on (EV1)."""
    user = _token_owner(token)
    since = timezone.now() - datetime.timedelta(days=31)
    events = (
        Event.objects.visible_to(user)
        .filter(ends_at__gte=since)
        .select_related("organiser")
        .order_by("starts_at")
    )
    content = ical.events_feed(events, name=_("Partenaria events"), absolute_url=request.build_absolute_uri)
    return _ics_response(content, "evenements.ics")
