"""Governance in the deadlines (GV3, GV4): a body behind its rhythm, planned meetings and open actions
reach the Échéances page, the dashboard, the calendar feed and the reminders, each listed once."""

import datetime

import pytest
from django.utils import timezone, translation

from partenaria.deadlines import engine
from partenaria.governance.deadlines import Kind
from tests.factories import PartnershipFactory

from .factories import ActionFactory, BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def soon(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def collect(partnership, days=365):
    today = timezone.localdate()
    partnerships = type(partnership).objects.filter(pk=partnership.pk)
    with translation.override("fr"):  # the reasons are written in the language of the reader
        return engine.collect(partnerships, today=today, until=today + datetime.timedelta(days=days))


def test_a_body_twice_a_year_not_met_for_seven_months_is_late(haut_rhin):
    MeetingFactory(body=haut_rhin.body, held=True, on=ago(400))
    MeetingFactory(body=haut_rhin.body, held=True, on=ago(210))
    items = [d for d in collect(haut_rhin.partnership) if d.kind == Kind.MEETING_DUE]
    assert len(items) == 1
    late = items[0]
    assert late.is_late and late.date < timezone.localdate()
    assert "2 par an" in late.reason
    assert late.url == haut_rhin.body.get_absolute_url()
    assert late.organisation_ids == {haut_rhin.dept.pk, haut_rhin.school.pk}


def test_a_body_on_rhythm_shows_its_next_meeting_due_within_the_horizon(haut_rhin):
    MeetingFactory(body=haut_rhin.body, held=True, on=ago(30))
    (due,) = [d for d in collect(haut_rhin.partnership) if d.kind == Kind.MEETING_DUE]
    assert not due.is_late
    assert due.date > timezone.localdate()


def test_a_meeting_planned_in_time_is_the_obligation_listed_once(haut_rhin):
    MeetingFactory(body=haut_rhin.body, held=True, on=ago(150))
    planned = MeetingFactory(body=haut_rhin.body, on=soon(10))
    items = [d for d in collect(haut_rhin.partnership) if d.kind.startswith("governance")]
    assert [(d.kind, d.date) for d in items] == [(Kind.MEETING, soon(10))]
    assert items[0].url == planned.get_absolute_url()


def test_a_cancelled_meeting_does_not_catch_a_body_up(haut_rhin):
    MeetingFactory(body=haut_rhin.body, held=True, on=ago(300))
    MeetingFactory(body=haut_rhin.body, on=ago(20), status="cancelled")
    assert any(d.kind == Kind.MEETING_DUE and d.is_late for d in collect(haut_rhin.partnership))


def test_open_actions_are_deadlines_late_once_past_and_gone_once_done(haut_rhin):
    meeting = MeetingFactory(body=haut_rhin.body, held=True, on=ago(40))
    late = ActionFactory(meeting=meeting, late=True, text="Transmettre la synthèse")
    coming = ActionFactory(meeting=meeting, due_on=soon(15), text="Préparer le bilan")
    ActionFactory(meeting=meeting, due_on=ago(30), done_on=ago(31), text="Déjà faite")
    actions = {d.label: d for d in collect(haut_rhin.partnership) if d.kind == Kind.ACTION}
    assert set(actions) == {"Transmettre la synthèse", "Préparer le bilan"}
    assert (
        actions["Transmettre la synthèse"].is_late
        and "non réalisée" in actions["Transmettre la synthèse"].reason
    )
    assert not actions["Préparer le bilan"].is_late
    assert actions[late.text].key == f"governance:action:{late.pk}"
    assert coming.pk


def test_a_body_of_another_partnership_is_not_listed(haut_rhin):
    other = BodyFactory(twice_a_year=True)
    MeetingFactory(body=other, held=True, on=ago(400))
    assert not [d for d in collect(haut_rhin.partnership) if d.kind.startswith("governance")]


def test_an_inactive_body_or_one_without_rhythm_has_no_meeting_due(haut_rhin):
    haut_rhin.body.is_active = False
    haut_rhin.body.save()
    MeetingFactory(body=haut_rhin.body, held=True, on=ago(400))
    BodyFactory(partnership=haut_rhin.partnership, follow_up=True, established_on=ago(900))
    assert not [d for d in collect(haut_rhin.partnership) if d.kind == Kind.MEETING_DUE]


def _populate(count):
    for _ in range(count):
        body = BodyFactory(partnership=PartnershipFactory(), twice_a_year=True)
        meeting = MeetingFactory(body=body, held=True, on=ago(300))
        MeetingFactory(body=body, on=soon(20))
        ActionFactory(meeting=meeting, late=True)


def test_the_source_reads_a_flat_number_of_queries(django_assert_num_queries, db):
    from partenaria.conventions.models import Partnership
    from partenaria.governance.deadlines import governance_source

    today = timezone.localdate()
    _populate(2)
    with django_assert_num_queries(4):
        small = list(governance_source(Partnership.objects.all(), today, soon(365)))
    _populate(6)
    with django_assert_num_queries(4):
        large = list(governance_source(Partnership.objects.all(), today, soon(365)))
    assert len(large) == 4 * len(small)


def _behind_with_a_meeting_and_an_action(haut_rhin):
    MeetingFactory(body=haut_rhin.body, held=True, on=ago(250))
    MeetingFactory(body=haut_rhin.body, on=soon(30), place="Salle Europe")
    ActionFactory(meeting=haut_rhin.body.meetings.first(), late=True, text="Relancer les partenaires")


def test_the_deadlines_page_and_the_calendar_feed_carry_the_governance_items(client, haut_rhin):
    from django.urls import reverse

    _behind_with_a_meeting_and_an_action(haut_rhin)
    client.force_login(haut_rhin.officer)
    html = client.get(reverse("deadlines:list")).content.decode()
    assert "Réunir l&#x27;instance « Comité de pilotage »" in html
    assert "Réunion : Comité de pilotage" in html and "Relancer les partenaires" in html
    client.logout()
    feed = client.get(reverse("deadlines:feed", args=[haut_rhin.officer.calendar_token])).content.decode()
    assert "governance:meeting:" in feed and "governance:action:" in feed and "governance:body:" in feed


def test_a_meeting_in_thirty_days_is_reminded_to_the_managers_of_the_parties(
    haut_rhin, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from partenaria.deadlines.reminders import send_reminders

    settings.PARTENARIA_REMINDER_OFFSETS = [30]
    MeetingFactory(body=haut_rhin.body, on=soon(30))
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(timezone.localdate())
    assert sent >= 1
    assert any(haut_rhin.officer.email in message.to for message in mailoutbox)
    assert any("Comité de pilotage" in message.subject + message.body for message in mailoutbox)
