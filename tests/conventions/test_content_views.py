"""Editing the content of a convention in the browser: htmx fragments, full pages, access (CV1, CV4, CV6, CV7)."""

import datetime

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone

from partenaria.conventions import content_urls
from partenaria.conventions.models import (
    ApprovalStep,
    ApprovalStepKind,
    Article,
    ArticleKind,
    Commitment,
    Convention,
    Frequency,
    Party,
)
from partenaria.conventions.statuses import Status
from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Role
from tests.conventions.test_content_services import (
    askoria_2022_2024,
    askoria_2025_amendment,
    haut_rhin_draft,
    sign,
)
from tests.factories import ArticleFactory, CommitmentFactory, ConventionFactory, officer_of

D = datetime.date
HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"conventions:{name}", args=args)


def children(convention):
    """One of each child object of ``convention``, created for the access tests."""
    article = ArticleFactory(convention=convention, number="1", title="Objet")
    commitment = CommitmentFactory(convention=convention, article=article)
    step = ApprovalStep.objects.create(
        convention=convention,
        organisation=convention.parties.first().organisation,
        kind=ApprovalStepKind.REPORT,
        reference="CP-2010-9-4-3",
        date=D(2024, 1, 1),
    )
    return {"article": article, "commitment": commitment, "party": convention.parties.first(), "step": step}


def routes(convention, objs):
    """Every route of content_urls, with the ids of ``convention`` and its children."""
    c = convention.pk
    return {
        "content_tab": url("content_tab", c),
        "parties_tab": url("parties_tab", c),
        "approval_tab": url("approval_tab", c),
        "amendments_tab": url("amendments_tab", c),
        "article_add": url("article_add", c),
        "article_detail": url("article_detail", c, objs["article"].pk),
        "article_edit": url("article_edit", c, objs["article"].pk),
        "article_delete": url("article_delete", c, objs["article"].pk),
        "article_move": url("article_move", c, objs["article"].pk),
        "commitment_add": url("commitment_add", c, objs["article"].pk),
        "commitment_edit": url("commitment_edit", c, objs["commitment"].pk),
        "commitment_delete": url("commitment_delete", c, objs["commitment"].pk),
        "commitment_fulfil": url("commitment_fulfil", c, objs["commitment"].pk),
        "party_add": url("party_add", c),
        "party_edit": url("party_edit", c, objs["party"].pk),
        "party_delete": url("party_delete", c, objs["party"].pk),
        "approval_step_add": url("approval_step_add", c),
        "approval_step_edit": url("approval_step_edit", c, objs["step"].pk),
        "approval_step_delete": url("approval_step_delete", c, objs["step"].pk),
        "amendment_draft": url("amendment_draft", c),
    }


def test_every_content_route_is_covered_by_the_access_tests(two_partnerships):
    b = two_partnerships["b"]
    names = {p.name for p in content_urls.urlpatterns}
    assert names == set(routes(b["convention"], children(b["convention"])))


# --- Access ---------------------------------------------------------------------------------------


def _rows(convention):
    return (
        list(Article.objects.filter(convention=convention).values()),
        list(Commitment.objects.filter(convention=convention).values()),
        list(Party.objects.filter(convention=convention).values()),
        list(ApprovalStep.objects.filter(convention=convention).values()),
        Convention.objects.filter(parent=convention).count(),
    )


@pytest.mark.parametrize("status", [Status.DRAFT, Status.ACTIVE])
def test_another_tenants_convention_and_children_are_404_on_every_route(client, two_partnerships, status):
    a, b = two_partnerships["a"], two_partnerships["b"]
    Convention.objects.filter(pk=b["convention"].pk).update(status=status)
    objs = children(b["convention"])
    before = _rows(b["convention"])
    client.force_login(a["officer"])
    payload = {"kind": "article", "number": "9", "title": "Piraté", "body": "x", "direction": "up"}
    for name, target in routes(b["convention"], objs).items():
        assert client.get(target).status_code == 404, name
        assert client.post(target, payload).status_code == 404, name
        assert client.post(target, payload, **HTMX).status_code == 404, name
    assert _rows(b["convention"]) == before
    assert not AuditEvent.objects.filter(
        target_id=b["convention"].pk, action__startswith="convention."
    ).exists()


