"""Accessibility for every role (trust 32, 33; RGAA 4.1): the main page of every area, as each role
that can open it, has no WCAG 2.1 A/AA violation (axe-core in Debian's Chromium); the keyboard
reaches the content through the skip link with a visible focus; the footer links to the statement.

One browser, one fresh context (cookies, language) per role, so the whole check stays one test.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from partenaria.organisations.models import Membership, Organisation, Role
from tests.factories import UserFactory

from .test_accessibility import ARGS, CHROMIUM, axe_violations, log_in

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is installed by .ci/run"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.long_walk(seconds=120),
]

# The main page of every area. A role that may not open one gets a refusal (403, 404) or is sent
# elsewhere; only the pages the role can see are checked.
AREAS = {
    "dashboard": "dashboard:home",
    "partnerships": "conventions:partnership_list",
    "conventions": "conventions:convention_list",
    "deadlines": "deadlines:list",
    "bodies": "governance:body_list",
    "action plans": "actionplan:action_list",
    "research": "research:project_list",
    "money": "finance:overview",
    "internships": "internships:index",
    "my internship records": "internships:my_records",
    "events": "events:list",
    "rooms": "rooms:index",
    "european projects": "europe:index",
    "organisations": "organisations:list",
    "my account": "accounts:account",
}

# role label -> (organisation of the demo, role, browser locale)
ROLES = {
    "partnership officer": ("Ille-et-Vilaine", Role.PARTNERSHIP_OFFICER, "fr-FR"),
    "viewer": ("Ille-et-Vilaine", Role.VIEWER, "fr-FR"),
    "school placement office": ("ASKORIA", Role.HR, "fr-FR"),
    "host referent": ("Ille-et-Vilaine", Role.HOST_REFERENT, "fr-FR"),
    "student": ("ASKORIA", Role.STUDENT, "fr-FR"),
    "European partner (English)": ("Vallée d'Aoste", Role.PARTNERSHIP_OFFICER, "en-GB"),
}


def keyboard_problems(page):
    """Tab from the top: the skip link first, with a visible outline; Enter moves focus to main;
    the next Tab lands inside main, visibly."""
    problems = []
    page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.getAttribute('href')") != "#main":
        problems.append("the first Tab does not reach the skip link")
    if not page.evaluate(VISIBLE_FOCUS):
        problems.append("the skip link has no visible focus")
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        problems.append("the skip link does not move focus to main")
    page.keyboard.press("Tab")
    if not page.evaluate("document.getElementById('main').contains(document.activeElement)"):
        problems.append("Tab after the skip link leaves main")
    elif not page.evaluate(VISIBLE_FOCUS):
        problems.append(f"no visible focus on {page.evaluate('document.activeElement.outerHTML')[:80]}")
    if page.locator(f"footer a[href='{reverse('core:accessibility')}']").count() != 1:
        problems.append("no link to the accessibility statement in the footer")
    return problems


# An outline (style and width) or a focus ring drawn as a box shadow.
VISIBLE_FOCUS = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  return outline || (style.boxShadow && style.boxShadow !== 'none');
}"""


def test_every_area_as_every_role_has_no_wcag_violation(live_server, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import sync_playwright

    problems, seen = {}, {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, (organisation, role, locale) in ROLES.items():
            user = UserFactory(email=f"{role}.{locale}@roles.test")
            Membership.objects.create(
                user=user, organisation=Organisation.objects.get(name__icontains=organisation), role=role
            )
            context = browser.new_context(locale=locale, bypass_csp=True)
            page = context.new_page()
            # Every role but the student's reads research data, behind the second factor (trust 8).
            device = None
            if role != Role.STUDENT:
                device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
            log_in(page, live_server, user.email, device=device)
            problems[f"{label}: keyboard"] = keyboard_problems(page)
            seen[label] = []
            for area, name in AREAS.items():
                response = page.goto(live_server.url + reverse(name))
                if response.status != 200 or not page.url.endswith(reverse(name)):
                    continue
                seen[label].append(area)
                problems[f"{label}: {area}"] = axe_violations(page)
            if locale.startswith("en"):
                assert page.evaluate("document.documentElement.lang") == "en", label
            context.close()
        browser.close()

    assert all(len(areas) >= 3 for areas in seen.values()), seen
    assert "research" in seen["viewer"] and len(seen["partnership officer"]) == len(AREAS), seen
    found = {name: items for name, items in problems.items() if items}
    assert not found, found
