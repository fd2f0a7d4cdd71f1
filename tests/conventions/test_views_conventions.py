"""Convention pages (CV1, CV2, CV3, CV8): list and exports, detail, creation, edit, status acts."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partenaria.conventions import services, terms
from partenaria.conventions.models import ApprovalStep, Convention, NoticeForm, Party
from partenaria.conventions.statuses import Status
from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Role
from tests.factories import (
    ArticleFactory,
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    officer_of,
)

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def browse(client):
    def login(user):
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


@pytest.fixture
def setting(db):
    dept = OrganisationFactory(departement=True, name="Département du Haut-Rhin")
    school = OrganisationFactory(school=True, name="ISSM")
    partnership = PartnershipFactory(members=[dept, school], title="Haut-Rhin ISSM")
    return {"dept": dept, "school": school, "partnership": partnership, "officer": officer_of(dept)}


def today():
    return timezone.localdate()


# --- List ----------------------------------------------------------------------------------------


def test_list_searches_by_party_name_and_keeps_filters_in_the_url(browse, setting, two_partnerships):
    p = setting["partnership"]
    ConventionFactory(
        partnership=p, title="Convention triennale", tacit_renewal_4_months=True, reference="CP-2010"
    )
    ConventionFactory(partnership=p, title="Ancienne convention", expired=True)
    client = browse(setting["officer"])
    url = reverse("conventions:convention_list")
    body = client.get(url).content.decode()
    assert "2 conventions" in body
    assert "CANARY-B" not in body
    body = client.get(url, {"q": "issm"}).content.decode()
    assert "2 conventions" in body
    body = client.get(url, {"q": "CP-2010"}).content.decode()
    assert "1 convention" in body and "Convention triennale" in body
    body = client.get(url, {"status": "expired"}).content.decode()
    assert "Ancienne convention" in body and "Convention triennale" not in body
    body = client.get(url, {"tacit_renewal": "yes", "sort": "-start"}).content.decode()
    assert "Convention triennale" in body and "Ancienne convention" not in body
    assert "tacit_renewal=yes" in body  # kept in the export links and pagination
    body = client.get(url, {"q": "nothing like this"}).content.decode()
    assert "No convention matches these filters" in body


def test_list_sorts_by_start_date(browse, setting):
    p = setting["partnership"]
    ConventionFactory(partnership=p, title="Zeta", start_date=datetime.date(2015, 1, 1))
    ConventionFactory(partnership=p, title="Alpha", start_date=datetime.date(2022, 1, 1))
    client = browse(setting["officer"])
    body = client.get(reverse("conventions:convention_list"), {"sort": "start"}).content.decode()
    assert body.index("Zeta") < body.index("Alpha")
    body = client.get(reverse("conventions:convention_list"), {"sort": "title"}).content.decode()
    assert body.index("Alpha") < body.index("Zeta")


def test_empty_list_says_what_to_do_first(browse):
    body = (
        browse(officer_of(OrganisationFactory())).get(reverse("conventions:convention_list")).content.decode()
    )
    assert "0 conventions" in body and "create its first convention" in body


def _count_list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("conventions:convention_list"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_queries_stay_flat_when_conventions_grow(browse, setting):
    client = browse(setting["officer"])
    for _ in range(3):
        ConventionFactory(partnership=PartnershipFactory(members=[setting["dept"], OrganisationFactory()]))
    few = _count_list_queries(client)
    for _ in range(27):
        ConventionFactory(partnership=PartnershipFactory(members=[setting["dept"], OrganisationFactory()]))
    assert _count_list_queries(client) == few
    assert few <= 12


def test_exports_carry_the_filtered_list_with_dates(browse, setting, two_partnerships):
    p = setting["partnership"]
    convention = ConventionFactory(partnership=p, title="Convention triennale", tacit_renewal_4_months=True)
    ConventionFactory(partnership=p, title="=HYPERLINK(1)", expired=True)
    client = browse(setting["officer"])
    response = client.get(reverse("conventions:convention_export_csv"), {"status": "active"})
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Title"
    assert len(rows) == 2
    assert rows[1][0] == "Convention triennale"
    assert rows[1][4] == "Département du Haut-Rhin, ISSM"
    assert rows[1][6] == convention.end_date.strftime("%d/%m/%Y")
    assert rows[1][7] == convention.notice_deadline.strftime("%d/%m/%Y")
    all_rows = client.get(reverse("conventions:convention_export_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in all_rows and "CANARY-B" not in all_rows

    response = client.get(reverse("conventions:convention_export_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 3
    titles = {row[0] for row in values[1:]}
    assert titles == {"Convention triennale", "'=HYPERLINK(1)"}
    row = next(r for r in values if r[0] == "Convention triennale")
    assert row[6].date() == convention.end_date


# --- Detail --------------------------------------------------------------------------------------


def test_detail_shows_the_key_dates_computed_by_the_model(browse, setting):
    convention = ConventionFactory(partnership=setting["partnership"], tacit_renewal_4_months=True)
    body = browse(setting["officer"]).get(convention.get_absolute_url()).content.decode()
    from partenaria.core.templatetags.partenaria import longdate, weekdate

    with __import__("django.utils.translation", fromlist=["override"]).override("en"):
        assert longdate(convention.end_date) in body
        assert weekdate(convention.notice_deadline) in body
        assert weekdate(convention.notice_send_by) in body
    assert "tacit renewal until denounced" in body
    assert "registered letter" in body
    for tab in ("Content", "Parties", "Approval", "Amendments", "History"):
        assert f"?tab={tab.lower()}" in body


def test_history_tab_tells_the_story_in_words(browse, setting):
    officer = officer_of(setting["dept"], first_name="Camille", last_name="Durand")
    convention = services.convention_create(
        by=officer,
        partnership=setting["partnership"],
        parties=[{"organisation": setting["dept"]}, {"organisation": setting["school"]}],
        title="Initial",
        start_date=datetime.date(2022, 1, 1),
        term_months=36,
    )
    ArticleFactory(convention=convention)
    services.convention_update(by=officer, convention=convention, expected_version=1, data={"title": "Revu"})
    services.convention_submit(by=officer, convention=convention)
    body = browse(setting["officer"]).get(convention.get_absolute_url(), {"tab": "history"}).content.decode()
    assert "Camille Durand</strong> changed the convention" in body
    assert "created the convention" in body
    assert "parties : Département du Haut-Rhin, ISSM" in body
    assert "Initial → Revu" in body
    assert "submitted the convention for approval" in body
    assert "Draft → In approval" in body


# --- Creation ------------------------------------------------------------------------------------


def _create_data(setting, **overrides):
    data = {
        "kind": "framework",
        "title": "Convention 2026-2028",
        "reference": "CP-2026-1",
        "start_mode": "fixed",
        "start_date": "2026-01-01",
        "term_months": "",
        "end_date": "2028-12-31",
        "notice_months": "4",
        "notice_form": NoticeForm.REGISTERED_LETTER,
        "tacit_renewal": "on",
        "max_renewals": "",
        "synthesis": "",
        "version": "",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "2",
        "parties-MIN_NUM_FORMS": "0",
        "parties-MAX_NUM_FORMS": "20",
        "parties-0-organisation": str(setting["dept"].pk),
        "parties-0-designation": "Le Département",
        "parties-0-representative_name": "Dominique Exemple",
        "parties-0-capacity": "Le Président du Conseil départemental",
        "parties-0-delegation": "Pour le Président et par délégation, le Vice-Président",
        "parties-1-organisation": str(setting["school"].pk),
        "parties-1-designation": "L'ISSM",
    }
    data.update(overrides)
    return data


def test_create_a_draft_from_an_end_date(browse, setting):
    url = reverse("conventions:convention_create", args=[setting["partnership"].pk])
    # Extra fields posted (mass assignment) change nothing.
    extra = {"status": "active", "partnership": PartnershipFactory().pk, "version": "7"}
    response = browse(setting["officer"]).post(url, _create_data(setting, **extra))
    convention = Convention.objects.get()
    assert convention.partnership == setting["partnership"]
    assert convention.version == 1
    assert response.status_code == 302 and response.url == convention.get_absolute_url()
    assert convention.status == Status.DRAFT
    assert convention.term_months == 36
    assert convention.end_date == datetime.date(2028, 12, 31)
    party = Party.objects.get(convention=convention, organisation=setting["dept"])
    assert party.delegation.startswith("Pour le Président")
    assert AuditEvent.objects.filter(action="convention.created").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"end_date": "2025-12-31"}, "end_date", "before the start"),
        ({"end_date": "2028-12-15"}, "end_date", "whole number of months"),
        (
            {"end_date": "", "term_months": "12", "notice_months": "12"},
            "notice_months",
            "shorter than the term",
        ),
        ({"end_date": "", "term_months": ""}, "term_months", "Give the term"),
        ({"parties-1-organisation": None}, "parties-1-organisation", "already a party"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_nothing_is_saved(
    browse, setting, overrides, field, message
):
    data = _create_data(setting, **overrides)
    if field == "parties-1-organisation":
        data["parties-1-organisation"] = data["parties-0-organisation"]
    url = reverse("conventions:convention_create", args=[setting["partnership"].pk])
    response = browse(setting["officer"]).post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    error = body[body.index(f'id="id_{field}-error"') :][:400]
    assert message in error
    assert 'value="Convention 2026-2028"' in body  # what was typed is kept
    assert not Convention.objects.exists()
    assert not Party.objects.exists()


# --- Edit ----------------------------------------------------------------------------------------


def _edit_data(convention, **overrides):
    data = {
        "kind": convention.kind,
        "title": convention.title,
        "reference": convention.reference,
        "start_mode": convention.start_mode,
        "start_date": convention.start_date.isoformat(),
        "term_months": str(convention.term_months),
        "end_date": "",
        "notice_months": str(convention.notice_months),
        "notice_form": convention.notice_form,
        "max_renewals": "",
        "synthesis": convention.synthesis,
        "version": str(convention.version),
    }
    data.update(overrides)
    return data


def test_two_people_edit_the_same_draft_the_second_is_told_and_the_first_is_kept(client, setting):
    convention = ConventionFactory(partnership=setting["partnership"], draft=True, title="Initial")
    url = reverse("conventions:convention_edit", args=[convention.pk])
    first, second = setting["officer"], officer_of(setting["school"])
    client.force_login(first)
    assert 'name="version" value="1"' in client.get(url).content.decode()
    data_first = _edit_data(convention, title="Version of the first")
    data_second = _edit_data(convention, title="Version of the second")
    assert client.post(url, data_first).status_code == 302
    client.force_login(second)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(url, data_second)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Someone else saved this convention" in body
    assert 'value="Version of the second"' in body
    convention.refresh_from_db()
    assert convention.title == "Version of the first"
    assert convention.version == 2


def test_a_signed_convention_is_not_edited(browse, setting):
    convention = ConventionFactory(partnership=setting["partnership"])
    client = browse(setting["officer"])
    assert client.get(reverse("conventions:convention_edit", args=[convention.pk])).status_code == 403


# --- Status acts ---------------------------------------------------------------------------------


def test_submit_refused_shows_the_service_message(browse, setting):
    convention = ConventionFactory(partnership=setting["partnership"], draft=True)
    client = browse(setting["officer"])
    response = client.post(reverse("conventions:convention_submit", args=[convention.pk]), follow=True)
    assert "Write at least one article" in response.content.decode()
    assert Convention.objects.get(pk=convention.pk).status == Status.DRAFT


def test_submit_then_sign_from_the_pages(browse, setting):
    convention = ConventionFactory(
        partnership=setting["partnership"], draft=True, start_date=today() - 10 * DAY
    )
    ArticleFactory(convention=convention)
    client = browse(setting["officer"])
    detail = client.get(convention.get_absolute_url()).content.decode()
    assert "data-confirm=" in detail and "Submit for approval" in detail
    client.post(reverse("conventions:convention_submit", args=[convention.pk]))
    assert Convention.objects.get(pk=convention.pk).status == Status.IN_APPROVAL
    sign_url = reverse("conventions:convention_sign", args=[convention.pk])
    response = client.post(
        sign_url, {"signature_date": (today() + DAY).isoformat(), "signature_place": "Colmar"}
    )
    assert "cannot be in the future" in response.content.decode()
    response = client.post(
        sign_url, {"signature_date": today().isoformat(), "signature_place": "Colmar", "originals_count": "2"}
    )
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.status == Status.ACTIVE
    assert convention.originals_count == 2


def test_status_acts_need_an_officer_and_a_post(browse, setting):
    convention = ConventionFactory(partnership=setting["partnership"], draft=True)
    ArticleFactory(convention=convention)
    viewer = officer_of(setting["dept"], role=Role.VIEWER)
    client = browse(viewer)
    assert "Submit for approval" not in client.get(convention.get_absolute_url()).content.decode()
    for name in ("convention_submit", "convention_sign", "convention_supersede", "convention_denounce"):
        assert client.post(reverse(f"conventions:{name}", args=[convention.pk])).status_code == 403
    client = browse(setting["officer"])
    assert client.get(reverse("conventions:convention_submit", args=[convention.pk])).status_code == 405
    assert Convention.objects.get(pk=convention.pk).status == Status.DRAFT


def test_supersede_from_the_page(browse, setting):
    old = ConventionFactory(partnership=setting["partnership"], expired=True)
    new = ConventionFactory(partnership=setting["partnership"])
    client = browse(setting["officer"])
    response = client.post(reverse("conventions:convention_supersede", args=[old.pk]), {"successor": new.pk})
    assert response.status_code == 302
    assert Convention.objects.get(pk=old.pk).status == Status.SUPERSEDED


# --- Denunciation --------------------------------------------------------------------------------


def test_a_late_denunciation_is_offered_for_the_next_term_then_recorded(browse, setting):
    start = terms.add_months_clamped(today() + 30 * DAY, -36)
    convention = ConventionFactory(
        partnership=setting["partnership"], tacit_renewal_4_months=True, start_date=start
    )
    next_end = terms.period(convention.term_rules(), 1).end
    url = reverse("conventions:convention_denounce", args=[convention.pk])
    client = browse(setting["officer"])
    page = client.get(url).content.decode()
    assert "accept_next_term" not in page
    data = {
        "party": setting["school"].pk,
        "form": NoticeForm.REGISTERED_LETTER,
        "sent_on": (today() - 2 * DAY).isoformat(),
        "received_on": today().isoformat(),
        "reason": "Fin du partenariat",
    }
    response = client.post(url, data)
    body = response.content.decode()
    error = body[body.index('id="id_received_on-error"') :][:600]
    assert "cannot stop the convention on that date" in error
    assert 'name="accept_next_term"' in body
    assert "Fin du partenariat" in body
    assert Convention.objects.get(pk=convention.pk).status == Status.ACTIVE

    response = client.post(url, {**data, "accept_next_term": "on"})
    assert response.status_code == 302
    assert Convention.objects.get(pk=convention.pk).status == Status.DENOUNCED
    body = client.get(convention.get_absolute_url()).content.decode()
    from partenaria.core.templatetags.partenaria import longdate

    with __import__("django.utils.translation", fromlist=["override"]).override("en"):
        assert f"denounced, ends on {longdate(next_end)}" in body


def test_only_a_party_can_be_chosen_as_denouncing(browse, setting):
    convention = ConventionFactory(partnership=setting["partnership"], tacit_renewal_4_months=True)
    outsider = OrganisationFactory()
    response = browse(setting["officer"]).post(
        reverse("conventions:convention_denounce", args=[convention.pk]),
        {
            "party": outsider.pk,
            "form": NoticeForm.REGISTERED_LETTER,
            "sent_on": today(),
            "received_on": today(),
        },
    )
    assert response.status_code == 200
    assert 'id="id_party-error"' in response.content.decode()
    assert Convention.objects.get(pk=convention.pk).status == Status.ACTIVE


def test_detail_page_queries_are_bounded(browse, setting, django_assert_max_num_queries):
    convention = ConventionFactory(partnership=setting["partnership"], tacit_renewal_4_months=True)
    for _ in range(10):
        ArticleFactory(convention=convention)
    client = browse(setting["officer"])
    for tab, budget in (("content", 25), ("parties", 25), ("history", 15)):
        with django_assert_max_num_queries(budget):
            assert client.get(convention.get_absolute_url(), {"tab": tab}).status_code == 200


def test_an_act_page_says_at_once_when_the_act_is_not_possible(browse, setting):
    convention = ConventionFactory(partnership=setting["partnership"], draft=True)
    client = browse(setting["officer"])
    body = client.get(reverse("conventions:convention_sign", args=[convention.pk])).content.decode()
    assert "This act is not possible: the convention is « Draft »" in body
    response = client.post(
        reverse("conventions:convention_sign", args=[convention.pk]),
        {"signature_date": today().isoformat(), "signature_place": "Colmar"},
    )
    assert response.status_code == 200
    assert Convention.objects.get(pk=convention.pk).status == Status.DRAFT


def test_the_signature_page_says_which_body_has_not_voted_and_refuses_next_to_the_form(browse, setting):
    convention = ConventionFactory(partnership=setting["partnership"], draft=True)
    ArticleFactory(convention=convention)
    ApprovalStep.objects.create(
        convention=convention, organisation=setting["dept"], kind="report", date=datetime.date(2012, 5, 4)
    )
    convention.status = Status.IN_APPROVAL
    convention.save()
    client = browse(setting["officer"])
    url = reverse("conventions:convention_sign", args=[convention.pk])
    body = client.get(url).content.decode()
    assert "these bodies have not voted on their report yet" in body
    assert "Département du Haut-Rhin" in body
    response = client.post(url, {"signature_date": "2012-06-18", "signature_place": "Colmar"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "has not voted on its report by this date" in body
    assert 'value="Colmar"' in body
    assert Convention.objects.get(pk=convention.pk).status == Status.IN_APPROVAL
