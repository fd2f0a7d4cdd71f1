"""Pages and htmx fragments editing the content of a convention (CV1, CV4, CV6, CV7).

Every view fetches the convention through ``visible_to`` (404 for another tenant) and its child
through the convention (404 for another convention's article). Acting without the right is 403.
With htmx a view answers the fragment to swap; without JavaScript the same URL renders a full page
and a POST redirects to the tab.
"""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import retarget

from partenaria.core.forms import add_service_errors
from partenaria.core.views import render_form_page

from . import content_services as cs
from .content_forms import (
    AmendmentForm,
    ApprovalStepForm,
    ArticleForm,
    ChangeFormSet,
    CommitmentForm,
    PartyForm,
)
from .models import ApprovalStep, Article, Commitment, Convention, ConventionKind, Party, bodies_awaiting_vote
from .permissions import can_edit_convention
from .statuses import EDITABLE

GET_POST = require_http_methods(["GET", "POST"])


# --- Context for the tabs of the convention page ------------------------------------------------


def content_tabs_context(user, convention: Convention) -> dict:
    """What the four tab partials need; the convention page adds it to its context."""
    parties = list(convention.parties.select_related("organisation").order_by("position", "pk"))
    steps = list(
        convention.approval_steps.select_related("organisation").order_by(
            F("date").asc(nulls_last=True), "pk"
        )
    )
    is_amendment = convention.kind == ConventionKind.AMENDMENT
    return {
        "content_context": True,
        "convention": convention,
        "can_edit": can_edit_convention(user, convention),
        "can_fulfil": cs.can_fulfil_commitments(user, convention),
        "can_draft_amendment": cs.can_draft_amendment(user, convention),
        "articles": cs.effective_articles(convention),
        "parties": parties,
        "approval_steps": steps,
        # Before the signature only: which bodies still have to vote on their report (CV7).
        "awaiting_vote": bodies_awaiting_vote(steps, on=timezone.localdate())
        if convention.status in EDITABLE
        else [],
        "amendments": [] if is_amendment else cs.amendments_with_changes(convention),
        "own_changes": cs.own_change_summaries(convention) if is_amendment else [],
    }


# --- Helpers ------------------------------------------------------------------------------------


def _visible(request, pk: int) -> Convention:
    return get_object_or_404(Convention.objects.visible_to(request.user).select_related("partnership"), pk=pk)


def _check_edit(request, convention: Convention) -> None:
    # Checked after the child is fetched: another convention's child is a 404 before it is a 403.
    if not can_edit_convention(request.user, convention):
        raise PermissionDenied(_("This convention cannot be edited by you, or not any more."))


def _editable(request, pk: int) -> Convention:
    convention = _visible(request, pk)
    _check_edit(request, convention)
    return convention


def _article(convention: Convention, article_pk: int) -> Article:
    return get_object_or_404(
        Article.objects.select_related("convention"), pk=article_pk, convention=convention
    )


def _commitment(convention: Convention, commitment_pk: int) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("convention", "debtor", "creditor", "article"),
        pk=commitment_pk,
        convention=convention,
    )


def _tab_url(convention: Convention, tab: str, anchor: str = "") -> str:
    """Back to the tab on the convention page, at the block just changed."""
    return f"{convention.get_absolute_url()}?tab={tab}#{anchor or 'tab-panel'}"


def _article_block(request, convention: Convention, article: Article) -> HttpResponse:
    """The read view of one article, as it shows in the content tab."""
    block = next(b for b in cs.convention_articles(convention) if b.pk == article.pk)
    return render(
        request,
        "conventions/content/_article.html",
        {
            "convention": convention,
            "block": block,
            "can_edit": can_edit_convention(request.user, convention),
            "can_fulfil": cs.can_fulfil_commitments(request.user, convention),
        },
    )


def _content_list(request, convention: Convention) -> HttpResponse:
    context = content_tabs_context(request.user, convention)
    return render(request, "conventions/content/_content_list.html", context)


# --- Tab pages (full pages, also the targets of the no-JS redirects) ----------------------------


def _tab_page(request, pk: int, tab: str, title: str) -> HttpResponse:
    convention = _visible(request, pk)
    context = content_tabs_context(request.user, convention)
    context.update(tab=tab, page_title=title, tab_template=f"conventions/content/_{tab}_tab.html")
    return render(request, "conventions/content/tab_page.html", context)


def content_tab(request, pk: int):
    return _tab_page(request, pk, "content", _("Content"))


def parties_tab(request, pk: int):
    return _tab_page(request, pk, "parties", _("Parties"))


