"""The action plan in a real browser: htmx edits in place, and the open forms stay accessible (AP1).

Runs Debian's Chromium through Playwright like tests/browser/test_accessibility.py, whose fixtures
it reuses (``browser_page`` comes through tests/actionplan/conftest.py).
"""

import datetime
from pathlib import Path

import pytest
from django.urls import reverse

from partenaria.actionplan.models import Action
from tests.browser.test_accessibility import CHROMIUM, axe_violations, log_in

from .factories import AxisFactory

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is installed by .ci/run"),
    pytest.mark.django_db(transaction=True),
]


def test_an_officer_adds_an_action_and_records_its_progress_without_leaving_the_page(
    browser_page, live_server, plan_world
):
    w = plan_world
    axis = AxisFactory(convention=w.convention, title="Promotion des métiers")
    page = browser_page
    log_in(page, live_server, w.officer.email)
    page.goto(live_server.url + reverse("actionplan:plan", args=[w.convention.pk]))
    page.click("text=Ajouter une action")
    page.wait_for_selector(f"#axis-{axis.pk}-action-form")
    assert not axe_violations(page)
    form = page.locator(f"#axis-{axis.pk}-action-form")
    form.locator("input[name=title]").fill("Forum des métiers")
    form.locator("select[name=owner]").select_option(str(w.school.pk))
    form.locator("input[name=progress]").fill("150")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#id_progress-error")
    assert page.locator("input[name=title]").input_value() == "Forum des métiers"
    page.locator("input[name=progress]").fill("10")
    due = w.convention.end_date - datetime.timedelta(days=10)
    page.locator("input[name=due_date]").fill(due.isoformat())
    page.locator(f"#axis-{axis.pk}-action-form button[type=submit]").click()
    page.wait_for_selector("text=L'action a été ajoutée.")
    action = Action.objects.get()
    assert (action.title, action.owner, action.progress) == ("Forum des métiers", w.school, 10)

    page.click(f"#action-{action.pk} >> text=Enregistrer l'avancement")
    note_form = page.locator(f"#action-{action.pk}-note-form")
    note_form.wait_for()
    note_form.locator("textarea[name=text]").fill("Salle réservée, intervenants contactés.")
    note_form.locator("input[name=progress]").fill("30")
    note_form.locator("button[type=submit]").click()
    page.wait_for_selector("text=Salle réservée, intervenants contactés.")
    action.refresh_from_db()
    assert action.progress == 30
    assert page.url.endswith(reverse("actionplan:plan", args=[w.convention.pk]))  # never left the page
    assert not axe_violations(page)
