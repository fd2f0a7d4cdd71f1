"""Accessibility in a real browser (trust.md 32, RGAA 4.1): axe-core finds no WCAG 2.1 A/AA violation
on the main page of each area, and the keyboard reaches the content through the skip link.

Runs Debian's Chromium (/usr/bin/chromium, installed by .ci/run) through Playwright, against the demo
partnerships served by pytest-django's live server.
"""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from partenaria.conventions.models import Convention, Partnership
from partenaria.governance.models import Body
from partenaria.organisations.models import Membership, Organisation, Role
from tests.factories import PASSWORD, OrganisationFactory, UserFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is installed by .ci/run"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.long_walk(seconds=150),
]


@pytest.fixture
def browser_page(live_server, monkeypatch):
    # Playwright runs an event loop in this thread; the ORM calls of the test stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        # axe-core is injected by the test itself, which the strict CSP would block.
        page = browser.new_page(locale="fr-FR", bypass_csp=True)
        yield page
        browser.close()


def log_in(page, live_server, email, device=None, problems=None):
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    if device is not None:
        # Two-factor authentication is on (required before the research pages): type the app's code.
        from django_otp.oath import totp

        page.wait_for_url("**" + reverse("accounts:two_factor_verify") + "**")
        if problems is not None:
            problems["second step of the login"] = axe_violations(page)
        page.fill("input[name=token]", f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}")
        page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + reverse("dashboard:home"))


def axe_violations(page):
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def research_and_money_urls(department):
    from partenaria.research.models import ResearchProject

    project = ResearchProject.objects.filter(
        partnership__members__organisation=department, targets__isnull=False
    ).first()
    convention = Convention.objects.filter(subsidies__isnull=False, parties__organisation=department).first()
    return {
        "research": reverse("research:project_list"),
        "research project": reverse("research:project_detail", args=[project.pk]),
        "new deliverable": reverse("research:deliverable_add", args=[project.pk]),
        "study requests": reverse("research:study_list"),
        "money": reverse("finance:overview"),
        "convention money": reverse("finance:convention", args=[convention.pk]),
        "new payment": reverse("finance:payment_add", args=[convention.pk]),
    }


def test_main_pages_have_no_wcag_violation_and_a_working_skip_link(
    browser_page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"  # the demo's placeholder logos
    call_command("load_demo", verbosity=0)
    department = Organisation.objects.get(name__icontains="Ille-et-Vilaine")
    user = UserFactory(email="agent.test@ille-et-vilaine.demo")
    Membership.objects.create(user=user, organisation=department, role=Role.PARTNERSHIP_OFFICER)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="totp", confirmed=True)
    partnership = Partnership.objects.of_organisation(department).first()
    convention = Convention.objects.of_organisation(department).exclude(kind="amendment").first()
    # Dijon: a party without a logo (the documents tab warns) and a settled dispute (CV9, CV10).
    city = Organisation.objects.get(name="Ville de Dijon")
    Membership.objects.create(user=user, organisation=city, role=Role.PARTNERSHIP_OFFICER)
    dijon = Convention.objects.of_organisation(city).filter(kind="framework").get()
    dispute = dijon.disputes.get()
    amendment = Convention.objects.of_organisation(department).filter(kind="amendment").first()
    steering = Body.objects.filter(partnership=partnership, kind="steering_committee").first()
    page = browser_page

    page.goto(live_server.url + reverse("accounts:login"))
    problems = {"login": axe_violations(page)}
    log_in(page, live_server, user.email, device=device, problems=problems)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"

    urls = {
        "dashboard": reverse("dashboard:home"),
        "my account": reverse("accounts:account"),
        "partnerships": reverse("conventions:partnership_list"),
        "partnership": reverse("conventions:partnership_detail", args=[partnership.pk]),
        "conventions": reverse("conventions:convention_list"),
        "convention": reverse("conventions:convention_detail", args=[convention.pk]),
        "new convention": reverse("conventions:convention_create", args=[partnership.pk]),
        "deadlines": reverse("deadlines:list"),
        "organisations": reverse("organisations:list"),
        "organisation": reverse("organisations:detail", args=[department.pk]),
        "documents": reverse("conventions:convention_detail", args=[dijon.pk]) + "?tab=documents",
        "disputes": reverse("conventions:convention_detail", args=[dijon.pk]) + "?tab=disputes",
        "dispute": dispute.get_absolute_url(),
        "new dispute": reverse("conventions:dispute_open", args=[dijon.pk]),
        "action plans": reverse("actionplan:action_list"),
        "action plan": reverse("actionplan:plan", args=[amendment.pk]),
        "indicators": reverse("actionplan:indicators", args=[amendment.parent_id]),
        "bodies": reverse("governance:body_list"),
        "partnership bodies": reverse("governance:partnership_bodies", args=[partnership.pk]),
        "body": reverse("governance:body_detail", args=[steering.pk]),
        "meeting": reverse("governance:meeting_detail", args=[steering.meetings.first().pk]),
        **research_and_money_urls(department),
    }
    for name, url in urls.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)

    # A form with errors: each message is tied to its field.
    page.goto(live_server.url + urls["new convention"])
    page.locator("main form[method=post] button[type=submit]").last.click()
    problems["form with errors"] = axe_violations(page)

    # A governance form with an error of the service (a meeting ending before it starts).
    page.goto(live_server.url + reverse("governance:meeting_create", args=[steering.pk]))
    page.fill("input[name=date]", "2030-01-10")
    page.fill("input[name=start_time]", "14:00")
    page.fill("input[name=end_time]", "12:00")
    page.locator("main form[method=post] button[type=submit]").last.click()
    assert page.locator("#id_end_time-error").count() == 1
    problems["meeting form with errors"] = axe_violations(page)

    found = {name: items for name, items in problems.items() if items}
    assert not found, found


