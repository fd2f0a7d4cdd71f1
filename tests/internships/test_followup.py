"""The follow-up of a placement by the school: trainer visits, the tutor's evaluation link, the
internship certificate (IN7, D124-9)."""

import datetime
import hashlib
import html
import io

import docx
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from partenaria.deadlines import engine
from partenaria.documents import services as documents
from partenaria.documents.builders import get_builder
from partenaria.internships import followup_services as followup
from partenaria.internships.models import EvaluationLine, Level, TrainerVisit, TutorEvaluation
from partenaria.organisations.models import Role
from tests.documents.pdf_reader import PdfReader
from tests.factories import MembershipFactory, PersonFactory, UserFactory

from .factories import START, EvaluationFactory, TrainerVisitFactory, internship_world, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = internship_world(headcount=100)
    world.tutor.person.email = "tutrice@site.example"
    world.tutor.person.save()
    # Every ASS block but the last can be worked on the site.
    accepted = world.site.diplomas.get()
    accepted.covered_blocks.set(list(accepted.diploma.blocks.order_by("code"))[:-1])
    return world


@pytest.fixture
def placement(world):
    return place(world, weeks=12)  # 5 October - 25 December 2026, 420 h: gratified


# --- Trainer visits ----------------------------------------------------------------------------


def test_a_planned_visit_is_due_in_the_deadlines_of_the_school_and_the_host_until_recorded(
    client, world, placement
):
    trainer = PersonFactory(organisation=world.campaign.school)
    visit = followup.visit_plan(
        by=world.school_officer,
        placement=placement,
        data={"kind": "video", "trainer": trainer, "planned_on": datetime.date(2026, 11, 16), "notes": ""},
    )
    today = datetime.date(2026, 11, 1)
    for user in (world.school_officer, world.host_hr):
        due = engine.for_user(user, today=today, until=today + datetime.timedelta(days=90))
        visits = [d for d in due if d.kind == "internship_visit"]
        assert [(d.date, d.is_late) for d in visits] == [(datetime.date(2026, 11, 16), False)]
        assert "visio" in visits[0].label
    late = engine.for_user(
        world.school_officer, today=datetime.date(2026, 11, 20), until=datetime.date(2027, 1, 1)
    )
    assert [d.is_late for d in late if d.kind == "internship_visit"] == [True]

    visit.held_on = None
    client.force_login(world.school_officer)
    response = client.post(
        reverse("internships:visit_record", args=[visit.pk]),
        {"kind": "on_site", "held_on": "2026-11-17", "notes": "Entretien avec la tutrice et l'étudiant."},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.kind, visit.held_on) == ("on_site", datetime.date(2026, 11, 17))
    after = engine.for_user(
        world.school_officer, today=datetime.date(2026, 11, 20), until=datetime.date(2027, 1, 1)
    )
    assert not [d for d in after if d.kind == "internship_visit"]