def test_another_conventions_children_under_my_convention_are_404(client, two_partnerships):
    a, b = two_partnerships["a"], two_partnerships["b"]
    Convention.objects.filter(pk=a["convention"].pk).update(status=Status.DRAFT)
    objs_b = children(b["convention"])
    before = _rows(b["convention"])
    client.force_login(a["officer"])
    for name, target in routes(a["convention"], objs_b).items():
        if not any(arg in name for arg in ("article_", "commitment_", "party_", "approval_step_")):
            continue
        if name in ("article_add", "party_add", "approval_step_add"):
            continue
        assert client.get(target).status_code == 404, name
        assert client.post(target, {"direction": "up"}).status_code == 404, name
    assert _rows(b["convention"]) == before


def test_anonymous_is_sent_to_login(client, two_partnerships):
    target = url("content_tab", two_partnerships["a"]["convention"].pk)
    response = client.get(target)
    assert response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_a_viewer_reads_the_tabs_but_every_write_is_403(client, two_partnerships):
    a = two_partnerships["a"]
    Convention.objects.filter(pk=a["convention"].pk).update(status=Status.DRAFT)
    objs = children(a["convention"])
    before = _rows(a["convention"])
    client.force_login(officer_of(a["orgs"][0], role=Role.VIEWER))
    for name, target in routes(a["convention"], objs).items():
        if name.endswith("_tab"):
            response = client.get(target)
            assert response.status_code == 200, name
            assert "Objet" in response.content.decode() or name != "content_tab"
            continue
        if name == "article_detail":
            continue
        assert client.get(target).status_code == 403, name
        assert client.post(target, {"direction": "up"}).status_code == 403, name
    assert _rows(a["convention"]) == before


def test_a_signed_convention_is_read_only_for_its_manager_except_following_commitments(
    client, two_partnerships
):
    a = two_partnerships["a"]  # active
    objs = children(a["convention"])
    client.force_login(a["officer"])
    body = client.get(url("content_tab", a["convention"].pk)).content.decode()
    assert url("article_edit", a["convention"].pk, objs["article"].pk) not in body
    assert url("commitment_fulfil", a["convention"].pk, objs["commitment"].pk) in body
    assert client.post(url("article_edit", a["convention"].pk, objs["article"].pk), {}).status_code == 403
    assert client.post(url("party_add", a["convention"].pk), {}).status_code == 403
    response = client.post(url("commitment_fulfil", a["convention"].pk, objs["commitment"].pk))
    assert response.status_code == 302
    objs["commitment"].refresh_from_db()
    assert objs["commitment"].fulfilled_until == objs["commitment"].due_date


# --- Content tab with htmx and without ----------------------------------------------------------


def test_editing_an_article_in_place_with_htmx(client):
    h = haut_rhin_draft()
    article = ArticleFactory(convention=h["convention"], number="6", title="Comité", body="Ancien texte")
    client.force_login(h["officer"])
    edit = url("article_edit", h["convention"].pk, article.pk)

    form = client.get(edit, **HTMX)
    assert form.status_code == 200
    html = form.content.decode()
    assert "<html" not in html and f'id="article-{article.pk}"' in html and 'hx-post="' + edit in html

    saved = client.post(
        edit,
        {"kind": "article", "number": "6", "title": "Le comité de pilotage", "body": "Deux fois par an."},
        **HTMX,
    )
    html = saved.content.decode()
    assert saved.status_code == 200 and "<html" not in html and "<form" not in html.split("commitment")[0]
    assert "Le comité de pilotage" in html and f'id="article-{article.pk}"' in html
    article.refresh_from_db()
    assert article.body == "Deux fois par an."

    cancel = client.get(url("article_detail", h["convention"].pk, article.pk), **HTMX)
    assert "Le comité de pilotage" in cancel.content.decode()


def test_bad_input_keeps_what_was_typed_in_the_fragment_and_in_the_full_page(client):
    h = haut_rhin_draft()
    client.force_login(h["officer"])
    add = url("article_add", h["convention"].pk)
    data = {"kind": "article", "number": "", "title": "Titre tapé par l'agent", "body": "Texte tapé"}

    fragment = client.post(add, data, **HTMX)
    html = fragment.content.decode()
    assert fragment.status_code == 200 and "<html" not in html
    assert "Titre tapé par l&#x27;agent" in html and "Texte tapé" in html
    assert 'id="id_number-error"' in html and 'aria-invalid="true"' in html

    page = client.post(add, data)
    html = page.content.decode()
    assert (
        page.status_code == 200
        and "<html" in html
        and 'id="id_number-error"' in html
        and "Texte tapé" in html
    )
    assert not Article.objects.filter(convention=h["convention"]).exists()


