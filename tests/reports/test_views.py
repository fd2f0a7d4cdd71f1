"""The progress report in the browser (AP3): the convention's reports, preparing, sending."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partenaria.organisations.models import Role
from partenaria.reports.models import ProgressReport, ReportRule
from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of
from tests.governance.factories import BodyFactory, MeetingFactory
from tests.reports.factories import ProgressReportFactory, ReportRuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(client):
    dept = OrganisationFactory(departement=True, name="Département d'Ille-et-Vilaine")
    school = OrganisationFactory(school=True, name="Askoria")
    partnership = PartnershipFactory(members=[dept, school])
    convention = ConventionFactory(partnership=partnership, title="Convention de partenariat")
    BodyFactory(partnership=partnership, annual=True)
    officer = officer_of(dept)
    client.force_login(officer)
    return {"convention": convention, "officer": officer, "client": client, "dept": dept}


def year():
    return timezone.localdate().year


def test_an_officer_records_the_rule_then_sees_each_years_report(setting):
    client, convention = setting["client"], setting["convention"]
    response = client.post(
        reverse("reports:rule_edit", args=[convention.pk]), {"lead_months": "1", "quarter": "4"}
    )
    assert response.status_code == 302
    assert ReportRule.objects.get(convention=convention).quarter == 4
    page = client.get(reverse("reports:convention", args=[convention.pk])).content.decode()
    assert f"reports/convention/{convention.pk}/{year()}/".replace("reports", "rapports") in page
    assert f"/{year() - 1}/" in page


def test_a_bad_rule_is_refused_next_to_the_field_and_keeps_what_was_typed(setting):
    client, convention = setting["client"], setting["convention"]
    response = client.post(
        reverse("reports:rule_edit", args=[convention.pk]), {"lead_months": "15", "quarter": "4"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_lead_months-error"' in body
    assert 'value="15"' in body
    assert not ReportRule.objects.exists()


def test_preparing_writing_the_foreword_and_recording_the_sending(setting):
    client, convention = setting["client"], setting["convention"]
    ReportRuleFactory(convention=convention, askoria=True)
    detail = reverse("reports:detail", args=[convention.pk, year()])
    assert "Prepare the report" in client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode() or (
        "Préparer le rapport" in client.get(detail).content.decode()
    )
    assert client.post(reverse("reports:open", args=[convention.pk, year()])).status_code == 302
    report = ProgressReport.objects.get(convention=convention, year=year())
    client.post(reverse("reports:foreword", args=[convention.pk, year()]), {"foreword": "Une année riche."})
    report.refresh_from_db()
    assert report.foreword == "Une année riche."
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    refused = client.post(reverse("reports:send", args=[convention.pk, year()]), {"sent_on": tomorrow})
    assert refused.status_code == 200
    assert 'id="id_sent_on-error"' in refused.content.decode()
    assert f'value="{tomorrow}"' in refused.content.decode()
    client.post(
        reverse("reports:send", args=[convention.pk, year()]), {"sent_on": timezone.localdate().isoformat()}
    )
    report.refresh_from_db()
    assert report.sent_on == timezone.localdate()


def test_a_viewer_reads_but_cannot_act(setting, client):
    ReportRuleFactory(convention=setting["convention"])
    viewer = officer_of(setting["dept"], role=Role.VIEWER)
    client.force_login(viewer)
    detail = client.get(reverse("reports:detail", args=[setting["convention"].pk, year()]))
    assert detail.status_code == 200
    assert reverse("reports:open", args=[setting["convention"].pk, year()]) not in detail.content.decode()
    assert client.post(reverse("reports:open", args=[setting["convention"].pk, year()])).status_code == 403
    assert not ProgressReport.objects.exists()


def test_a_year_without_a_report_is_a_404(setting):
    ReportRuleFactory(convention=setting["convention"])
    assert (
        setting["client"].get(reverse("reports:detail", args=[setting["convention"].pk, 1990])).status_code
        == 404
    )


def test_the_report_page_queries_stay_flat_as_the_committees_meet(setting, django_assert_max_num_queries):
    convention = setting["convention"]
    ReportRuleFactory(convention=convention, askoria=True)
    ProgressReportFactory(convention=convention, year=year())
    body = convention.partnership.bodies.get()
    url = reverse("reports:detail", args=[convention.pk, year()])

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert setting["client"].get(url).status_code == 200
        return len(queries)

    MeetingFactory(body=body, on=datetime.date(year(), 2, 1), held=True)
    count()  # warm the per-process caches (content types, session)
    few = count()
    for month in range(3, 10):
        meeting = MeetingFactory(body=body, on=datetime.date(year(), month, 1), held=True)
        meeting.decisions.create(number=1, text="Décision")
    assert count() == few


def test_a_late_report_says_so_on_its_page_and_in_the_list(setting):
    convention = setting["convention"]  # started on 1 January of last year
    ReportRuleFactory(convention=convention, askoria=True)  # no committee planned: due on 31 December
    last_year = year() - 1
    page = setting["client"].get(reverse("reports:detail", args=[convention.pk, last_year])).content.decode()
    assert "text-bg-danger" in page
    assert f"31 décembre {last_year}" in page
    listing = setting["client"].get(reverse("reports:convention", args=[convention.pk])).content.decode()
    assert listing.count("text-bg-danger") == 1


def test_a_refusal_from_the_service_is_announced_on_its_field(setting):
    convention = setting["convention"]
    ReportRuleFactory(convention=convention)
    ProgressReportFactory(convention=convention, year=year())
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    body = (
        setting["client"]
        .post(reverse("reports:send", args=[convention.pk, year()]), {"sent_on": tomorrow})
        .content.decode()
    )
    field = body[body.index('name="sent_on"') - 300 : body.index('name="sent_on"') + 300]
    assert 'aria-invalid="true"' in field
    assert "id_sent_on-error" in field
