"""E-mail reminders at 120, 60, 30 and 7 days, caught up after a missed day, never twice (CV3)."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError

from partenaria.deadlines.models import ReminderSent
from partenaria.deadlines.reminders import offset_due, send_reminders
from partenaria.deadlines.tasks import send_deadline_reminders_task
from partenaria.organisations.models import Role
from tests.factories import (
    CommitmentFactory,
    ConventionFactory,
    OrganisationFactory,
    PartnershipFactory,
    officer_of,
)

D = datetime.date
pytestmark = pytest.mark.django_db
NOTICE = D(2024, 8, 31)  # Haut-Rhin: last day for the notice to be received


def days_before(n):
    return NOTICE - datetime.timedelta(days=n)


@pytest.fixture
def haut_rhin(settings):
    settings.PARTENARIA_REMINDER_OFFSETS = [120, 60, 30, 7]
    departement = OrganisationFactory(departement=True, name="Département du Haut-Rhin")
    school = OrganisationFactory(school=True, name="ISSM")
    partnership = PartnershipFactory(members=[departement, school], title="Haut-Rhin – ISSM")
    convention = ConventionFactory(
        partnership=partnership,
        tacit_renewal_4_months=True,
        start_date=D(2022, 1, 1),
        title="Convention cadre",
    )
    return {
        "convention": convention,
        "officer": officer_of(departement),
        "admin": officer_of(school, role=Role.ADMIN),
        "agent": officer_of(departement, role=Role.AGENT),
        "viewer": officer_of(school, role=Role.VIEWER),
    }


def run(day, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return send_reminders(day)


def notice_reminders(user):
    return ReminderSent.objects.filter(recipient=user, deadline_key__contains=":notice:")


def test_the_offset_due_is_the_smallest_one_not_below_the_days_left():
    offsets = [7, 30, 60, 120]
    assert offset_due(120, offsets) == 120
    assert offset_due(110, offsets) == 120
    assert offset_due(60, offsets) == 60
    assert offset_due(59, offsets) == 60
    assert offset_due(0, offsets) == 7
    assert offset_due(121, offsets) is None
    assert offset_due(-1, offsets) is None


def test_officers_and_administrators_get_an_e_mail_120_days_before_the_notice_deadline(
    haut_rhin, django_capture_on_commit_callbacks
):
    # The sending date of the registered letter (Friday 23 August) comes 8 days earlier.
    assert run(days_before(129), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert run(days_before(128), django_capture_on_commit_callbacks) == 2
    assert not notice_reminders(haut_rhin["officer"]).exists()
    mail.outbox.clear()

    assert run(days_before(120), django_capture_on_commit_callbacks) == 2
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([haut_rhin["officer"].email, haut_rhin["admin"].email])
    message = mail.outbox[0]
    assert "31" in message.body and "2024" in message.body
    assert "Convention cadre" in message.body
    assert haut_rhin["convention"].get_absolute_url() in message.body
    assert notice_reminders(haut_rhin["officer"]).get().offset_days == 120
    # Agents and viewers are not reminded.
    assert not ReminderSent.objects.filter(recipient__in=[haut_rhin["agent"], haut_rhin["viewer"]]).exists()


def test_no_reminder_is_sent_twice(haut_rhin, django_capture_on_commit_callbacks):
    run(days_before(120), django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    assert run(days_before(120), django_capture_on_commit_callbacks) == 0  # same day, second run
    assert run(days_before(119), django_capture_on_commit_callbacks) == 0  # next day, same offset
    assert len(mail.outbox) == sent
    assert run(days_before(60), django_capture_on_commit_callbacks) == 2  # the next offset
    assert list(
        notice_reminders(haut_rhin["officer"]).values_list("offset_days", flat=True).order_by("offset_days")
    ) == [
        60,
        120,
    ]


def test_a_missed_day_is_caught_up(haut_rhin, django_capture_on_commit_callbacks):
    # The job did not run 120 days before; ten days later it sends the 120-day reminder.
    assert run(days_before(110), django_capture_on_commit_callbacks) == 2
    assert notice_reminders(haut_rhin["officer"]).get().offset_days == 120
    # Down for a month and a half: at 25 days only the 30-day reminder is sent, not the 60-day one too.
    assert run(days_before(25), django_capture_on_commit_callbacks) == 2
    offsets = set(notice_reminders(haut_rhin["officer"]).values_list("offset_days", flat=True))
    assert offsets == {120, 30}


def test_one_e_mail_per_person_lists_all_their_reminders(haut_rhin, django_capture_on_commit_callbacks):
    # The recommended sending date (Friday 23 August) is 8 days before the notice deadline: same offset.
    run(days_before(100), django_capture_on_commit_callbacks)
    officer_mails = [m for m in mail.outbox if m.to == [haut_rhin["officer"].email]]
    assert len(officer_mails) == 1
    keys = set(
        ReminderSent.objects.filter(recipient=haut_rhin["officer"]).values_list("deadline_key", flat=True)
    )
    assert any(":notice_send_by:" in key for key in keys)
    assert any(":notice:" in key for key in keys)


def test_mails_leave_only_after_commit(haut_rhin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_reminders(days_before(120))
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_commitments_are_reminded_to_their_parties_only(haut_rhin, django_capture_on_commit_callbacks):
    other = ConventionFactory(start_date=D(2024, 1, 1), title="CANARY-B")
    outsider = officer_of(other.parties.first().organisation)
    CommitmentFactory(convention=haut_rhin["convention"], description="Bilan", due_date=days_before(0))
    run(days_before(7), django_capture_on_commit_callbacks)
    assert not any(outsider.email in m.to for m in mail.outbox)
    assert all("CANARY-B" not in m.body for m in mail.outbox)


def test_a_late_item_is_not_reminded(haut_rhin, django_capture_on_commit_callbacks):
    CommitmentFactory(convention=haut_rhin["convention"], description="Bilan", due_date=D(2024, 1, 10))
    run(days_before(200), django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_unique_constraint_forbids_a_second_row(haut_rhin):
    officer = haut_rhin["officer"]
    ReminderSent.objects.create(deadline_key="k", deadline_date=NOTICE, offset_days=7, recipient=officer)
    with pytest.raises(IntegrityError):
        ReminderSent.objects.create(deadline_key="k", deadline_date=NOTICE, offset_days=7, recipient=officer)


def test_the_management_command_and_the_task(haut_rhin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", date=days_before(120).isoformat())
    assert len(mail.outbox) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_deadline_reminders_task.call(date=days_before(60).isoformat()) == 2
    assert len(mail.outbox) == 4


def test_run_daily_refreshes_statuses_then_reminds(haut_rhin, django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_daily", date=days_before(120).isoformat())
    assert "reminder" in capsys.readouterr().out
    assert len(mail.outbox) == 2


def test_a_bad_date_is_refused_clearly():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("send_deadline_reminders", date="31/08/2024")