def approval_tab(request, pk: int):
    return _tab_page(request, pk, "approval", _("Approval"))


def amendments_tab(request, pk: int):
    return _tab_page(request, pk, "amendments", _("Amendments"))


# --- Articles -----------------------------------------------------------------------------------


@GET_POST
def article_add(request, pk: int):
    convention = _editable(request, pk)
    form = ArticleForm(request.POST or None, initial={"kind": request.GET.get("kind", "article")})
    if request.method == "POST" and form.is_valid():
        try:
            article = cs.article_add(by=request.user, convention=convention, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return retarget(_content_list(request, convention), "#convention-content")
            messages.success(request, _("The article was added."))
            return redirect(_tab_url(convention, "content", f"article-{article.pk}"))
    return render_form_page(
        request,
        form,
        title=_("Add a block of content"),
        back=_tab_url(convention, "content"),
        partial="conventions/content/_article_form.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse("conventions:article_add", args=[convention.pk]),
            "block_id": "article-new",
        },
    )


def article_detail(request, pk: int, article_pk: int):
    """The read view of an article (what "Cancel" swaps back in)."""
    convention = _visible(request, pk)
    article = _article(convention, article_pk)
    if not request.htmx:
        return redirect(_tab_url(convention, "content", f"article-{article.pk}"))
    return _article_block(request, convention, article)


@GET_POST
def article_edit(request, pk: int, article_pk: int):
    convention = _visible(request, pk)
    article = _article(convention, article_pk)
    _check_edit(request, convention)
    form = ArticleForm(request.POST or None, instance=copy.copy(article))
    if request.method == "POST" and form.is_valid():
        try:
            cs.article_change(by=request.user, article=article, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return _article_block(request, convention, article)
            messages.success(request, _("The article was saved."))
            return redirect(_tab_url(convention, "content", f"article-{article.pk}"))
    return render_form_page(
        request,
        form,
        title=_("Edit %(article)s") % {"article": article},
        back=_tab_url(convention, "content", f"article-{article.pk}"),
        partial="conventions/content/_article_form.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "article": article,
            "action": reverse("conventions:article_edit", args=[convention.pk, article.pk]),
            "cancel_url": reverse("conventions:article_detail", args=[convention.pk, article.pk]),
            "block_id": f"article-{article.pk}",
        },
    )


@GET_POST
def article_delete(request, pk: int, article_pk: int):
    convention = _visible(request, pk)
    article = _article(convention, article_pk)
    _check_edit(request, convention)
    error = None
    if request.method == "POST":
        try:
            cs.article_delete(by=request.user, article=article)
        except ValidationError as exc:
            error = " ".join(exc.messages)
            if request.htmx:
                messages.error(request, error)
                return _content_list(request, convention)
        else:
            if request.htmx:
                return _content_list(request, convention)
            messages.success(request, _("The article was deleted."))
            return redirect(_tab_url(convention, "content"))
    return render_form_page(
        request,
        title=_("Delete %(article)s") % {"article": article},
        back=_tab_url(convention, "content", f"article-{article.pk}"),
        partial="conventions/content/_confirm_delete.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse("conventions:article_delete", args=[convention.pk, article.pk]),
            "question": _("Delete this block and its commitments? This cannot be undone."),
            "error": error,
        },
    )


