"""The research pages in the browser's place: forms keep what was typed, files are downloads (RS1-RS5)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partenaria.reports.sections import ReportContext
from partenaria.research.models import Deliverable, FunderApplication
from tests.factories import officer_of

from .factories import DeliverableFactory, FunderFactory, ProjectFactory, StudyRequestFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _school(project):
    return [m.organisation for m in project.partnership.members.order_by("pk")][-1]


@pytest.fixture
def project():
    return ProjectFactory()


@pytest.fixture
def school_client(client, project):
    client.force_login(officer_of(_school(project)))
    return client


def test_the_project_page_shows_targets_deliverables_and_funders(school_client, project):
    TargetFactory(project=project, done=10)
    DeliverableFactory(project=project, title="Synthèse intermédiaire")
    FunderFactory(project=project, funder="ADEME")
    response = school_client.get(reverse("research:project_detail", args=[project.pk]))
    content = response.content.decode().replace("\u202f", " ")
    assert response.status_code == 200
    assert (
        "Entretiens biographiques" in content and "Synthèse intermédiaire" in content and "ADEME" in content
    )
    assert 'value="40"' in content  # 10 of a minimum of 25


def test_a_deliverable_due_after_the_convention_is_refused_next_to_its_date_with_what_was_typed(
    school_client, project
):
    too_late = project.convention.end_date + datetime.timedelta(days=10)
    response = school_client.post(
        reverse("research:deliverable_add", args=[project.pk]),
        {
            "kind": "report",
            "title": "Rapport tardif",
            "due_date": too_late.isoformat(),
            "responsible": _school(project).pk,
        },
    )
    assert response.status_code == 200
    content = response.content.decode().replace("\u202f", " ")
    assert 'id="id_due_date-error"' in content and "après la fin de la convention" in content
    assert 'value="Rapport tardif"' in content
    assert not Deliverable.objects.exists()


def test_the_same_funder_twice_is_refused_next_to_the_funder(school_client, project):
    FunderFactory(project=project, funder="Région")
    response = school_client.post(
        reverse("research:funder_add", args=[project.pk]), {"funder": "région", "status": "identified"}
    )
    assert response.status_code == 200
    assert 'id="id_funder-error"' in response.content.decode().replace("\u202f", " ")
    assert "déjà" in response.content.decode().replace("\u202f", " ")
    assert FunderApplication.objects.count() == 1


def test_a_negative_amount_asked_is_refused_in_french(school_client, project):
    response = school_client.post(
        reverse("research:funder_add", args=[project.pk]),
        {"funder": "FAS", "status": "applied", "amount_asked": "-100"},
    )
    assert response.status_code == 200
    assert 'id="id_amount_asked-error"' in response.content.decode().replace("\u202f", " ")
    assert not FunderApplication.objects.exists()


def test_a_submitted_file_is_served_only_as_an_attachment_under_its_own_name(school_client, project):
    deliverable = DeliverableFactory(project=project)
    upload = SimpleUploadedFile("synthèse finale.pdf", b"%PDF-1.7 test", content_type="application/pdf")
    response = school_client.post(
        reverse("research:deliverable_submit", args=[project.pk, deliverable.pk]), {"file": upload}
    )
    assert response.status_code == 302
    response = school_client.get(reverse("research:deliverable_file", args=[project.pk, deliverable.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"


def test_a_move_not_allowed_is_told_and_changes_nothing(school_client, project):
    response = school_client.post(
        reverse("research:project_move", args=[project.pk]), {"move": "close"}, follow=True
    )
    project.refresh_from_db()
    assert project.status == "running"
    assert "ne peut pas" in response.content.decode().replace("\u202f", " ")


def test_the_study_workflow_through_the_pages(client):
    study = StudyRequestFactory()
    client.force_login(officer_of(study.provider))
    response = client.post(
        reverse("research:study_move", args=[study.pk, "quote"]), {"answer": "", "quote": "-3"}
    )
    assert response.status_code == 200
    study.refresh_from_db()
    assert study.status == "requested"
    client.post(
        reverse("research:study_move", args=[study.pk, "quote"]), {"answer": "Devis", "quote": "4200.50"}
    )
    client.post(reverse("research:study_move", args=[study.pk, "accept"]))
    study.refresh_from_db()
    assert study.status == "accepted" and str(study.quote) == "4200.50"
    assert "4 200,50" in client.get(
        reverse("research:study_detail", args=[study.pk])
    ).content.decode().replace("\u202f", " ")


def test_the_research_list_costs_the_same_number_of_queries_for_one_or_many_projects(
    client, django_assert_num_queries
):
    project = ProjectFactory()
    partnership = project.partnership
    client.force_login(officer_of(_school(project)))
    url = reverse("research:project_list")
    client.get(url)  # warms the session and the caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(6):
        ProjectFactory(convention=project.convention, partnership=partnership)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["count"] == 7


def test_the_report_section_tells_the_research_of_the_year(project):
    TargetFactory(project=project, done=5)
    DeliverableFactory(
        project=project, due_date=datetime.date(project.started_on.year, 6, 30), title="Note d'étape"
    )
    from partenaria.research.report import research_section

    blocks = research_section(
        ReportContext(
            convention=project.convention, partnership=project.partnership, year=project.started_on.year
        )
    )
    text = repr(blocks)
    assert project.title in text and "Note d'étape" in text and "Entretiens biographiques" in text


def test_renaming_a_funder_to_one_already_searched_is_refused_next_to_the_funder(school_client, project):
    FunderFactory(project=project, funder="ADEME")
    other = FunderFactory(project=project, funder="FAS")
    response = school_client.post(
        reverse("research:funder_edit", args=[project.pk, other.pk]),
        {"funder": "Ademe", "status": "contacted"},
    )
    assert response.status_code == 200
    assert "déjà" in response.content.decode()
    other.refresh_from_db()
    assert other.funder == "FAS"