def test_a_visit_outside_the_internship_or_by_a_person_of_the_host_is_refused_next_to_the_field(
    client, world, placement
):
    host_agent = PersonFactory(organisation=world.campaign.host, last_name="Agent-hôte")
    client.force_login(world.school_officer)
    response = client.post(
        reverse("internships:visit_plan", args=[placement.pk]),
        {"kind": "on_site", "trainer": host_agent.pk, "planned_on": "2027-02-01", "notes": "Préparer"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page  # the trainer list holds the school's people only
    assert "Préparer" in page
    trainer = PersonFactory(organisation=world.campaign.school)
    response = client.post(
        reverse("internships:visit_plan", args=[placement.pk]),
        {"kind": "on_site", "trainer": trainer.pk, "planned_on": "2027-02-01"},
    )
    assert "Une visite de suivi a lieu pendant le stage, du 5 octobre 2026 au 25 décembre 2026" in (
        response.content.decode()
    )
    assert not TrainerVisit.objects.exists()


def test_a_visit_cannot_be_recorded_as_held_in_the_future(client, world, placement):
    visit = TrainerVisitFactory(placement=placement)
    client.force_login(world.school_officer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("internships:visit_record", args=[visit.pk]),
        {"kind": "phone", "held_on": tomorrow.isoformat()},
    )
    assert "Une visite est enregistrée comme faite une fois qu'elle a eu lieu" in html.unescape(
        response.content.decode()
    )
    visit.refresh_from_db()
    assert visit.held_on is None


def test_the_hosts_referents_do_not_plan_the_schools_visits(client, world, placement):
    client.force_login(world.host_hr)
    assert client.get(reverse("internships:visit_plan", args=[placement.pk])).status_code == 403
    page = client.get(placement.get_absolute_url()).content.decode()
    assert reverse("internships:visit_plan", args=[placement.pk]) not in page


# --- The tutor's evaluation --------------------------------------------------------------------


def _send(client, world, placement, django_capture_on_commit_callbacks):
    client.force_login(world.school_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("internships:evaluation_send", args=[placement.pk]))
    assert response.status_code == 302
    client.logout()
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/evaluation/" in line)
    return message, link[link.index("/stages/") :]


def test_the_tutor_gets_a_link_that_needs_no_account_and_shows_only_this_internship(
    client, world, placement, django_capture_on_commit_callbacks
):
    other = place(world, weeks=4)
    message, path = _send(client, world, placement, django_capture_on_commit_callbacks)
    assert message.to == ["tutrice@site.example"]
    assert "Évaluation du stage de" in message.subject
    evaluation = TutorEvaluation.objects.get()
    raw = path.rstrip("/").rsplit("/", 1)[1]
    assert raw.split(":")[0] not in evaluation.token_hash  # only a hash is stored
    assert evaluation.token_hash == hashlib.sha256(raw.split(":")[0].encode()).hexdigest()

    page = client.get(path).content.decode()
    assert str(placement.student) in page
    assert str(other.student) not in page
    blocks = followup.blocks_worked_on_site(placement)
    assert blocks and all(b.code in page for b in blocks)


def test_the_evaluation_is_submitted_once_then_the_link_refuses_in_french(
    client, world, placement, django_capture_on_commit_callbacks
):
    _message, path = _send(client, world, placement, django_capture_on_commit_callbacks)
    blocks = followup.blocks_worked_on_site(placement)
    incomplete = client.post(path, {"appreciation": ""})
    assert incomplete.status_code == 200
    assert "Ce champ est obligatoire" in incomplete.content.decode()
    answers = {f"level_{b.pk}": Level.IN_PROGRESS for b in blocks}
    answers[f"level_{blocks[0].pk}"] = Level.ACQUIRED
    answers[f"comment_{blocks[0].pk}"] = "Entretiens menés avec aisance."
    response = client.post(path, answers | {"appreciation": "Stagiaire investie, à l'écoute."})
    assert "Merci" in response.content.decode()
    evaluation = TutorEvaluation.objects.get()
    assert evaluation.submitted_at is not None
    assert EvaluationLine.objects.filter(evaluation=evaluation).count() == len(blocks)
    assert evaluation.lines.get(block=blocks[0]).comment == "Entretiens menés avec aisance."

    again = client.get(path)
    assert again.status_code == 410
    assert "Cette évaluation a déjà été envoyée : le lien ne fonctionne plus." in html.unescape(
        again.content.decode()
    )
    resent = client.post(path, answers | {"appreciation": "Autre"})
    assert resent.status_code == 410
    assert TutorEvaluation.objects.get().appreciation == "Stagiaire investie, à l'écoute."

    client.force_login(world.school_officer)
    detail = client.get(evaluation.get_absolute_url()).content.decode()
    assert "Entretiens menés avec aisance." in detail and "Acquis" in detail


def test_an_expired_link_refuses_with_a_clear_message_and_a_forged_one_is_unknown(
    client, world, placement, django_capture_on_commit_callbacks
):
    _message, path = _send(client, world, placement, django_capture_on_commit_callbacks)
    TutorEvaluation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(path)
    assert response.status_code == 410
    assert "Ce lien a expiré : demandez-en un nouveau à l'école." in html.unescape(response.content.decode())
    assert 'name="appreciation"' not in response.content.decode()
    forged = path[:-3] + "xyz/"
    assert client.get(forged).status_code == 404


def test_a_new_link_closes_the_previous_one(client, world, placement, django_capture_on_commit_callbacks):
    first = EvaluationFactory(placement=placement)
    followup.evaluation_request(by=world.school_officer, placement=placement)
    first.refresh_from_db()
    assert followup.evaluation_state(first) == "expired"


def test_a_tutor_without_an_email_address_is_refused_with_the_reason(client, world, placement):
    world.tutor.person.email = ""
    world.tutor.person.save()
    client.force_login(world.school_officer)
    response = client.post(reverse("internships:evaluation_send", args=[placement.pk]))
    assert response.status_code == 200
    assert "n'a pas d'adresse e-mail : ajoutez-la d'abord sur sa fiche" in html.unescape(
        response.content.decode()
    )
    assert not TutorEvaluation.objects.exists()


# --- Students see their own records only -------------------------------------------------------


def test_a_student_sees_their_own_follow_up_and_nothing_of_another_student(client, world, placement):
    other = place(world, weeks=4)
    user = UserFactory()
    MembershipFactory(user=user, organisation=world.campaign.school, role=Role.STUDENT)
    placement.student.user = user
    placement.student.save()
    own = EvaluationFactory(placement=placement, submitted=True)
    foreign = EvaluationFactory(placement=other, submitted=True)
    foreign_visit = TrainerVisitFactory(placement=other)
    client.force_login(user)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(foreign.get_absolute_url()).status_code == 404
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("internships:visit_record", args=[foreign_visit.pk])).status_code == 404
    # Their own placement: read, but the school's acts are not theirs.
    assert client.get(reverse("internships:visit_plan", args=[placement.pk])).status_code == 403


# --- The internship certificate (D124-9) -------------------------------------------------------

CERTIFICATE = "internship_certificate"


def test_the_certificate_states_the_effective_duration_and_the_total_gratification(world, placement):
    builder = get_builder(CERTIFICATE)
    version = documents.document_generate(by=world.host_hr, target=placement, builder=builder, fmt="docx")
    with version.file.open("rb") as handle:
        document = docx.Document(io.BytesIO(handle.read()))
    text = "\n".join(
        [p.text for p in document.paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "Attestation de stage" in text
    assert str(placement.student) in text and world.campaign.host.name in text
    assert "a effectué un stage à" in text and "du 5 octobre 2026 au 25 décembre 2026" in text
    assert "420 heures de présence effective, soit 60 jours ou 2,73 mois" in text
    # 420 h at 4.50 € (rate in force in October 2026): 1 890,00 €.
    assert "1\u202f890,00\u202f€" in text
    assert "D124-9" in text


def test_the_certificate_pdf_says_no_gratification_for_a_short_internship(world):
    short = place(world, weeks=4, start=START + datetime.timedelta(weeks=20))
    builder = get_builder(CERTIFICATE)
    version = documents.document_generate(by=world.school_officer, target=short, builder=builder, fmt="pdf")
    with version.file.open("rb") as handle:
        text = PdfReader(handle.read()).full_text()
    assert "Attestation de stage" in text
    assert "140 heures de présence effective" in text
    assert "Aucune gratification n’était due" in text or "Aucune gratification n'était due" in text


def test_the_placement_page_lists_the_certificate_versions_apart_from_the_agreement(client, world, placement):
    documents.document_generate(
        by=world.school_officer, target=placement, builder=get_builder(CERTIFICATE), fmt="docx"
    )
    client.force_login(world.school_officer)
    page = client.get(placement.get_absolute_url()).content.decode()
    assert page.count("1 version générée") == 1  # the certificate; the agreement has none yet
    assert page.count("documents/generate.js") == 1
    assert 'id="certificate-title"' in page


def test_the_visits_deadline_source_is_one_query_whatever_the_visits(world, placement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partenaria.conventions.models import Partnership
    from partenaria.internships.deadlines import trainer_visit_source

    def count():
        with CaptureQueriesContext(connection) as queries:
            found = list(
                trainer_visit_source(
                    Partnership.objects.all(), datetime.date(2026, 10, 1), datetime.date(2027, 1, 31)
                )
            )
        return len(queries), len(found)

    TrainerVisitFactory(placement=placement)
    assert count() == (1, 1)
    for week in range(1, 9):
        TrainerVisitFactory(placement=placement, planned_on=START + datetime.timedelta(weeks=week))
    TrainerVisitFactory(placement=placement, held=True)  # held: not a deadline
    assert count() == (1, 9)