@GET_POST
def article_move(request, pk: int, article_pk: int):
    convention = _visible(request, pk)
    article = _article(convention, article_pk)
    _check_edit(request, convention)
    if request.method != "POST":
        # Moving changes state: only on POST. A GET (a bookmarked URL) goes back to the article.
        return redirect(_tab_url(convention, "content", f"article-{article.pk}"))
    try:
        cs.article_move(by=request.user, article=article, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        return _content_list(request, convention)
    return redirect(_tab_url(convention, "content", f"article-{article.pk}"))


# --- Commitments --------------------------------------------------------------------------------


def _commitment_saved(request, convention, article, message):
    if request.htmx:
        response = _article_block(request, convention, article)
        return retarget(response, f"#article-{article.pk}")
    messages.success(request, message)
    return redirect(_tab_url(convention, "content", f"article-{article.pk}"))


@GET_POST
def commitment_add(request, pk: int, article_pk: int):
    convention = _visible(request, pk)
    article = _article(convention, article_pk)
    _check_edit(request, convention)
    form = CommitmentForm(request.POST or None, convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            cs.commitment_add(by=request.user, article=article, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _commitment_saved(request, convention, article, _("The commitment was added."))
    return render_form_page(
        request,
        form,
        title=_("Add a commitment to %(article)s") % {"article": article},
        back=_tab_url(convention, "content", f"article-{article.pk}"),
        partial="conventions/content/_commitment_form.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "article": article,
            "action": reverse("conventions:commitment_add", args=[convention.pk, article.pk]),
            "cancel_url": reverse("conventions:article_detail", args=[convention.pk, article.pk]),
        },
    )


@GET_POST
def commitment_edit(request, pk: int, commitment_pk: int):
    convention = _visible(request, pk)
    commitment = _commitment(convention, commitment_pk)
    _check_edit(request, convention)
    form = CommitmentForm(request.POST or None, instance=copy.copy(commitment), convention=convention)
    if request.method == "POST" and form.is_valid():
        try:
            cs.commitment_change(by=request.user, commitment=commitment, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if commitment.article_id:
                return _commitment_saved(
                    request, convention, commitment.article, _("The commitment was saved.")
                )
            messages.success(request, _("The commitment was saved."))
            return redirect(_tab_url(convention, "content"))
    article = commitment.article
    return render_form_page(
        request,
        form,
        title=_("Edit a commitment"),
        back=_tab_url(convention, "content", f"article-{article.pk}" if article else ""),
        partial="conventions/content/_commitment_form.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "article": article,
            "action": reverse("conventions:commitment_edit", args=[convention.pk, commitment.pk]),
            "cancel_url": reverse("conventions:article_detail", args=[convention.pk, article.pk])
            if article
            else "",
        },
    )


@GET_POST
def commitment_delete(request, pk: int, commitment_pk: int):
    convention = _visible(request, pk)
    commitment = _commitment(convention, commitment_pk)
    _check_edit(request, convention)
    article = commitment.article
    if request.method == "POST":
        cs.commitment_delete(by=request.user, commitment=commitment)
        if article is not None:
            return _commitment_saved(request, convention, article, _("The commitment was deleted."))
        return redirect(_tab_url(convention, "content"))
    return render_form_page(
        request,
        title=_("Delete a commitment"),
        back=_tab_url(convention, "content", f"article-{article.pk}" if article else ""),
        partial="conventions/content/_confirm_delete.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse("conventions:commitment_delete", args=[convention.pk, commitment.pk]),
            "question": cs.commitment_sentence(commitment),
        },
    )


@GET_POST
def commitment_fulfil(request, pk: int, commitment_pk: int):
    convention = _visible(request, pk)
    commitment = _commitment(convention, commitment_pk)
    if not cs.can_fulfil_commitments(request.user, convention):
        raise PermissionDenied(_("Only a manager of a party may follow the commitments of this convention."))
    if request.method != "POST":
        anchor = f"article-{commitment.article_id}" if commitment.article_id else ""
        return redirect(_tab_url(convention, "content", anchor))
    try:
        done = cs.commitment_fulfil(by=request.user, commitment=commitment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if not request.htmx:
            messages.success(
                request,
                _("Marked fulfilled up to %(date)s.") % {"date": cs.longdate(done.fulfilled_until)},
            )
    if request.htmx and commitment.article_id:
        return _article_block(request, convention, commitment.article)
    anchor = f"article-{commitment.article_id}" if commitment.article_id else ""
    return redirect(_tab_url(convention, "content", anchor))


# --- Parties ------------------------------------------------------------------------------------


def _party(convention: Convention, party_pk: int) -> Party:
    return get_object_or_404(
        Party.objects.select_related("convention", "organisation"), pk=party_pk, convention=convention
    )


def _child_form_view(request, convention, obj, *, form_class, add, change, tab, anchor, urls, titles, saved):
    """Add (``obj`` None) or change one child of a convention through its service.

    ``add(data)`` and ``change(obj, data)`` call the service; ``urls`` are the (add, edit) route names;
    ``titles`` the (add, edit) page titles; the saved child is shown at ``#<anchor>-<pk>`` of ``tab``.
    """
    form = form_class(request.POST or None, instance=copy.copy(obj), convention=convention)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if obj is None:
                obj = add(data)
            else:
                change(obj, data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, saved)
            return redirect(_tab_url(convention, tab, f"{anchor}-{obj.pk}"))
    editing = obj is not None and obj.pk is not None
    return render_form_page(
        request,
        form,
        title=titles[1] if editing else titles[0],
        back=_tab_url(convention, tab),
        partial="core/_form.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse(urls[1], args=[convention.pk, obj.pk])
            if editing
            else reverse(urls[0], args=[convention.pk]),
        },
    )


def _party_form_view(request, convention, party=None):
    return _child_form_view(
        request,
        convention,
        party,
        form_class=PartyForm,
        add=lambda data: cs.party_add(by=request.user, convention=convention, data=data),
        change=lambda party, data: cs.party_change(by=request.user, party=party, data=data),
        tab="parties",
        anchor="party",
        urls=("conventions:party_add", "conventions:party_edit"),
        titles=(_("Add a party"), _("Edit a party")),
        saved=_("The parties were saved."),
    )


@GET_POST
def party_add(request, pk: int):
    return _party_form_view(request, _editable(request, pk))


@GET_POST
def party_edit(request, pk: int, party_pk: int):
    convention = _visible(request, pk)
    party = _party(convention, party_pk)
    _check_edit(request, convention)
    return _party_form_view(request, convention, party)


@GET_POST
def party_delete(request, pk: int, party_pk: int):
    convention = _visible(request, pk)
    party = _party(convention, party_pk)
    _check_edit(request, convention)
    error = None
    if request.method == "POST":
        try:
            cs.party_remove(by=request.user, party=party)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The party was removed."))
            return redirect(_tab_url(convention, "parties"))
    return render_form_page(
        request,
        title=_("Remove %(party)s") % {"party": party.organisation},
        back=_tab_url(convention, "parties"),
        partial="conventions/content/_confirm_delete.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse("conventions:party_delete", args=[convention.pk, party.pk]),
            "question": _("Remove this party from the convention?"),
            "error": error,
        },
    )