def test_the_check_itself_catches_a_missing_label(browser_page):
    browser_page.set_content('<html lang="fr"><title>t</title><main><input type="text"></main></html>')
    assert any(v.startswith("label") for v in axe_violations(browser_page))


def test_internship_pages_have_no_wcag_violation(browser_page, live_server):
    from partenaria.internships.models import Campaign, HostSite, Placement

    call_command("load_demo", verbosity=0)
    department = Organisation.objects.get(name__icontains="Ille-et-Vilaine")
    user = UserFactory(email="stages.test@ille-et-vilaine.demo")
    Membership.objects.create(user=user, organisation=department, role=Role.HR)
    campaign = Campaign.objects.get(host=department, school_year=2024)
    site = HostSite.objects.filter(organisation=department).first()
    placement = Placement.objects.filter(campaign=campaign).first()
    page = browser_page
    log_in(page, live_server, user.email)
    urls = {
        "internships": reverse("internships:index"),
        "host sites": reverse("internships:site_list", args=[department.pk]),
        "host site": reverse("internships:site_detail", args=[site.pk]),
        "campaign": reverse("internships:campaign_detail", args=[campaign.pk]),
        "placements": reverse("internships:placement_list"),
        "placement": reverse("internships:placement_detail", args=[placement.pk]),
        "new offer": reverse("internships:offer_add", args=[campaign.pk]),
    }
    problems = {}
    for name, url in urls.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
    page.goto(live_server.url + urls["new offer"])
    page.locator("main form[method=post] button[type=submit]").last.click()
    problems["offer with errors"] = axe_violations(page)
    # Follow-up and tutor training (IN7, IN10): the followed-up placement, its evaluation, the
    # training pages, the plan-a-visit form with its errors, and the tutor's page without account.
    from partenaria.internships import followup_services
    from partenaria.internships.models import TrainingSession, TutorEvaluation

    followed = Placement.objects.get(visits__isnull=False)
    session = TrainingSession.objects.get(organiser=department)
    more = {
        "followed placement": reverse("internships:placement_detail", args=[followed.pk]),
        "evaluation": TutorEvaluation.objects.get(placement=followed).get_absolute_url(),
        "tutor training": reverse("internships:training_list"),
        "training session": reverse("internships:training_detail", args=[session.pk]),
        "new training session": reverse("internships:training_create"),
    }
    for name, url in more.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
    page.goto(live_server.url + more["new training session"])
    page.locator("main form[method=post] button[type=submit]").last.click()
    problems["training session with errors"] = axe_violations(page)
    school_officer = UserFactory(email="suivi.test@askoria.demo")
    Membership.objects.create(
        user=school_officer, organisation=campaign.school, role=Role.PARTNERSHIP_OFFICER
    )
    _evaluation, token = followup_services.evaluation_request(
        by=school_officer, placement=followed, notify=False
    )
    page.context.clear_cookies()
    response = page.goto(live_server.url + reverse("internships:evaluation_fill", args=[token]))
    assert response.status == 200
    problems["tutor's evaluation form"] = axe_violations(page)
    page.locator("main form[method=post] button[type=submit]").last.click()
    problems["tutor's evaluation with errors"] = axe_violations(page)
    found = {name: items for name, items in problems.items() if items}
    assert not found, found


