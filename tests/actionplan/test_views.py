"""The « Plan d'action » tab, its htmx in-place edits, the indicators page and the list of actions
across partnerships (AP1, AP2)."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from partenaria.actionplan.models import Action, Axis, IndicatorValue, ProgressNote
from partenaria.organisations.models import Role
from tests.factories import ConventionFactory, PartnershipFactory, officer_of

from .factories import (
    ActionFactory,
    AxisFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgressNoteFactory,
)

HTMX = {"HX-Request": "true"}


def plan_url(convention):
    return reverse("actionplan:plan", args=[convention.pk])


def test_the_convention_page_has_an_action_plan_tab_showing_axes_actions_and_progress(client, plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention, title="Promotion des métiers")
    ActionFactory(axis=axis, title="Forum des métiers", progress=40)
    ActionFactory(axis=axis, title="Témoignages en première année", done=True)
    ActionFactory(axis=axis, title="Plaquette abandonnée", abandoned=True)
    client.force_login(w.officer)
    detail = client.get(reverse("conventions:convention_detail", args=[w.convention.pk])).content.decode()
    assert plan_url(w.convention) in detail and "Plan d'action" in detail
    html = client.get(plan_url(w.convention)).content.decode()
    assert 'aria-current="page" href="' + plan_url(w.convention) in html
    assert "Forum des métiers" in html and "Promotion des métiers" in html
    assert 'value="70"' in html  # (40 + 100) / 2, the abandoned one left out
    assert "Ajouter un axe" in html and "Enregistrer l'avancement" in html


def test_a_reader_sees_the_plan_read_only_and_is_refused_the_acts(client, plan_world):
    w = plan_world
    action = ActionFactory(axis=AxisFactory(convention=w.convention))
    client.force_login(w.reader)
    html = client.get(plan_url(w.convention)).content.decode()
    assert action.title in html
    assert "Ajouter un axe" not in html and "Enregistrer l'avancement" not in html
    for name, kwargs in [
        ("actionplan:axis_add", {"pk": w.convention.pk}),
        ("actionplan:note_add", {"pk": w.convention.pk, "action_pk": action.pk}),
        ("actionplan:indicator_add", {"pk": w.convention.pk}),
    ]:
        response = client.post(reverse(name, kwargs=kwargs), {"title": "x", "text": "x", "name": "x"})
        assert response.status_code == 403
    assert Axis.objects.count() == 1 and not ProgressNote.objects.exists()


def test_an_axis_is_added_in_place_with_htmx(client, plan_world):
    w = plan_world
    client.force_login(w.officer)
    url = reverse("actionplan:axis_add", args=[w.convention.pk])
    form = client.get(url, headers=HTMX)
    assert form.status_code == 200 and "<html" not in form.content.decode()
    response = client.post(
        url, {"title": "Coopération en matière de recherche", "description": ""}, headers=HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#action-plan"
    assert "Coopération en matière de recherche" in response.content.decode()
    assert "L&#x27;axe a été ajouté." in response.content.decode()  # announced in the live region
    assert w.convention.axes.get().title == "Coopération en matière de recherche"


def test_without_javascript_an_action_is_added_and_the_page_comes_back_to_the_plan(client, plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    client.force_login(w.officer)
    url = reverse("actionplan:action_add", args=[w.convention.pk, axis.pk])
    page = client.get(url).content.decode()
    assert "<h1" in page and 'name="title"' in page
    response = client.post(
        url,
        {
            "axis": axis.pk,
            "title": "Forum des métiers",
            "owner": w.school.pk,
            "status": "planned",
            "due_date": (w.convention.end_date - datetime.timedelta(days=30)).isoformat(),
            "progress": "0",
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#action-{action.pk}")
    assert action.owner == w.school


def test_bad_input_is_answered_next_to_the_fields_and_what_was_typed_is_kept(client, plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    client.force_login(w.officer)
    after_end = w.convention.end_date + datetime.timedelta(days=1)
    response = client.post(
        reverse("actionplan:action_add", args=[w.convention.pk, axis.pk]),
        {
            "axis": axis.pk,
            "title": "Restituer les résultats",
            "owner": w.dept.pk,
            "status": "in_progress",
            "due_date": after_end.isoformat(),
            "progress": "150",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "HX-Retarget" not in response
    assert 'id="id_progress-error"' in html and "Indiquez un pourcentage entre 0 et 100." in html
    assert 'value="Restituer les résultats"' in html and 'value="150"' in html
    assert not Action.objects.exists()
    # Once the percentage is right, the service refuses the date, next to its field.
    response = client.post(
        reverse("actionplan:action_add", args=[w.convention.pk, axis.pk]),
        {
            "axis": axis.pk,
            "title": "Restituer les résultats",
            "owner": w.dept.pk,
            "status": "in_progress",
            "due_date": after_end.isoformat(),
            "progress": "50",
        },
    )
    html = response.content.decode()
    assert 'id="id_due_date-error"' in html and "Cette date tombe après la fin de la convention" in html
    assert f'value="{after_end.isoformat()}"' in html
    assert not Action.objects.exists()


def test_an_owner_outside_the_parties_cannot_be_posted(client, plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    client.force_login(w.officer)
    response = client.post(
        reverse("actionplan:action_add", args=[w.convention.pk, axis.pk]),
        {"axis": axis.pk, "title": "Action", "owner": w.outsider.pk, "status": "planned", "progress": "0"},
    )
    assert 'id="id_owner-error"' in response.content.decode()
    assert not Action.objects.exists()


def test_progress_is_recorded_in_place_and_rolls_up(client, plan_world):
    w = plan_world
    action = ActionFactory(axis=AxisFactory(convention=w.convention), planned=True)
    client.force_login(w.officer)
    url = reverse("actionplan:note_add", args=[w.convention.pk, action.pk])
    response = client.post(
        url,
        {"noted_on": datetime.date.today().isoformat(), "text": "Questionnaire diffusé.", "progress": "35"},
        headers=HTMX,
    )
    assert response["HX-Retarget"] == "#action-plan"
    html = response.content.decode()
    assert "Questionnaire diffusé." in html and 'value="35"' in html
    action.refresh_from_db()
    assert (action.status, action.progress) == ("in_progress", 35)
    note = action.notes.get()
    edit = client.post(
        reverse("actionplan:note_edit", args=[w.convention.pk, note.pk]),
        {"noted_on": note.noted_on.isoformat(), "text": "Questionnaire diffusé aux CDAS.", "progress": "45"},
        headers=HTMX,
    )
    assert "Questionnaire diffusé aux CDAS." in edit.content.decode()
    action.refresh_from_db()
    assert action.progress == 45


def test_an_action_is_edited_in_place_and_axes_move(client, plan_world):
    w = plan_world
    first = AxisFactory(convention=w.convention, title="Premier", position=1)
    second = AxisFactory(convention=w.convention, title="Second", position=2)
    action = ActionFactory(axis=first)
    client.force_login(w.officer)
    url = reverse("actionplan:action_edit", args=[w.convention.pk, action.pk])
    assert f'id="action-{action.pk}"' in client.get(url, headers=HTMX).content.decode()
    client.post(
        url,
        {"axis": second.pk, "title": "Renommée", "owner": w.dept.pk, "status": "done", "progress": "60"},
        headers=HTMX,
    )
    action.refresh_from_db()
    assert (action.axis, action.title, action.status, action.progress) == (second, "Renommée", "done", 100)
    client.post(reverse("actionplan:axis_move", args=[w.convention.pk, second.pk]), {"direction": "up"})
    assert list(w.convention.axes.order_by("position").values_list("title", flat=True)) == [
        "Second",
        "Premier",
    ]


def test_the_plan_reads_a_flat_number_of_queries(client, plan_world, django_assert_num_queries):
    w = plan_world
    client.force_login(w.officer)

    def grow(n):
        for _ in range(n):
            axis = AxisFactory(convention=w.convention)
            for _ in range(3):
                ProgressNoteFactory(action=ActionFactory(axis=axis))

    grow(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(plan_url(w.convention)).status_code == 200
    grow(6)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(plan_url(w.convention)).status_code == 200


# --- Indicators ---------------------------------------------------------------------------------


def test_the_indicator_page_shows_the_table_and_an_accessible_chart(client, plan_world):
    w = plan_world
    indicator = IndicatorFactory(convention=w.convention, name="Stages longs accueillis", unit="stages")
    year = w.convention.effective_start.year
    IndicatorValueFactory(indicator=indicator, year=year, target=19, measured=15, comment="Avenant 2025")
    IndicatorValueFactory(indicator=indicator, year=year + 1, target=20, measured=None)
    client.force_login(w.reader)
    html = client.get(reverse("actionplan:indicators", args=[w.convention.pk])).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert (
        'role="img"' in svg
        and f'aria-labelledby="chart-{indicator.pk}-title chart-{indicator.pk}-desc"' in svg
    )
    assert "<title" in svg and "Évolution de « Stages longs accueillis »" in svg
    assert f"{year} : cible 19, mesuré 15" in svg and f"{year + 1} : cible 20, mesuré —" in svg
    assert "<script" not in html[html.index("<main") : html.index("</main>")] and "style=" not in svg
    table = html[html.index("<table") : html.index("</table>")]
    assert f'<th scope="row">{year}</th>' in table and "Avenant 2025" in table
    assert "Cible atteinte" in table and "text-bg-warning" in table  # 15 measured for 19 targeted
    assert "Ajouter un indicateur" not in html  # a reader reads


def test_a_year_entered_twice_is_refused_next_to_the_year_and_the_figures_are_kept(client, plan_world):
    w = plan_world
    # A free-text unit: half an hour is a possible figure (a count of « stages » would refuse it).
    indicator = IndicatorFactory(convention=w.convention, unit="heures de formation")
    year = w.convention.effective_start.year
    IndicatorValueFactory(indicator=indicator, year=year)
    client.force_login(w.officer)
    response = client.post(
        reverse("actionplan:value_add", args=[w.convention.pk, indicator.pk]),
        {"year": str(year), "target": "22", "measured": "17.5", "comment": "Bilan annuel"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_year-error"' in html and f"Cet indicateur a déjà une valeur pour {year}" in html
    assert 'value="17.5"' in html and 'value="Bilan annuel"' in html
    assert IndicatorValue.objects.count() == 1
    ok = client.post(
        reverse("actionplan:value_add", args=[w.convention.pk, indicator.pk]),
        {"year": str(year + 1), "target": "22", "measured": "17.5", "comment": "Bilan annuel"},
    )
    assert ok.status_code == 302
    assert str(IndicatorValue.objects.get(year=year + 1).measured) == "17.50"


# --- Actions across partnerships -----------------------------------------------------------------


@pytest.fixture
def two_plans(plan_world):
    """The plan of the current organisation (two partnerships) and one of a partnership it is not in."""
    w = plan_world
    other = ConventionFactory(
        partnership=PartnershipFactory(members=[w.dept, w.outsider]), title="Convention bis"
    )
    foreign = ConventionFactory(title="Convention étrangère")
    mine = AxisFactory(convention=w.convention, title="Axe principal")
    ActionFactory(axis=mine, title="Action en retard", late=True, owner=w.dept)
    ActionFactory(axis=mine, title="Action réalisée", done=True, owner=w.school)
    ActionFactory(axis=AxisFactory(convention=other), title="Action de l'autre partenariat", owner=w.dept)
    ActionFactory(axis=AxisFactory(convention=foreign), title="Action ÉTRANGÈRE")
    return w, other


def titles(html):
    return {
        t
        for t in ["Action en retard", "Action réalisée", "Action de l'autre partenariat", "Action ÉTRANGÈRE"]
        if t.replace("'", "&#x27;") in html
    }


def test_the_list_shows_the_actions_of_every_partnership_of_the_organisation_with_filters(client, two_plans):
    w, other = two_plans
    client.force_login(w.officer)
    url = reverse("actionplan:action_list")
    html = client.get(url).content.decode()
    assert titles(html) == {"Action en retard", "Action réalisée", "Action de l'autre partenariat"}
    assert "3 actions" in html
    assert titles(client.get(url, {"late": "yes"}).content.decode()) == {"Action en retard"}
    assert titles(client.get(url, {"status": "done"}).content.decode()) == {"Action réalisée"}
    assert titles(client.get(url, {"owner": w.school.pk}).content.decode()) == {"Action réalisée"}
    assert titles(client.get(url, {"partnership": other.partnership_id}).content.decode()) == {
        "Action de l'autre partenariat"
    }
    empty = client.get(url, {"q": "introuvable"}).content.decode()
    assert "Aucune action ne correspond à ces filtres." in empty


def test_the_exports_follow_the_filters(client, two_plans):
    w, _other = two_plans
    client.force_login(w.officer)
    response = client.get(reverse("actionplan:action_export_csv"), {"late": "yes"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Action" and [r[0] for r in rows[1:]] == ["Action en retard"]
    assert rows[1][7] == "oui"
    response = client.get(reverse("actionplan:action_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    exported = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exported == {"Action en retard", "Action réalisée", "Action de l'autre partenariat"}


def test_the_list_and_its_exports_read_a_flat_number_of_queries(client, plan_world):
    w = plan_world
    client.force_login(w.officer)

    def grow(n):
        convention = ConventionFactory(partnership=w.partnership)
        axis = AxisFactory(convention=convention)
        for _ in range(n):
            ActionFactory(axis=axis, person_in_charge=w.dept_person, owner=w.dept)

    counts = []
    for size in (2, 20):
        grow(size)
        for name in (
            "actionplan:action_list",
            "actionplan:action_export_csv",
            "actionplan:action_export_xlsx",
        ):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name)).status_code == 200
            counts.append((name, len(queries.captured_queries)))
    assert counts[:3] == counts[3:]


def test_a_member_of_a_viewer_role_reads_the_list_too(client, two_plans):
    w, _other = two_plans
    viewer = officer_of(w.dept, role=Role.VIEWER)
    client.force_login(viewer)
    assert "Action en retard" in client.get(reverse("actionplan:action_list")).content.decode()


def test_the_plan_tells_its_history_in_words(client, plan_world):
    from partenaria.actionplan import services

    w = plan_world
    action = ActionFactory(axis=AxisFactory(convention=w.convention), title="Forum des métiers")
    services.action_change(by=w.officer, action=action, data={"status": "done"})
    client.force_login(w.reader)
    html = client.get(plan_url(w.convention)).content.decode()
    history = html[html.index("Historique du plan d'action") :]
    assert "Claire Lemoine</strong> a modifié une action du plan d&#x27;action" in history
    assert "statut : En cours → Réalisée" in history and "avancement (%) : 40 → 100" in history


def test_an_amendment_s_plan_links_to_the_plan_and_indicators_of_the_convention_it_amends(client, plan_world):
    w = plan_world
    amendment = ConventionFactory(
        partnership=w.partnership, kind="amendment", parent=w.convention, title="Avenant 2025", term_months=12
    )
    client.force_login(w.reader)
    html = client.get(plan_url(amendment)).content.decode()
    assert reverse("actionplan:indicators", args=[w.convention.pk]) in html
    parent = client.get(reverse("actionplan:indicators", args=[w.convention.pk])).content.decode()
    assert plan_url(amendment) in parent and "Avenant 2025" in parent


def test_the_list_is_paginated_and_actions_without_due_date_come_last(client, plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    ActionFactory(axis=axis, title="Sans échéance", due_date=None)
    for _ in range(25):
        ActionFactory(axis=axis)
    client.force_login(w.officer)
    first = client.get(reverse("actionplan:action_list")).content.decode()
    assert "26 actions" in first and "page=2" in first and "Sans échéance" not in first
    assert "Sans échéance" in client.get(reverse("actionplan:action_list"), {"page": 2}).content.decode()


def test_the_indicator_page_reads_a_flat_number_of_queries(client, plan_world, django_assert_num_queries):
    w = plan_world
    client.force_login(w.officer)
    year = w.convention.effective_start.year
    url = reverse("actionplan:indicators", args=[w.convention.pk])

    def grow(n):
        for _ in range(n):
            indicator = IndicatorFactory(convention=w.convention)
            for offset in range(3):
                IndicatorValueFactory(indicator=indicator, year=year + offset)

    grow(1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(5)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