# --- Approval steps -----------------------------------------------------------------------------


def _step(convention: Convention, step_pk: int) -> ApprovalStep:
    return get_object_or_404(
        ApprovalStep.objects.select_related("convention", "organisation"), pk=step_pk, convention=convention
    )


def _step_form_view(request, convention, step=None):
    return _child_form_view(
        request,
        convention,
        step,
        form_class=ApprovalStepForm,
        add=lambda data: cs.approval_step_add(by=request.user, convention=convention, data=data),
        change=lambda step, data: cs.approval_step_change(by=request.user, step=step, data=data),
        tab="approval",
        anchor="step",
        urls=("conventions:approval_step_add", "conventions:approval_step_edit"),
        titles=(_("Record an approval step"), _("Edit an approval step")),
        saved=_("The approval step was saved."),
    )


@GET_POST
def approval_step_add(request, pk: int):
    return _step_form_view(request, _editable(request, pk))


@GET_POST
def approval_step_edit(request, pk: int, step_pk: int):
    convention = _visible(request, pk)
    step = _step(convention, step_pk)
    _check_edit(request, convention)
    return _step_form_view(request, convention, step)


@GET_POST
def approval_step_delete(request, pk: int, step_pk: int):
    convention = _visible(request, pk)
    step = _step(convention, step_pk)
    _check_edit(request, convention)
    if request.method == "POST":
        cs.approval_step_delete(by=request.user, step=step)
        messages.success(request, _("The approval step was deleted."))
        return redirect(_tab_url(convention, "approval"))
    return render_form_page(
        request,
        title=_("Delete an approval step"),
        back=_tab_url(convention, "approval"),
        partial="conventions/content/_confirm_delete.html",
        breadcrumb="conventions/content/_breadcrumb.html",
        context={
            "convention": convention,
            "title_suffix": convention.title,
            "action": reverse("conventions:approval_step_delete", args=[convention.pk, step.pk]),
            "question": _("Delete the step « %(step)s » of %(body)s?")
            % {"step": step, "body": step.organisation},
        },
    )


# --- Amendments ---------------------------------------------------------------------------------


@GET_POST
def amendment_draft(request, pk: int):
    parent = _visible(request, pk)
    if not cs.can_draft_amendment(request.user, parent):
        raise PermissionDenied(_("Only a manager of a party may amend this convention, once it is signed."))
    post = request.POST if request.method == "POST" else None
    form = AmendmentForm(post, initial={"title": _("Amendment to %(title)s") % {"title": parent.title}})
    formset = ChangeFormSet(post, parent=parent, prefix="changes")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = dict(form.cleaned_data)
        try:
            amendment = cs.amendment_draft(
                by=request.user, parent=parent, changes=formset.changes(), **fields
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The amendment was drafted with the parties of the convention."))
            return redirect(_tab_url(amendment, "amendments"))
    return render(
        request,
        "conventions/content/amendment_form.html",
        {"convention": parent, "form": form, "formset": formset, "page_title": _("Draft an amendment")},
    )