def test_rooms_pages_have_no_wcag_violation(browser_page, live_server):
    """Rooms (EV2, FN3): the list, a room's calendar, the booking form with its preview and its
    confirmation step, an error on a field, a booking, « my bookings » and the billing."""
    from tests.rooms.factories import askoria_world, book_many, next_weekday

    world = askoria_world(free_per_year=2)
    made = book_many(world, 3)
    page = browser_page
    log_in(page, live_server, world.agent.email)
    room_url = reverse("rooms:room_detail", args=[world.room.pk])
    problems = {}
    for name, url in {
        "rooms": reverse("rooms:index"),
        "rooms of an organisation": reverse("rooms:organisation", args=[world.school.pk]),
        "room": room_url + f"?du={next_weekday(1).isoformat()}",
        "booking": made[-1].get_absolute_url(),
        "my bookings": reverse("rooms:my_bookings"),
        "billing": reverse("rooms:billing"),
    }.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)

    page.goto(live_server.url + reverse("rooms:book", args=[world.room.pk]))
    page.fill("input[name=day]", next_weekday(3, 3).isoformat())
    page.fill("input[name=start_time]", "14:00")
    page.fill("input[name=end_time]", "16:00")
    page.fill("input[name=attendees]", "12")
    page.fill("input[name=purpose]", "Comité de suivi")
    page.locator("#booking-preview").get_by_text(
        "Cette réservation sera facturée"
    ).wait_for()  # the htmx preview
    problems["booking form with its preview"] = axe_violations(page)
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.get_by_text("Vérifier et confirmer").wait_for()
    problems["confirmation step"] = axe_violations(page)

    page.goto(live_server.url + reverse("rooms:book", args=[world.room.pk]))
    page.fill("input[name=day]", next_weekday(3, 3).isoformat())
    page.fill("input[name=start_time]", "16:00")
    page.fill("input[name=end_time]", "14:00")
    page.fill("input[name=attendees]", "12")
    page.fill("input[name=purpose]", "Comité de suivi")
    page.locator("main form[method=post] button[type=submit]").last.click()
    assert page.locator("#id_end_time-error").count() == 1
    problems["booking form with errors"] = axe_violations(page)
    found = {name: items for name, items in problems.items() if items}
    assert not found, found


def test_european_project_pages_have_no_wcag_violation(browser_page, live_server):
    """European projects (EU1-EU4, EU6): the list, the project sheet with its consortium check, the
    published search as an outside organisation reads it and its answer form with an error, a
    mobility with its delegations, the deliverables."""
    import datetime

    from partenaria.conventions.models import MemberStatus, PartnershipMember
    from partenaria.europe import services
    from tests.europe.factories import erasmus_world

    world = erasmus_world()
    PartnershipMember.objects.filter(partnership=world.partnership).update(status=MemberStatus.CONFIRMED)
    mobility = services.mobility_plan(
        by=world.officer,
        project=world.project,
        data={"host": world.aoste, "starts_on": datetime.date(2030, 5, 6)},
    )
    services.job_profile_add(
        by=world.officer,
        project=world.project,
        data={
            "family": "Accueil",
            "title": "Travailleur social",
            "missions": "Accueillir",
            "soft_skills": "Écoute",
        },
    )
    page = browser_page
    log_in(page, live_server, world.officer.email)
    problems = {}
    for name, url in {
        "european projects": reverse("europe:index"),
        "project sheet": world.project.get_absolute_url(),
        "mobility": mobility.get_absolute_url(),
        "deliverables": reverse("europe:deliverables", args=[world.project.pk]),
        "partner search form": reverse("europe:search_edit", args=[world.project.pk]),
    }.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
    page.context.clear_cookies()
    log_in(page, live_server, world.belgian_officer.email)
    page.goto(live_server.url + world.search.get_absolute_url())
    problems["published search"] = axe_violations(page)
    page.locator("main form[method=post] button[type=submit]").last.click()
    assert page.locator("#id_message-error").count() == 1
    problems["answer with an error"] = axe_violations(page)
    found = {name: items for name, items in problems.items() if items}
    assert not found, found


