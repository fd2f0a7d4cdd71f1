"""The annual progress report (AP3): dated from the steering committee, followed in the deadlines,
assembled from the action plan, the indicators and the committees, generated, sent."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from partenaria.actionplan import services as plan_services
from partenaria.core.audit import history_for
from partenaria.deadlines import engine
from partenaria.documents.models import GeneratedDocument
from partenaria.organisations.models import Role
from partenaria.reports import services
from partenaria.reports.builder import report_blocks
from partenaria.reports.models import ProgressReport, ReportRule
from tests.actionplan.factories import (
    ActionFactory,
    AxisFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgressNoteFactory,
)
from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of
from tests.governance.factories import BodyFactory, MeetingFactory
from tests.reports.factories import ProgressReportFactory, ReportRuleFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def today():
    return timezone.localdate()


@pytest.fixture
def askoria():
    """Ille-et-Vilaine and Askoria: a convention running this year, whose report is due in Q4 [000]."""
    dept = OrganisationFactory(departement=True, name="Département d'Ille-et-Vilaine")
    school = OrganisationFactory(school=True, name="Askoria")
    partnership = PartnershipFactory(members=[dept, school], title="Ille-et-Vilaine – Askoria")
    convention = ConventionFactory(partnership=partnership, title="Convention 2026-2028")
    steering = BodyFactory(partnership=partnership, annual=True, name="Comité de pilotage")
    return {
        "dept": dept,
        "school": school,
        "partnership": partnership,
        "convention": convention,
        "steering": steering,
        "officer": officer_of(dept),
    }


def deadlines_of(user, *, on=None, days=400):
    on = on or today()
    return [
        d
        for d in engine.for_user(user, today=on, until=on + datetime.timedelta(days=days))
        if d.kind == "progress_report"
    ]


# --- The rule and the due date -------------------------------------------------------------------


def test_recording_the_askoria_rule_dates_the_report_a_month_before_the_steering_committee(askoria):
    year = today().year
    MeetingFactory(body=askoria["steering"], on=D(year, 12, 15))
    rule = services.report_rule_set(
        by=askoria["officer"], convention=askoria["convention"], lead_months=1, quarter=4
    )
    assert (rule.lead_months, rule.quarter) == (1, 4)
    assert history_for(askoria["convention"]).filter(action="report.rule_set").exists()
    [deadline] = [
        d for d in deadlines_of(askoria["officer"], on=D(year, 1, 2)) if d.label.endswith(str(year))
    ]
    assert deadline.date == D(year, 11, 15)
    assert deadline.url == reverse("reports:detail", args=[askoria["convention"].pk, year])


def test_a_late_report_is_flagged_until_it_is_sent(askoria):
    year = today().year - 1  # the convention started on 1 January of last year
    MeetingFactory(body=askoria["steering"], on=D(year, 12, 15))
    ReportRuleFactory(convention=askoria["convention"], askoria=True)
    on = D(year, 11, 20)
    [late] = [d for d in deadlines_of(askoria["officer"], on=on) if d.is_late]
    assert late.date == D(year, 11, 15)
    assert late.key == f"convention:{askoria['convention'].pk}:report:{year}"
    assert "15 décembre" in late.reason
    report = services.progress_report_open(by=askoria["officer"], convention=askoria["convention"], year=year)
    services.progress_report_send(by=askoria["officer"], report=report, sent_on=D(year, 11, 21))
    assert not [d for d in deadlines_of(askoria["officer"], on=on) if d.is_late]
    assert history_for(report).filter(action="report.sent").exists()


def test_a_cancelled_meeting_does_not_date_the_report(askoria):
    year = today().year
    MeetingFactory(body=askoria["steering"], on=D(year, 12, 15), status="cancelled")
    ReportRuleFactory(convention=askoria["convention"], askoria=True)
    [item] = [d for d in deadlines_of(askoria["officer"], on=D(year, 1, 2)) if d.label.endswith(str(year))]
    assert item.date == D(year, 12, 31)
    assert "no steering committee is planned" in item.reason or "aucun comité de pilotage" in item.reason


def test_the_rule_refuses_an_article_of_another_convention_and_a_lead_over_a_year(askoria):
    other = ConventionFactory()
    article = other.articles.create(number="3", title="Suivi")
    with pytest.raises(ValidationError) as exc:
        services.report_rule_set(
            by=askoria["officer"],
            convention=askoria["convention"],
            lead_months=13,
            quarter=4,
            article=article,
        )
    assert set(exc.value.message_dict) == {"article", "lead_months"}
    assert not ReportRule.objects.exists()


def test_only_the_partners_officers_act_on_reports(askoria):
    viewer = officer_of(askoria["dept"], role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.report_rule_set(by=viewer, convention=askoria["convention"], lead_months=1, quarter=4)
    ReportRuleFactory(convention=askoria["convention"])
    with pytest.raises(PermissionDenied):
        services.progress_report_open(by=viewer, convention=askoria["convention"], year=today().year)


# --- The report of a year ------------------------------------------------------------------------


def test_opening_a_report_twice_gives_the_same_report(askoria):
    ReportRuleFactory(convention=askoria["convention"])
    first = services.progress_report_open(
        by=askoria["officer"], convention=askoria["convention"], year=today().year
    )
    again = services.progress_report_open(
        by=askoria["officer"], convention=askoria["convention"], year=today().year
    )
    assert first.pk == again.pk
    assert ProgressReport.objects.count() == 1


def test_no_report_for_a_year_the_convention_does_not_run(askoria):
    ReportRuleFactory(convention=askoria["convention"])
    with pytest.raises(ValidationError) as exc:
        services.progress_report_open(by=askoria["officer"], convention=askoria["convention"], year=2001)
    assert "year" in exc.value.message_dict


def test_a_report_cannot_be_sent_in_the_future_nor_twice_and_is_then_frozen(askoria):
    report = ProgressReportFactory(convention=askoria["convention"])
    with pytest.raises(ValidationError) as exc:
        services.progress_report_send(
            by=askoria["officer"], report=report, sent_on=today() + datetime.timedelta(days=1)
        )
    assert "sent_on" in exc.value.message_dict
    services.progress_report_send(by=askoria["officer"], report=report, sent_on=today())
    with pytest.raises(ValidationError):
        services.progress_report_send(by=askoria["officer"], report=report, sent_on=today())
    with pytest.raises(ValidationError):
        services.progress_report_change(by=askoria["officer"], report=report, foreword="Trop tard")
    with pytest.raises(ValidationError):
        services.progress_report_generate(
            by=askoria["officer"], report=ProgressReport.objects.get(pk=report.pk), fmt="docx"
        )


def test_the_report_is_assembled_from_the_action_plan_the_indicators_and_the_committees(askoria):
    convention, officer = askoria["convention"], askoria["officer"]
    year = today().year
    axis = plan_services.axis_add(
        by=officer, convention=convention, data={"title": "Valorisation des recherches"}
    )
    plan_services.action_add(
        by=officer,
        axis=axis,
        data={"title": "Journée d'étude sur la mesure éducative", "owner": askoria["school"], "progress": 40},
    )
    meeting = MeetingFactory(body=askoria["steering"], on=D(year, 1, 15), held=True)
    meeting.decisions.create(number=1, text="Le comité valide le programme de l'année.")
    report = ProgressReportFactory(convention=convention, year=year, foreword="Avant-propos des partenaires.")
    texts = "\n".join(
        str(getattr(block, "text", ""))
        + " ".join(map(str, getattr(block, "rows", ())))
        + " ".join(getattr(block, "items", ()))
        for block in report_blocks(report)
    )
    assert "Avant-propos des partenaires." in texts
    assert "Valorisation des recherches – 40 %" in texts
    assert "Journée d'étude sur la mesure éducative" in texts
    assert "Le comité valide le programme de l'année." in texts


def test_the_report_reads_the_plan_once_and_a_flat_number_of_queries_as_the_plan_grows(askoria):
    """The action plan and the indicators sections share one read of the plan (AP3)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    convention, year = askoria["convention"], today().year
    report = ProgressReportFactory(convention=convention, year=year)

    def grow(axes: int) -> None:
        for _ in range(axes):
            axis = AxisFactory(convention=convention)
            for _ in range(3):
                ProgressNoteFactory(action=ActionFactory(axis=axis), noted_on=D(year, 3, 1))
            indicator = IndicatorFactory(convention=convention)
            IndicatorValueFactory(indicator=indicator, year=year - 1)
            IndicatorValueFactory(indicator=indicator, year=year)

    def read() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert report_blocks(report)
        return [query["sql"] for query in queries.captured_queries]

    grow(1)
    few = read()
    grow(4)
    many = read()
    assert len(many) == len(few)
    assert sum('FROM "actionplan_axis"' in sql for sql in many) == 1
    assert sum('FROM "actionplan_indicator"' in sql for sql in many) == 1


def test_the_generated_docx_carries_the_sections_and_its_hash(askoria, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = ProgressReportFactory(
        convention=askoria["convention"], year=today().year, foreword="Bilan partagé."
    )
    document = services.progress_report_generate(by=askoria["officer"], report=report, fmt="docx")
    assert document.version == 1
    with document.file.open("rb") as handle:
        content = handle.read()
    import hashlib

    assert hashlib.sha256(content).hexdigest() == document.sha256
    text = "\n".join(p.text for p in Document(io.BytesIO(content)).paragraphs)
    assert "Bilan partagé." in text
    assert "Action plan" in text or "Plan d'action" in text
    assert GeneratedDocument.objects.of(report).count() == 1