def test_without_javascript_adding_an_article_redirects_to_the_content_tab(client):
    h = haut_rhin_draft()
    client.force_login(h["officer"])
    response = client.post(
        url("article_add", h["convention"].pk),
        {
            "kind": "preamble",
            "number": "",
            "title": "",
            "body": "Vu le code de l'action sociale et des familles",
        },
    )
    article = Article.objects.get(convention=h["convention"])
    assert response.status_code == 302
    assert response["Location"] == f"{h['convention'].get_absolute_url()}?tab=content#article-{article.pk}"
    page = client.get(response["Location"])
    assert "Vu le code de l&#x27;action sociale" in page.content.decode()
    assert article.kind == ArticleKind.PREAMBLE


def test_adding_with_htmx_swaps_the_whole_content_list(client):
    h = haut_rhin_draft()
    client.force_login(h["officer"])
    response = client.post(
        url("article_add", h["convention"].pk),
        {"kind": "article", "number": "1", "title": "Objet de la convention", "body": "x"},
        **HTMX,
    )
    assert response["HX-Retarget"] == "#convention-content"
    assert 'id="convention-content"' in response.content.decode()


def test_moving_and_deleting_articles_with_htmx(client):
    h = haut_rhin_draft()
    one = ArticleFactory(convention=h["convention"], number="1", title="Premier", position=1)
    two = ArticleFactory(convention=h["convention"], number="2", title="Second", position=2)
    client.force_login(h["officer"])
    moved = client.post(url("article_move", h["convention"].pk, two.pk), {"direction": "up"}, **HTMX)
    html = moved.content.decode()
    assert html.index("Second") < html.index("Premier")
    deleted = client.post(url("article_delete", h["convention"].pk, one.pk), **HTMX)
    assert deleted.status_code == 200 and "Premier" not in deleted.content.decode()
    assert not Article.objects.filter(pk=one.pk).exists()
    confirm = client.get(url("article_delete", h["convention"].pk, two.pk))
    assert confirm.status_code == 200 and Article.objects.filter(pk=two.pk).exists()


def test_adding_a_commitment_to_an_article_with_htmx(client):
    h = haut_rhin_draft()
    article = ArticleFactory(convention=h["convention"], number="6", title="Le comité de pilotage")
    client.force_login(h["officer"])
    add = url("commitment_add", h["convention"].pk, article.pk)
    assert "<html" not in client.get(add, **HTMX).content.decode()
    data = {
        "debtor": h["dept"].pk,
        "creditor": "",
        "description": "réunir le comité au moins deux fois par an",
        "frequency": Frequency.TWICE_YEARLY,
        "due_date": "",
    }
    refused = client.post(add, data, **HTMX)
    html = refused.content.decode()
    assert 'id="id_due_date-error"' in html and "réunir le comité au moins deux fois par an" in html
    saved = client.post(add, {**data, "due_date": "2026-03-01"}, **HTMX)
    assert saved["HX-Retarget"] == f"#article-{article.pk}"
    assert "réunir le comité au moins deux fois par an" in saved.content.decode()
    commitment = Commitment.objects.get(article=article)
    edit = url("commitment_edit", h["convention"].pk, commitment.pk)
    client.post(edit, {**data, "due_date": "2026-04-01", "creditor": h["school"].pk}, **HTMX)
    commitment.refresh_from_db()
    assert commitment.due_date == D(2026, 4, 1) and commitment.creditor == h["school"]
    client.post(url("commitment_delete", h["convention"].pk, commitment.pk), **HTMX)
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


def test_the_content_tab_shows_the_effective_content_of_the_askoria_convention(
    client, django_assert_max_num_queries
):
    s = askoria_2022_2024()
    amendment = askoria_2025_amendment(s)
    sign(amendment, s["officer"], on=D(2025, 2, 10))
    for _ in range(3):
        CommitmentFactory(convention=s["convention"], article=s["objet"], debtor=s["school"])
    client.force_login(s["officer"])
    with django_assert_max_num_queries(25):
        response = client.get(url("content_tab", s["convention"].pk))
    html = response.content.decode()
    assert "Contribution à la recherche exploratoire" in html and "5 000 €" in html
    assert "Avenant 2025" in html
    assert html.index("Contribution à la recherche") < html.index("Annexe 1")


