"""The demo's governance (GV1-GV5): the bodies of seeds 000, 001, 003 and 004, invented people."""

import datetime

import pytest
from django.utils import timezone

from partenaria.conventions.models import Commitment, Partnership
from partenaria.deadlines import engine
from partenaria.demo import loader
from partenaria.governance.deadlines import Kind, body_rhythm
from partenaria.governance.models import Body, Meeting, Representation, SeatKind
from partenaria.governance.views import with_states

from .conftest import TODAY

D = datetime.date
pytestmark = pytest.mark.usefixtures("today")


def test_askoria_steering_committee_has_six_elected_members_paired_and_designated_on_22_july_2021(demo):
    body = Body.objects.get(partnership__title=loader.ASKORIA_PARTNERSHIP, kind="steering_committee")
    assert body.meetings_per_year == 1 and body.convention.title == "Convention de partenariat 2022-2024"
    elected = body.seats.filter(person__organisation__short_name__icontains="Ille") | body.seats.filter(
        person__organisation__name__icontains="Ille-et-Vilaine"
    )
    titulars = elected.filter(kind=SeatKind.TITULAR).distinct()
    substitutes = elected.filter(kind=SeatKind.SUBSTITUTE).distinct()
    assert titulars.count() == 3 and substitutes.count() == 3
    assert {s.substitute_for_id for s in substitutes} == {t.pk for t in titulars}
    assert {s.designated_on for s in elected} == {D(2021, 7, 22)}
    assert body.seats.filter(person__organisation__name="Askoria", kind=SeatKind.TITULAR).exists()
    (state,) = with_states(Body.objects.filter(pk=body.pk), TODAY)
    assert state.check.is_complete and not state.rhythm.is_behind
    assert Body.objects.filter(partnership=body.partnership).count() == 3


def test_askoria_has_a_steering_committee_in_the_coming_weeks_and_past_ones_with_minutes(demo):
    partnership = Partnership.objects.get(title=loader.ASKORIA_PARTNERSHIP)
    upcoming = Meeting.objects.next_steering_committee(partnership)
    assert upcoming is not None
    assert TODAY < timezone.localtime(upcoming.starts_at).date() <= TODAY + datetime.timedelta(days=42)
    held = Meeting.objects.of_partnership(partnership).held()
    assert held.count() == 3 and all(m.minutes and m.decisions.exists() for m in held)
    assert all(m.date_is_illustrative for m in Meeting.objects.all())  # the sources give no meeting date
    last = held.order_by("-starts_at").first()
    replaced = last.attendances.get(status="replaced")
    assert replaced.replaced_by.substitute_for == replaced.seat
    late_actions = [a for a in last.actions.open() if a.due_on < TODAY]
    assert len(late_actions) == 1


def test_haut_rhin_steering_committee_misses_one_element_and_is_behind_its_rhythm(demo):
    body = Body.objects.get(partnership__title=loader.HAUT_RHIN_PARTNERSHIP, kind="steering_committee")
    assert body.meetings_per_year == 2 and body.rules.count() == 7
    (state,) = with_states(Body.objects.filter(pk=body.pk), TODAY)
    assert [line.rule.role for line in state.check.missing] == [
        "Représentant de la direction des Ressources humaines"
    ]
    assert state.rhythm.is_behind and state.rhythm.next_due == D(2026, 11, 12)
    assert Body.objects.filter(partnership=body.partnership, kind="follow_up_committee").exists()
    assembly = Representation.objects.get(
        partnership=body.partnership, body_name="Assemblée générale de l'ISSM"
    )
    assert assembly.seats_count == 2 and assembly.people.count() == 2


def test_the_steering_committee_obligation_appears_once_on_the_deadlines(demo):
    partnerships = Partnership.objects.filter(title=loader.HAUT_RHIN_PARTNERSHIP)
    deadlines = engine.collect(partnerships, today=TODAY, until=TODAY + datetime.timedelta(days=365))
    about_the_committee = [
        d for d in deadlines if "comité de pilotage" in d.label.lower() or d.kind == Kind.MEETING_DUE
    ]
    assert [(d.kind, d.is_late) for d in about_the_committee] == [(Kind.MEETING_DUE, True)]
    askoria = Partnership.objects.filter(title=loader.ASKORIA_PARTNERSHIP)
    labels = [
        d.label for d in engine.collect(askoria, today=TODAY, until=TODAY + datetime.timedelta(days=365))
    ]
    assert not [label for label in labels if label.startswith("Réunir le comité de pilotage")]
    # The past conventions keep the commitments they honoured.
    assert Commitment.objects.filter(description__startswith="Réunir le comité de pilotage").exists()


def test_dijon_steering_and_follow_up_committee_holds_its_annual_review(demo):
    body = Body.objects.get(partnership__title=loader.DIJON_PARTNERSHIP)
    assert body.name == "Comité de pilotage et de suivi" and body.meetings_per_year == 1
    state = body_rhythm(body, TODAY)
    assert state.last_held == D(2026, 6, 16) and not state.is_behind
    invited = Representation.objects.filter(partnership=body.partnership, mode="invited")
    assert invited.count() == 6
    assert {r.host.short_name or r.host.name for r in invited} == {"IRTESS"}


def test_askoria_representations_of_seed_000(demo):
    names = set(
        Representation.objects.filter(partnership__title=loader.ASKORIA_PARTNERSHIP).values_list(
            "body_name", flat=True
        )
    )
    assert {
        "« Focus pro »",
        "Observatoire « Apprenants »",
        "Comité d'orientation stratégique employeurs",
    } <= names


def test_the_demo_dashboard_shows_a_late_body(client, demo):
    from partenaria.accounts.models import User

    client.force_login(User.objects.get(email="caroline.weber@haut-rhin.demo"))
    response = client.get("/")
    assert [d.partnership.title for d in response.context["late_bodies"]] == [loader.HAUT_RHIN_PARTNERSHIP]
    assert "Instances en retard" in response.content.decode()