def test_event_pages_have_no_wcag_violation(browser_page, live_server, settings, tmp_path):
    """Events (EV1, EV3, EV4): the list, an event with its programme, registrations and check-in, the
    forms with their errors, the news, and the public registration page seen without an account."""
    from partenaria.events.models import Event

    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", verbosity=0)
    department = Organisation.objects.get(name__icontains="Ille-et-Vilaine")
    user = UserFactory(email="evenements.test@ille-et-vilaine.demo")
    Membership.objects.create(user=user, organisation=department, role=Role.PARTNERSHIP_OFFICER)
    seminar = Event.objects.get(title="Séminaire socio-sport")
    salon = Event.objects.get(kind="salon")
    page = browser_page
    problems = {}
    response = page.goto(live_server.url + salon.public_url())
    assert response.status == 200
    problems["public registration"] = axe_violations(page)
    page.locator("main form[method=post] button[type=submit]").click()
    problems["public registration with errors"] = axe_violations(page)
    log_in(page, live_server, user.email)
    urls = {
        "events": reverse("events:list"),
        "past events": reverse("events:list") + "?periode=passes",
        "event": reverse("events:detail", args=[seminar.pk]),
        "registrations": reverse("events:registrations", args=[seminar.pk]),
        "register": reverse("events:register", args=[salon.pk]),
        "new event": reverse("events:create"),
        "news": reverse("events:news"),
    }
    for name, url in urls.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
    page.goto(live_server.url + urls["new event"])
    page.locator("main form[method=post] button[type=submit]").click()
    problems["new event with errors"] = axe_violations(page)
    found = {name: items for name, items in problems.items() if items}
    assert not found, found


def test_allocation_assistant_pages_have_no_wcag_violation(browser_page, live_server):
    from partenaria.internships.models import Campaign

    call_command("load_demo", verbosity=0)
    campaign = Campaign.objects.get(school__short_name="IRTESS", host__name="Dijon Métropole")
    user = UserFactory(email="affectation.test@irtess.demo")
    Membership.objects.create(user=user, organisation=campaign.school, role=Role.PARTNERSHIP_OFFICER)
    student = campaign.allocation_wishes.first().student
    page = browser_page
    log_in(page, live_server, user.email)
    urls = {
        "assistant": reverse("allocation:assistant", args=[campaign.pk]),
        "assistant, not placed": reverse("allocation:assistant", args=[campaign.pk]) + "?etat=unplaced",
        "wishes": reverse("allocation:student_wishes", args=[campaign.pk, student.pk]),
        "change by hand": reverse("allocation:lock", args=[campaign.pk, student.pk]),
        "site location": reverse(
            "allocation:site_location", args=[campaign.pk, campaign.offers.first().site_id]
        ),
    }
    problems = {}
    for name, url in urls.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
    page.goto(live_server.url + urls["change by hand"])
    page.locator("main form[method=post] button[type=submit]").last.click()
    problems["change with errors"] = axe_violations(page)
    found = {name: items for name, items in problems.items() if items}
    assert not found, found


def test_two_factor_set_up_pages_have_no_wcag_violation(browser_page, live_server):
    """A role that sees research is sent to set up two-factor authentication (trust 8): the QR code
    page, and the same page with a wrong code, are accessible."""
    organisation = OrganisationFactory(departement=True)
    user = UserFactory(email="viewer.test@example.test")
    Membership.objects.create(user=user, organisation=organisation, role=Role.VIEWER)
    page = browser_page
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + reverse("dashboard:home"))

    page.goto(live_server.url + reverse("research:project_list"))
    assert reverse("accounts:two_factor_setup") in page.url
    assert page.locator("main img[alt]").count() == 1  # the QR code, with its text alternative
    problems = {"set-up": axe_violations(page)}
    page.fill("input[name=token]", "000000")
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("input[name=token][aria-invalid=true]").count() == 1
    problems["wrong code"] = axe_violations(page)
    assert not any(problems.values()), problems