# --- Parties, approval, amendments --------------------------------------------------------------


def test_adding_a_party_twice_is_refused_next_to_the_field(client):
    h = haut_rhin_draft()
    client.force_login(h["officer"])
    data = {
        "organisation": h["school"].pk,
        "designation": "L'ISSM",
        "representative_name": "",
        "capacity": "Le Directeur général",
        "delegation": "",
        "authorised_by": "",
    }
    response = client.post(url("party_add", h["convention"].pk), data)
    html = response.content.decode()
    assert (
        response.status_code == 200
        and 'id="id_organisation-error"' in html
        and "Le Directeur général" in html
    )
    assert h["convention"].parties.count() == 2


def test_editing_a_party_delegation_shows_on_the_parties_tab(client):
    h = haut_rhin_draft()
    party = h["convention"].parties.get(organisation=h["dept"])
    client.force_login(h["officer"])
    response = client.post(
        url("party_edit", h["convention"].pk, party.pk),
        {
            "organisation": h["dept"].pk,
            "designation": "Le Département",
            "representative_name": "",
            "capacity": "Le Président du Conseil départemental",
            "delegation": "Pour le Président et par délégation, le Vice-Président",
            "authorised_by": "Délibération de la Commission permanente",
        },
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Pour le Président et par délégation, le Vice-Président" in html


def test_recording_the_haut_rhin_report_and_refusing_a_future_vote(client):
    h = haut_rhin_draft()
    client.force_login(h["officer"])
    add = url("approval_step_add", h["convention"].pk)
    report = {
        "organisation": h["dept"].pk,
        "kind": ApprovalStepKind.REPORT,
        "reference": "CP-2010-9-4-3",
        "instructing_service": "Direction de l'action sociale",
        "consulted_service": "Direction des finances",
        "date": "2010-09-01",
        "outcome": "",
    }
    assert client.post(add, report).status_code == 302
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    vote = {
        **report,
        "kind": ApprovalStepKind.ASSEMBLY_VOTE,
        "reference": "",
        "date": future,
        "outcome": "Adopté",
    }
    response = client.post(add, vote)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="id_date-error"' in html and "Adopté" in html
    tab = client.get(url("approval_tab", h["convention"].pk)).content.decode()
    assert "CP-2010-9-4-3" in tab and "Direction des finances" in tab
    assert ApprovalStep.objects.filter(convention=h["convention"]).count() == 1


def _amendment_post(parent, **change):
    data = {
        "title": "Avenant 2025",
        "reference": "AV-2025",
        "start_mode": "fixed",
        "start_date": "2025-01-01",
        "term_months": "12",
        "changes-TOTAL_FORMS": "3",
        "changes-INITIAL_FORMS": "0",
        "changes-MIN_NUM_FORMS": "0",
        "changes-MAX_NUM_FORMS": "20",
    }
    for key, value in change.items():
        data[f"changes-0-{key}"] = value
    return data


def test_drafting_the_askoria_amendment_in_the_browser(client):
    s = askoria_2022_2024()
    client.force_login(s["officer"])
    draft = url("amendment_draft", s["convention"].pk)
    assert client.get(draft).status_code == 200
    data = _amendment_post(s["convention"], kind="term_extension", months="12")
    data.update(
        {
            "changes-1-kind": "article_added",
            "changes-1-number": "5",
            "changes-1-title": "Contribution à la recherche exploratoire",
            "changes-1-new_text": "5 000 € sur la base d'une synthèse",
            "changes-1-amount": "5000",
        }
    )
    response = client.post(draft, data)
    amendment = Convention.objects.get(parent=s["convention"])
    assert response.status_code == 302
    assert response["Location"] == f"{amendment.get_absolute_url()}?tab=amendments#tab-panel"
    assert amendment.changes.count() == 2 and amendment.parties.count() == 2
    html = client.get(response["Location"]).content.decode()
    assert s["convention"].title in html and "Article 5" in html
    parent_tab = client.get(url("amendments_tab", s["convention"].pk)).content.decode()
    assert "Avenant 2025" in parent_tab


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "term_extension", "months": "0", "description": "Prolongation tapée"}, "months"),
        ({"kind": "article_modified", "new_text": "Nouveau texte tapé"}, "article"),
        ({"kind": "amount_changed", "amount": "-5", "description": "Montant tapé"}, "amount"),
    ],
)
def test_amendment_changes_are_checked_per_kind_next_to_the_field(client, change, field):
    s = askoria_2022_2024()
    client.force_login(s["officer"])
    response = client.post(
        url("amendment_draft", s["convention"].pk), _amendment_post(s["convention"], **change)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_changes-0-{field}-error"' in html
    typed = change.get("description") or change.get("new_text")
    assert typed in html and "Avenant 2025" in html
    assert not Convention.objects.filter(parent=s["convention"]).exists()


def test_an_amendment_with_no_change_is_refused(client):
    s = askoria_2022_2024()
    client.force_login(s["officer"])
    response = client.post(url("amendment_draft", s["convention"].pk), _amendment_post(s["convention"]))
    assert response.status_code == 200 and not Convention.objects.filter(parent=s["convention"]).exists()
    assert response.context["formset"].non_form_errors()


def test_a_draft_convention_offers_no_amendment(client):
    h = haut_rhin_draft()
    client.force_login(h["officer"])
    assert client.get(url("amendment_draft", h["convention"].pk)).status_code == 403
    assert (
        url("amendment_draft", h["convention"].pk)
        not in client.get(url("amendments_tab", h["convention"].pk)).content.decode()
    )


def test_extra_fields_posted_change_nothing(client):
    h = haut_rhin_draft()
    article = ArticleFactory(convention=h["convention"], number="1", title="Objet")
    other = ConventionFactory(partnership=h["convention"].partnership, draft=True)
    client.force_login(h["officer"])
    client.post(
        url("article_edit", h["convention"].pk, article.pk),
        {
            "kind": "article",
            "number": "1",
            "title": "Objet",
            "body": "x",
            "convention": other.pk,
            "position": 99,
        },
    )
    article.refresh_from_db()
    assert article.convention == h["convention"] and article.position != 99


# --- The tab partials inside the convention page ----------------------------------------------


@pytest.mark.parametrize("tab", ["content", "parties", "approval", "amendments"])
def test_the_tab_partials_render_inside_the_convention_page(client, tab):
    s = askoria_2022_2024()
    amendment = askoria_2025_amendment(s)
    CommitmentFactory(
        convention=s["convention"], article=s["objet"], description="présenter l'état d'avancement"
    )
    ApprovalStep.objects.create(
        convention=s["convention"],
        organisation=s["dept"],
        kind=ApprovalStepKind.REPORT,
        reference="CP-2021-12-3",
        date=D(2021, 11, 20),
    )
    client.force_login(s["officer"])
    for convention in (s["convention"], amendment):
        response = client.get(convention.get_absolute_url(), {"tab": tab})
        assert response.status_code == 200
    html = client.get(s["convention"].get_absolute_url(), {"tab": tab}).content.decode()
    expected = {
        "content": "présenter l&#x27;état d&#x27;avancement",
        "parties": s["school"].name,
        "approval": "CP-2021-12-3",
        "amendments": "Avenant 2025",
    }[tab]
    assert expected in html


def test_the_content_partial_reads_plain_articles_without_the_full_context():
    from django.template.loader import render_to_string

    s = askoria_2022_2024()
    CommitmentFactory(convention=s["convention"], article=s["objet"], description="présenter le bilan")
    html = render_to_string(
        "conventions/content/_content_tab.html",
        {"convention": s["convention"], "can_edit": False, "articles": s["convention"].articles.all()},
    )
    assert "Suivi et évaluation" in html and "présenter le bilan" in html
    assert url("content_tab", s["convention"].pk) in html


def test_the_content_tab_costs_the_same_queries_with_many_articles_and_commitments(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    h = haut_rhin_draft()
    client.force_login(h["officer"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(h["convention"].get_absolute_url(), {"tab": "content"}).status_code == 200
        return len(queries)

    def grow(n):
        for i in range(n):
            article = ArticleFactory(convention=h["convention"], number=str(100 + i))
            CommitmentFactory(
                convention=h["convention"], article=article, debtor=h["school"], creditor=h["dept"]
            )

    grow(2)
    small = count()
    grow(20)
    assert count() == small
