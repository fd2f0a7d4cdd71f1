"""Research-actions, their targets, deliverables, funders and study requests (RS1-RS5)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from partenaria.core.models import AuditEvent
from partenaria.research import services
from partenaria.research.models import Deliverable, FunderApplication, ResearchProject
from partenaria.research.statuses import TRANSITIONS
from tests.factories import officer_of

from .factories import DeliverableFactory, FunderFactory, ProjectFactory, StudyRequestFactory, TargetFactory

pytestmark = pytest.mark.django_db


def _parties(project):
    return [m.organisation for m in project.partnership.members.order_by("pk")]


@pytest.fixture
def project():
    return ProjectFactory(exploration=True)


@pytest.fixture
def dept_officer(project):
    return officer_of(_parties(project)[0])


@pytest.fixture
def school_officer(project):
    return officer_of(_parties(project)[-1])


def test_a_research_goes_through_its_stages_and_each_move_is_audited(project, school_officer):
    for name in ["start", "finalise", "valorise", "close"]:
        project = services.project_transition(by=school_officer, project=project, name=name)
    assert project.status == "closed"
    assert project.ended_on is not None
    assert AuditEvent.objects.filter(action="research.project_moved").count() == 4


def test_a_move_not_allowed_from_the_current_stage_is_refused_with_what_is_possible(project, school_officer):
    with pytest.raises(ValidationError) as error:
        services.project_transition(by=school_officer, project=project, name="valorise")
    assert "Exploration" in " ".join(error.value.messages) or "exploration" in " ".join(error.value.messages)
    project.refresh_from_db()
    assert project.status == "exploration"


def test_every_transition_leads_to_a_known_status():
    from partenaria.research.models import ProjectStatus

    assert {t.target for t in TRANSITIONS.values()} <= set(ProjectStatus.values)


def test_someone_outside_the_partnership_may_not_change_a_research(project):
    stranger = officer_of(ProjectFactory().partnership.members.first().organisation)
    with pytest.raises(PermissionDenied):
        services.project_transition(by=stranger, project=project, name="start")


def test_a_research_framed_by_another_partnerships_convention_is_refused(project, school_officer):
    other = ProjectFactory().convention
    with pytest.raises(ValidationError) as error:
        services.project_create(
            by=school_officer, partnership=project.partnership, data={"title": "X", "convention": other}
        )
    assert "convention" in error.value.message_dict
    assert ResearchProject.objects.count() == 2


def test_a_target_shows_its_progress_against_the_minimum_planned(project, school_officer):
    target = services.target_add(
        by=school_officer,
        project=project,
        data={
            "category": "Entretiens croisés jeunes/parents/professionnels",
            "planned_min": 20,
            "planned_max": 25,
            "done": 0,
        },
    )
    target = services.target_change(by=school_officer, target=target, data={"done": 15})
    assert target.percent == 75
    assert not target.is_reached


def test_a_target_whose_maximum_is_below_its_minimum_is_refused(project, school_officer):
    with pytest.raises(ValidationError) as error:
        services.target_add(
            by=school_officer,
            project=project,
            data={"category": "Dossiers", "planned_min": 30, "planned_max": 25},
        )
    assert "planned_max" in error.value.message_dict


def test_a_deliverable_due_after_the_convention_ends_is_refused(school_officer):
    project = ProjectFactory()
    school_officer = officer_of(_parties(project)[-1])
    end = project.convention.end_date
    with pytest.raises(ValidationError) as error:
        services.deliverable_add(
            by=school_officer,
            project=project,
            data={
                "kind": "report",
                "title": "Rapport final",
                "due_date": end + datetime.timedelta(days=1),
                "responsible": _parties(project)[-1],
            },
        )
    assert (
        "après la fin de la convention" in error.value.message_dict["due_date"][0]
        or "after the end" in error.value.message_dict["due_date"][0]
    )
    assert not Deliverable.objects.exists()


def test_a_pdf_is_submitted_then_accepted_by_the_other_party():
    deliverable = DeliverableFactory()
    dept, school = _parties(deliverable.project)[0], _parties(deliverable.project)[-1]
    school_officer, dept_officer = officer_of(school), officer_of(dept)
    upload = SimpleUploadedFile("synthèse.pdf", b"%PDF-1.7 contenu", content_type="application/pdf")
    deliverable = services.deliverable_submit(by=school_officer, deliverable=deliverable, upload=upload)
    assert deliverable.status == "submitted"
    assert "synth" not in deliverable.file.name  # random name on disk
    with pytest.raises(PermissionDenied):
        services.deliverable_review(by=school_officer, deliverable=deliverable, accept=True)
    deliverable = services.deliverable_review(by=dept_officer, deliverable=deliverable, accept=True)
    assert deliverable.status == "accepted"
    assert AuditEvent.objects.filter(action="research.deliverable_accepted").exists()


def test_a_renamed_executable_is_not_taken_for_a_pdf():
    deliverable = DeliverableFactory()
    officer = officer_of(_parties(deliverable.project)[-1])
    upload = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 binary", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.deliverable_submit(by=officer, deliverable=deliverable, upload=upload)
    assert "file" in error.value.message_dict
    deliverable.refresh_from_db()
    assert deliverable.status == "planned" and not deliverable.file


def test_a_too_large_file_is_refused(monkeypatch):
    deliverable = DeliverableFactory()
    officer = officer_of(_parties(deliverable.project)[-1])
    monkeypatch.setattr(services, "MAX_DELIVERABLE_BYTES", 10)
    upload = SimpleUploadedFile("s.pdf", b"%PDF-1.7 " + b"x" * 20)
    with pytest.raises(ValidationError) as error:
        services.deliverable_submit(by=officer, deliverable=deliverable, upload=upload)
    assert "file" in error.value.message_dict


def test_sending_back_a_deliverable_needs_a_comment():
    deliverable = DeliverableFactory(submitted=True)
    officer = officer_of(_parties(deliverable.project)[0])
    with pytest.raises(ValidationError) as error:
        services.deliverable_review(by=officer, deliverable=deliverable, accept=False)
    assert "review_comment" in error.value.message_dict


def test_the_same_funder_twice_on_a_research_is_refused_whatever_its_case(project, school_officer):
    services.funder_add(by=school_officer, project=project, data={"funder": "ADEME", "status": "identified"})
    with pytest.raises(ValidationError) as error:
        services.funder_add(
            by=school_officer, project=project, data={"funder": "ademe ", "status": "contacted"}
        )
    assert "funder" in error.value.message_dict
    assert FunderApplication.objects.count() == 1


def test_a_funder_granting_records_the_amount_and_a_negative_amount_is_refused(project, school_officer):
    application = FunderFactory(project=project, funder="Région")
    with pytest.raises(ValidationError) as error:
        services.funder_change(
            by=school_officer, application=application, data={"amount_asked": Decimal("-1")}
        )
    assert "amount_asked" in error.value.message_dict
    application.refresh_from_db()
    application = services.funder_change(
        by=school_officer,
        application=application,
        data={"status": "granted", "amount_asked": Decimal("10000"), "amount_granted": Decimal("8000")},
    )
    assert application.amount_granted == Decimal("8000")


def test_a_study_request_is_quoted_accepted_and_delivered():
    study = StudyRequestFactory()
    officer = officer_of(study.requester)
    study = services.study_request_move(
        by=officer,
        request=study,
        move="quote",
        data={"answer": "Nous proposons 20 jours.", "quote": Decimal("12500.00")},
    )
    assert study.status == "quoted" and study.quote == Decimal("12500.00")
    study = services.study_request_move(by=officer, request=study, move="accept")
    study = services.study_request_move(by=officer, request=study, move="deliver", data={})
    assert study.status == "delivered" and study.delivered_on is not None
    with pytest.raises(ValidationError):
        services.study_request_move(by=officer, request=study, move="accept")


def test_a_study_cannot_be_asked_of_the_organisation_that_asks():
    study = StudyRequestFactory()
    officer = officer_of(study.requester)
    with pytest.raises(ValidationError) as error:
        services.study_request_create(
            by=officer,
            partnership=study.partnership,
            data={
                "kind": "evaluation",
                "subject": "Évaluation",
                "requester": study.requester,
                "provider": study.requester,
                "requested_on": datetime.date.today(),
            },
        )
    assert "provider" in error.value.message_dict


def test_target_factory_builds_a_biographical_range():
    target = TargetFactory(done=30)
    assert target.is_reached and target.percent == 100


def test_a_research_on_children_and_families_is_refused_until_its_dpia_reference_is_recorded(
    project, school_officer
):
    with pytest.raises(ValidationError) as error:
        services.project_change(by=school_officer, project=project, data={"concerns_children": True})
    assert "AIPD" in str(error.value.message_dict["dpia_reference"])
    project.refresh_from_db()
    assert not project.concerns_children

    services.project_change(
        by=school_officer, project=project, data={"concerns_children": True, "dpia_reference": "AIPD-2026-07"}
    )
    project.refresh_from_db()
    assert project.concerns_children and project.dpia_reference == "AIPD-2026-07"
    event = AuditEvent.objects.filter(action="research.project_changed").latest("pk")
    assert event.changes["dpia_reference"] == ["", "AIPD-2026-07"]


def test_the_database_refuses_children_data_without_a_dpia(project):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ResearchProject.objects.filter(pk=project.pk).update(concerns_children=True)