def test_personal_data_pages_have_no_wcag_violation(browser_page, live_server):
    """« Mes données » with its erasure request, the administrators' list of requests and the
    confirmation page of an erasure (trust 16, 32)."""
    from tests.factories import PersonFactory

    school = OrganisationFactory(school=True)
    admin = UserFactory(email="admin.test@ecole.demo")
    Membership.objects.create(user=admin, organisation=school, role=Role.ADMIN)
    agent = UserFactory(email="agent.test@ecole.demo", first_name="Zoé", last_name="Canarivolta")
    Membership.objects.create(user=agent, organisation=school, role=Role.AGENT)
    person = PersonFactory(organisation=school, user=agent, first_name="Zoé", last_name="Canarivolta")
    page = browser_page
    problems = {}

    log_in(page, live_server, agent.email)
    response = page.goto(live_server.url + reverse("accounts:my_data"))
    assert response.status == 200
    problems["my data"] = axe_violations(page)
    page.locator("main form[method=post] button[type=submit]").last.click()
    page.wait_for_url("**" + reverse("accounts:my_data"))
    assert page.locator("main li").count() == 1  # the request and its due date
    problems["my data, erasure asked"] = axe_violations(page)

    page.context.clear_cookies()
    log_in(page, live_server, admin.email)
    for name, url in {
        "erasure requests": reverse("core:erasure_requests"),
        "erasure confirmation": reverse("core:person_erase", args=[school.pk, person.pk]),
        "organisation with its people": reverse("organisations:detail", args=[school.pk]),
    }.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)

    found = {name: items for name, items in problems.items() if items}
    assert not found, found


def test_teaching_pages_have_no_wcag_violation(browser_page, live_server):
    """Teaching cooperation (PD1-PD7): the interventions of the year, one at each stage, the planning
    form with an error, the programme, the employer's decision, the speakers, job offers,
    documentation centre and qualifications."""
    import datetime

    from partenaria.internships.models import CompetenceBlock
    from partenaria.teaching import services as teaching
    from tests.teaching.factories import InterventionFactory, dijon_world

    w = dijon_world()
    planned = InterventionFactory(partnership=w.partnership, agent=w.agent)
    requested = InterventionFactory(partnership=w.partnership, agent=w.agent, requested=True, paid=True)
    InterventionFactory(partnership=w.partnership, open_slot=True, kind="forum")
    speaker = teaching.speaker_register(
        by=w.school_officer,
        partnership=w.partnership,
        data={
            "school": w.school,
            "agent": w.agent,
            "charter_version": "2025",
            "charter_signed_on": datetime.date(2025, 9, 1),
        },
    )
    from tests.internships.factories import diploma

    block = CompetenceBlock.objects.filter(diploma=diploma("ASS")).order_by("pk").first()
    teaching.speaker_assess(
        by=w.school_officer, speaker=speaker, block=block, level="confirmed", on=datetime.date(2025, 9, 2)
    )
    teaching.job_offer_publish(
        by=w.hr, partnership=w.partnership, data={"employer": w.city, "title": "Éducateur (H/F)"}
    )
    teaching.qualification_action_create(
        by=w.city_officer,
        partnership=w.partnership,
        data={"kind": "apprenticeship", "title": "Apprentis DEES", "people": 3},
    )
    page = browser_page
    log_in(page, live_server, w.school_officer.email)
    create = reverse("teaching:intervention_create", args=[w.partnership.pk])
    problems = {}
    for name, url in {
        "teaching": reverse("teaching:index") + f"?year={planned.school_year}",
        "intervention": planned.get_absolute_url(),
        "plan an intervention": create,
        "programme": reverse("teaching:programme", args=[w.partnership.pk, planned.school_year]),
        "speakers": reverse("teaching:speakers"),
        "speaker": speaker.get_absolute_url(),
        "job offers": reverse("teaching:job_offers"),
        "documentation centre": reverse("teaching:documentation"),
        "qualifications": reverse("teaching:qualifications"),
    }.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, response.status)
        problems[name] = axe_violations(page)
    page.goto(live_server.url + create)
    page.locator("main form[method=post] button[type=submit]").last.click()
    problems["plan with errors"] = axe_violations(page)
    page.context.clear_cookies()
    log_in(page, live_server, w.hr.email)
    response = page.goto(live_server.url + reverse("teaching:intervention_decide", args=[requested.pk]))
    assert response.status == 200
    problems["decision"] = axe_violations(page)
    found = {name: items for name, items in problems.items() if items}
    assert not found, found
