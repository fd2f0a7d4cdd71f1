"""The allocation assistant as the school's placement office uses it (IN9)."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import allocation as bench
from partenaria.allocation import services
from partenaria.allocation.models import Lock, Run, Wish
from partenaria.core.models import AuditEvent
from partenaria.internships.models import Application, ApplicationStatus
from tests.factories import UnitFactory
from tests.internships.factories import (
    START,
    HostSiteFactory,
    OfferFactory,
    StudentFactory,
    TutorFactory,
    internship_world,
    place,
)

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def scarce_campaign():
    """Two offers of one place; Alice wishes A then B, Bruno only A: the assistant must place both."""
    world = internship_world(headcount=40)
    world.offer.places = 1
    world.offer.post = "Accueil"
    world.offer.save()
    site_b = HostSiteFactory(unit=UnitFactory(organisation=world.campaign.host), headcount=40)
    offer_b = OfferFactory(campaign=world.campaign, site=site_b, tutor=TutorFactory(site=site_b), places=1)
    alice = StudentFactory(school=world.campaign.school, first_name="Alice", last_name="Martin")
    bruno = StudentFactory(school=world.campaign.school, first_name="Bruno", last_name="Petit")
    services.wishes_set(
        by=world.school_officer, campaign=world.campaign, student=alice, offers=[world.offer, offer_b]
    )
    services.wishes_set(by=world.school_officer, campaign=world.campaign, student=bruno, offers=[world.offer])
    world.offer_b, world.alice, world.bruno = offer_b, alice, bruno
    return world


def url(name, world, **kwargs):
    return reverse(f"allocation:{name}", kwargs={"campaign_pk": world.campaign.pk, **kwargs})


def test_the_campaign_page_leads_the_school_to_the_assistant_and_not_the_host(client):
    world = internship_world()
    campaign_url = reverse("internships:campaign_detail", args=[world.campaign.pk])
    client.force_login(world.school_officer)
    assert url("assistant", world) in client.get(campaign_url).content.decode()
    client.force_login(world.host_hr)
    assert url("assistant", world) not in client.get(campaign_url).content.decode()
    assert client.get(url("assistant", world)).status_code == 403
    assert client.post(url("run", world)).status_code == 403


def test_the_school_enters_wishes_runs_the_assistant_and_reads_why(client):
    world = scarce_campaign()
    client.force_login(world.school_officer)
    response = client.post(
        url("student_wishes", world, student_pk=world.bruno.pk),
        {"form": "wishes", "wish_1": str(world.offer.pk), "wish_2": str(world.offer_b.pk)},
    )
    assert response.status_code == 302
    assert list(Wish.objects.filter(student=world.bruno).values_list("offer_id", flat=True)) == [
        world.offer.pk,
        world.offer_b.pk,
    ]
    services.wishes_set(
        by=world.school_officer, campaign=world.campaign, student=world.bruno, offers=[world.offer]
    )
    response = client.post(url("run", world), follow=True)
    page = response.content.decode()
    assert "L’assistant a placé 2 étudiants sur 2." in page or "a placé 2 étudiants sur 2" in page
    run = Run.objects.get()
    proposals = {e["student"]: e["offer"] for e in run.results["explanations"]}
    assert proposals == {str(world.alice.pk): str(world.offer_b.pk), str(world.bruno.pk): str(world.offer.pk)}
    assert "Toutes les places ont été prises par des étudiants mieux placés." in page
    assert AuditEvent.objects.filter(action="allocation.run").count() == 1
    # Nothing reaches the host before acceptance.
    assert not Application.objects.exists()


def test_a_change_by_hand_that_breaks_a_rule_is_refused_in_french_and_nothing_is_kept(client):
    world = scarce_campaign()
    other = OfferFactory(
        campaign=world.campaign, site=world.site, tutor=world.tutor, places=1, period_start=START
    )
    services.wishes_set(by=world.school_officer, campaign=world.campaign, student=world.alice, offers=[other])
    # The tutor already supervises three interns over these dates.
    for _ in range(3):
        place(world, weeks=20)
    client.force_login(world.school_officer)
    response = client.post(url("lock", world, student_pk=world.alice.pk), {"offer": str(other.pk)})
    assert response.status_code == 200
    assert "Le tuteur encadre déjà 3 stagiaires en même temps sur ces dates." in response.content.decode()
    assert not Lock.objects.exists()


def test_a_lock_is_kept_by_the_next_run_and_can_be_released(client):
    world = scarce_campaign()
    client.force_login(world.school_officer)
    response = client.post(url("lock", world, student_pk=world.alice.pk), {"offer": str(world.offer.pk)})
    assert response.status_code == 302
    client.post(url("run", world))
    run = Run.objects.first()
    explanations = {e["student"]: e for e in run.results["explanations"]}
    assert explanations[str(world.alice.pk)]["offer"] == str(world.offer.pk)
    assert explanations[str(world.alice.pk)]["locked"]
    assert explanations[str(world.bruno.pk)]["offer"] is None
    page = client.get(url("assistant", world) + "?etat=unplaced").content.decode()
    assert f'id="student-{world.bruno.pk}"' in page
    assert f'id="student-{world.alice.pk}"' not in page
    client.post(url("unlock", world, student_pk=world.alice.pk))
    assert not Lock.objects.exists()


def test_accepting_transmits_one_application_per_proposal_and_the_referents_still_decide(client):
    world = scarce_campaign()
    client.force_login(world.school_officer)
    client.post(url("run", world))
    run = Run.objects.get()
    response = client.post(url("accept", world), {"run": str(run.pk)})
    assert response.status_code == 302
    applications = Application.objects.order_by("student__first_name")
    assert [(a.student, a.offer, a.status) for a in applications] == [
        (world.alice, world.offer_b, ApplicationStatus.TRANSMITTED),
        (world.bruno, world.offer, ApplicationStatus.TRANSMITTED),
    ]
    run.refresh_from_db()
    assert run.accepted_by == world.school_officer
    # Twice is refused, and a student whose application is with the referents leaves the next run.
    client.post(url("accept", world), {"run": str(run.pk)})
    assert Application.objects.count() == 2
    client.post(url("run", world))
    assert Run.objects.first().summary["students"] == 0


def test_the_campaign_and_its_proposals_download_in_the_documented_format(client, tmp_path):
    world = scarce_campaign()
    client.force_login(world.school_officer)
    assert client.get(url("export_result", world)).status_code == 404  # no run yet
    client.post(url("run", world))
    exported = client.get(url("export_problem", world))
    assert exported["Content-Disposition"].startswith("attachment")
    problem_file = tmp_path / "campaign.json"
    problem_file.write_bytes(exported.content)
    out = tmp_path / "out.json"
    call_command("allocate", "--input", str(problem_file), "--output", str(out))
    from_file = json.loads(out.read_text())
    from_page = json.loads(client.get(url("export_result", world)).content)
    assert from_file["assignments"] == [
        {k: e[k] for k in ("student", "offer", "rank", "locked")}
        for e in from_page["explanations"]
        if e["offer"]
    ]
    client.force_login(world.host_hr)
    assert client.get(url("export_problem", world)).status_code == 403


def test_the_school_locates_a_site_and_the_travel_counts(client):
    world = scarce_campaign()
    client.force_login(world.school_officer)
    page = client.get(url("assistant", world)).content.decode()
    assert url("site_location", world, site_pk=world.site.pk) in page
    response = client.post(
        url("site_location", world, site_pk=world.site.pk), {"town": "Dijon", "latitude": "91"}
    )
    assert response.status_code == 200  # a latitude beyond 90 and no longitude: refused, typed text kept
    assert 'value="Dijon"' in response.content.decode()
    response = client.post(
        url("site_location", world, site_pk=world.site.pk),
        {"town": "Dijon", "latitude": "47.322", "longitude": "5.041"},
    )
    assert response.status_code == 302
    assert world.site.location.town == "Dijon"
    assert AuditEvent.objects.filter(action="allocation.site_located").exists()


def test_an_older_run_cannot_be_accepted(client):
    world = scarce_campaign()
    client.force_login(world.school_officer)
    client.post(url("run", world))
    old = Run.objects.get()
    client.post(url("run", world))
    response = client.post(url("accept", world), {"run": str(old.pk)}, follow=True)
    assert "Une exécution plus récente existe" in response.content.decode()
    assert not Application.objects.exists()


def test_a_wish_for_another_diploma_is_refused(client):
    world = scarce_campaign()
    es_student = StudentFactory(
        school=world.campaign.school,
        diploma=__import__("tests.internships.factories", fromlist=["diploma"]).diploma("ES"),
    )
    with pytest.raises(services.ValidationError):
        services.wishes_set(
            by=world.school_officer, campaign=world.campaign, student=es_student, offers=[world.offer]
        )


def test_the_results_page_reads_a_flat_number_of_queries(client):
    def queries(n):
        world = scarce_campaign()
        for _ in range(n):
            s = StudentFactory(school=world.campaign.school)
            services.wishes_set(
                by=world.school_officer, campaign=world.campaign, student=s, offers=[world.offer_b]
            )
        client.force_login(world.school_officer)
        client.post(url("run", world))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("assistant", world)).status_code == 200
        return len(captured)

    assert queries(2) == queries(12)


def test_the_command_line_solves_a_json_file_as_documented(tmp_path):
    example = tmp_path / "in.json"
    example.write_text(
        json.dumps(
            {
                "format": "partenaria-allocation/1",
                "sites": [
                    {"id": "s", "host": "dijon", "headcount": 40, "location": {"lat": 47.32, "lon": 5.04}}
                ],
                "tutors": [{"id": "t", "site": "s", "qualification": "ASS"}],
                "offers": [
                    {
                        "id": "A",
                        "site": "s",
                        "diploma": "ASS",
                        "places": 1,
                        "period": ["2027-01-04", "2027-03-12"],
                        "tutor": "t",
                    }
                ],
                "students": [
                    {"id": "alice", "diploma": "ASS", "wishes": ["A"], "home": {"lat": 47.3, "lon": 5.0}},
                    {"id": "bruno", "diploma": "ES", "wishes": ["A"]},
                ],
            }
        )
    )
    out = tmp_path / "out.json"
    call_command("allocate", "--input", str(example), "--output", str(out))
    result = json.loads(out.read_text())
    assert result["summary"]["placed"] == 1
    assert result["assignments"] == [{"student": "alice", "offer": "A", "rank": 1, "locked": False}]
    bruno = result["explanations"][1]
    assert bruno["wishes"][0]["outcome"] == "diploma"


def test_the_command_line_names_a_bad_field(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"sites": [], "offers": [{"id": "A", "site": "nowhere"}]}))
    with pytest.raises(CommandError, match=r"offers\[0\]\.site"):
        call_command("allocate", "--input", str(bad), "--output", str(tmp_path / "o.json"))


def test_the_example_of_the_docs_runs(tmp_path):
    example = ROOT / "docs" / "allocation-example.json"
    out = tmp_path / "out.json"
    call_command("allocate", "--input", str(example), "--output", str(out))
    assert json.loads(out.read_text())["summary"]["proven_maximum"] is True


def test_the_benchmark_runs_at_a_tiny_size():
    row = bench.run_one("tiny", "assistant")
    greedy = bench.run_one("tiny", "greedy")
    assert row["rules_broken"] == 0 and row["placed"] >= greedy["placed"]
