"""Open actions with a due date feed the deadlines: Échéances page, calendar, reminders (AP1)."""

import datetime

from django.core import mail
from django.urls import reverse

from partenaria.conventions.statuses import Status
from partenaria.deadlines import engine
from partenaria.deadlines.reminders import send_reminders
from tests.factories import ConventionFactory

from .factories import ActionFactory, AxisFactory


def collect(w, today=None):
    today = today or datetime.date.today()
    return engine.for_user(w.officer, today=today, until=today + datetime.timedelta(days=365))


def action_items(deadlines):
    return [d for d in deadlines if d.kind == "action"]


def test_open_actions_with_a_due_date_are_deadlines_and_late_ones_are_flagged(plan_world):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    late = ActionFactory(axis=axis, title="Recenser les besoins", late=True, progress=40)
    coming = ActionFactory(axis=axis, title="Forum des métiers")
    ActionFactory(axis=axis, title="Réalisée", late=True, done=True)
    ActionFactory(axis=axis, title="Abandonnée", abandoned=True)
    ActionFactory(axis=axis, title="Sans échéance", due_date=None)
    items = {d.label: d for d in action_items(collect(w))}
    assert set(items) == {"Recenser les besoins", "Forum des métiers"}
    assert items["Recenser les besoins"].is_late and not items["Forum des métiers"].is_late
    assert "réalisée à 40 %" in items["Recenser les besoins"].reason
    assert items["Forum des métiers"].url.endswith(f"#action-{coming.pk}")
    assert items["Recenser les besoins"].key == (
        f"convention:{w.convention.pk}:action:{late.pk}:{late.due_date.isoformat()}"
    )
    assert items["Recenser les besoins"].organisation_ids == frozenset({w.dept.pk})


def test_a_draft_binds_no_one_but_an_expired_convention_keeps_its_late_actions(plan_world):
    w = plan_world
    draft = ConventionFactory(partnership=w.partnership, draft=True)
    ActionFactory(axis=AxisFactory(convention=draft), title="Brouillon", late=True)
    expired = ConventionFactory(partnership=w.partnership, expired=True)
    assert expired.status == Status.EXPIRED
    ActionFactory(
        axis=AxisFactory(convention=expired),
        title="Jamais clôturée",
        due_date=expired.end_date - datetime.timedelta(days=5),
    )
    labels = {d.label: d for d in action_items(collect(w))}
    assert "Brouillon" not in labels
    assert labels["Jamais clôturée"].is_late


def test_actions_reach_the_deadlines_page_and_the_calendar_file(client, plan_world):
    w = plan_world
    action = ActionFactory(axis=AxisFactory(convention=w.convention), title="Restitution aux CDAS", late=True)
    client.force_login(w.officer)
    html = client.get(reverse("deadlines:list")).content.decode()
    assert "Restitution aux CDAS" in html
    key = f"convention:{w.convention.pk}:action:{action.pk}:{action.due_date.isoformat()}"
    ics = client.get(reverse("deadlines:ics", args=[key]))
    assert ics.status_code == 200 and b"Restitution aux CDAS" in ics.content


def test_the_owner_party_s_managers_are_reminded(plan_world, settings, django_capture_on_commit_callbacks):
    w = plan_world
    settings.PARTENARIA_REMINDER_OFFSETS = [30]
    today = datetime.date.today()
    ActionFactory(
        axis=AxisFactory(convention=w.convention),
        title="Forum des métiers",
        owner=w.school,
        due_date=today + datetime.timedelta(days=20),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(today) == 1
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {w.school_officer.email}
    assert "Forum des métiers" in mail.outbox[0].body


def test_the_source_reads_one_query_whatever_the_number_of_actions(plan_world, django_assert_num_queries):
    w = plan_world
    axis = AxisFactory(convention=w.convention)
    for _ in range(12):
        ActionFactory(axis=axis)
    from partenaria.actionplan.deadlines import action_source
    from partenaria.conventions.models import Partnership

    today = datetime.date.today()
    with django_assert_num_queries(1):
        items = list(action_source(Partnership.objects.all(), today, today + datetime.timedelta(days=365)))
    assert len(items) == 12
