"""Nothing lost (trust items 20 and 24): a failure injected after the first write of each business act
leaves nothing half done, and side effects (e-mails, tasks) run after the commit only, once.

For each service family the main act is run twice on a complete partnership (tests/test_access.py's
world): first with its audit write made to fail (the write that follows the act's own rows), then
normally. The first run must leave every table as it was; the second proves the act does write.
"""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction

from partenaria.organisations.models import Role
from tests.factories import officer_of
from tests.test_access import build_world_b, fingerprint


class InjectedFailure(Exception):
    pass


def sign(w, school):
    from partenaria.conventions import services

    services.convention_sign(
        by=w.officer,
        convention=type(w.in_approval).objects.get(pk=w.in_approval.pk),  # fresh: a failed try changed it
        signature_date=datetime.date.today(),
        signature_place="Rennes",
        originals_count=2,
    )


def plan_meeting(w, school):
    from partenaria.governance import services

    services.meeting_create(
        by=w.officer,
        body=w.gov.body,
        data={"starts_at": datetime.datetime(2031, 3, 1, 14, tzinfo=datetime.UTC), "status": "planned"},
        agenda=["Bilan de l'année", "Programme de travail"],
    )


def note_progress(w, school):
    from partenaria.actionplan import services

    services.progress_note_add(
        by=w.officer,
        action=w.plan.action,
        data={"noted_on": None, "text": "Deux restitutions.", "progress": 50},
    )


def record_payment(w, school):
    from partenaria.finance import services
    from partenaria.finance.models import FundingCommitment

    commitment = FundingCommitment.objects.get(subsidy__convention=w.convention)
    services.payment_record(
        by=w.officer,
        convention=w.convention,
        data={
            "commitment": commitment,
            "paid_on": commitment.voted_on + datetime.timedelta(days=10),
            "reference": "M-2026-118",
            "amount": Decimal("27500.00"),
        },
    )


def place_student(w, school):
    from partenaria.internships import services

    start = w.stages.placement.start_date
    services.placement_create(
        by=school,
        application=type(w.stages.accepted).objects.get(pk=w.stages.accepted.pk),
        tutor=w.stages.tutor,
        start=start,
        end=start + datetime.timedelta(days=25),
        weekly_hours=Decimal(35),
    )


def accept_deliverable(w, school):
    from partenaria.research import services

    services.deliverable_review(by=w.officer, deliverable=w.research.deliverable, accept=True)


def register(w, school):
    from partenaria.events import services

    services.registration_register(
        event=w.events.event,
        quota=w.events.quota,
        data={"first_name": "Camille", "last_name": "Martin", "email": "camille.martin@example.test"},
        consent=True,
    )


def confirm_booking(w, school):
    from partenaria.rooms import services

    services.booking_confirm(by=w.officer, booking=w.rooms.booking)


def set_wishes(w, school):
    from partenaria.allocation import services

    services.wishes_set(
        by=school, campaign=w.stages.campaign, student=w.stages.transmitted.student, offers=[w.stages.offer]
    )


# family -> (the act, the module whose audit write fails)
ACTS = {
    "conventions": (sign, "partenaria.conventions.services"),
    "governance": (plan_meeting, "partenaria.governance.services"),
    "actionplan": (note_progress, "partenaria.actionplan.services"),
    "finance": (record_payment, "partenaria.finance.services"),
    "internships": (place_student, "partenaria.internships.services"),
    "research": (accept_deliverable, "partenaria.research.services"),
    "events": (register, "partenaria.events.services"),
    "rooms": (confirm_booking, "partenaria.rooms.services"),
    "allocation": (set_wishes, "partenaria.allocation.services"),
}


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = build_world_b()
    return w, officer_of(w.school, role=Role.ADMIN)


@pytest.mark.parametrize("family", sorted(ACTS))
def test_a_failure_after_the_first_write_leaves_nothing_half_done(
    family, world, django_capture_on_commit_callbacks
):
    w, school = world
    act, module = ACTS[family]
    before = fingerprint()
    with (
        mock.patch(f"{module}.log_action", side_effect=InjectedFailure) as audit,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(InjectedFailure),
    ):
        act(w, school)
    assert audit.called  # the failure did come after the act's own writes
    assert fingerprint() == before, f"{family}: a failed act left rows behind"
    assert not callbacks and not mail.outbox  # no e-mail or task for an act that did not happen

    act(w, school)  # the same act, without the failure, does change the data
    assert fingerprint() != before


@pytest.mark.django_db
def test_the_confirmation_e_mail_leaves_only_once_the_registration_is_committed(
    world, django_capture_on_commit_callbacks
):
    w, school = world
    # The caller's transaction fails after the registration: no e-mail for a registration that is gone.
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(InjectedFailure),
        transaction.atomic(),
    ):
        register(w, school)
        raise InjectedFailure
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        register(w, school)
        assert not mail.outbox  # not sent inside the transaction
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [["camille.martin@example.test"]]


@pytest.mark.django_db
def test_the_daily_task_run_twice_sends_each_reminder_once(settings, django_capture_on_commit_callbacks):
    from partenaria.deadlines.tasks import run_daily_task
    from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory

    settings.PARTENARIA_REMINDER_OFFSETS = [120, 60, 30, 7]
    dept, school = OrganisationFactory(departement=True), OrganisationFactory(school=True)
    ConventionFactory(
        partnership=PartnershipFactory(members=[dept, school]),
        tacit_renewal_4_months=True,
        start_date=datetime.date(2022, 1, 1),
    )
    officer_of(dept)
    day = (datetime.date(2024, 8, 31) - datetime.timedelta(days=120)).isoformat()  # 120 days before notice
    with django_capture_on_commit_callbacks(execute=True):
        first = run_daily_task.call(day)
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        second = run_daily_task.call(day)
    assert first >= 1 and sent >= 1
    assert second == 0 and len(mail.outbox) == sent
