"""The acts of governance: each one checked, audited, with French messages on bad input (GV1-GV5)."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar

from partenaria.core.audit import history_for
from partenaria.governance import services
from partenaria.governance.models import Attendance, Body, BodyKind, Meeting, SeatKind
from tests.factories import CommitmentFactory, ConventionFactory, OrganisationFactory, PersonFactory

from .factories import MeetingFactory, SeatFactory, at

D = datetime.date
pytestmark = pytest.mark.django_db


def messages_of(excinfo, field):
    return excinfo.value.message_dict[field]


def test_a_manager_creates_a_body_and_the_history_says_so(haut_rhin):
    body = services.body_create(
        by=haut_rhin.officer,
        partnership=haut_rhin.partnership,
        data={
            "kind": BodyKind.FOLLOW_UP_COMMITTEE,
            "name": "Comité de suivi",
            "mission": "Met en œuvre les axes.",
        },
    )
    assert body.kind == "follow_up_committee"
    assert history_for(body).get().action == "governance.body_created"


def test_a_reader_of_the_partnership_cannot_act(haut_rhin):
    with pytest.raises(PermissionDenied):
        services.body_create(
            by=haut_rhin.reader, partnership=haut_rhin.partnership, data={"kind": "other", "name": "Groupe"}
        )
    assert not Body.objects.filter(name="Groupe").exists()


def test_a_body_is_instituted_only_by_a_convention_of_its_partnership(haut_rhin):
    other = ConventionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.body_change(by=haut_rhin.officer, body=haut_rhin.body, data={"convention": other})
    assert messages_of(excinfo, "convention") == ["Cette convention appartient à un autre partenariat."]


def test_a_maximum_below_the_minimum_is_refused_next_to_the_maximum(haut_rhin):
    with pytest.raises(ValidationError) as excinfo:
        services.rule_add(
            by=haut_rhin.officer,
            body=haut_rhin.body,
            data={
                "role": "Personne qualifiée",
                "organisation": haut_rhin.school,
                "min_count": 4,
                "max_count": 1,
            },
        )
    assert messages_of(excinfo, "max_count") == ["Le maximum ne peut pas être inférieur au minimum."]
    assert not haut_rhin.body.rules.exists()


def test_a_rule_names_a_party_of_the_partnership(haut_rhin):
    with pytest.raises(ValidationError) as excinfo:
        services.rule_add(
            by=haut_rhin.officer,
            body=haut_rhin.body,
            data={"role": "Élu", "organisation": OrganisationFactory(), "min_count": 1, "max_count": 1},
        )
    assert messages_of(excinfo, "organisation") == ["Choisissez une partie du partenariat."]


def test_a_seat_is_held_by_a_person_of_a_party(haut_rhin):
    stranger = PersonFactory()  # of an organisation outside the partnership
    with pytest.raises(ValidationError) as excinfo:
        services.seat_add(
            by=haut_rhin.officer, body=haut_rhin.body, data={"person": stranger, "kind": "titular"}
        )
    assert messages_of(excinfo, "person") == [
        "Cette personne appartient à une organisation qui n'est pas partie au partenariat."
    ]


def test_a_person_cannot_sit_twice_in_the_same_body_over_the_same_period(haut_rhin):
    person = PersonFactory(organisation=haut_rhin.dept)
    services.seat_add(
        by=haut_rhin.officer,
        body=haut_rhin.body,
        data={"person": person, "kind": "titular", "starts_on": D(2021, 7, 22), "ends_on": D(2027, 6, 30)},
    )
    with pytest.raises(ValidationError) as excinfo:
        services.seat_add(
            by=haut_rhin.officer,
            body=haut_rhin.body,
            data={"person": person, "kind": "titular", "starts_on": D(2024, 1, 1)},
        )
    assert messages_of(excinfo, "person") == [
        "Cette personne occupe déjà un siège dans cette instance sur la même période."
    ]
    # After the first term, a new term is fine.
    services.seat_add(
        by=haut_rhin.officer,
        body=haut_rhin.body,
        data={"person": person, "kind": "titular", "starts_on": D(2027, 7, 1)},
    )
    assert haut_rhin.body.seats.filter(person=person).count() == 2


def test_a_substitute_is_paired_with_a_titular_of_the_same_body(haut_rhin):
    person = PersonFactory(organisation=haut_rhin.dept)
    with pytest.raises(ValidationError) as excinfo:
        services.seat_add(
            by=haut_rhin.officer, body=haut_rhin.body, data={"person": person, "kind": "substitute"}
        )
    assert messages_of(excinfo, "substitute_for") == ["Indiquez le titulaire que ce suppléant remplace."]
    other_body_titular = SeatFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.seat_add(
            by=haut_rhin.officer,
            body=haut_rhin.body,
            data={"person": person, "kind": "substitute", "substitute_for": other_body_titular},
        )
    assert messages_of(excinfo, "substitute_for") == ["Choisissez un siège de titulaire de la même instance."]


def test_the_elected_members_are_designated_by_the_assembly_on_a_date(haut_rhin):
    titular = services.seat_add(
        by=haut_rhin.officer,
        body=haut_rhin.body,
        data={
            "person": PersonFactory(organisation=haut_rhin.dept),
            "kind": "titular",
            "designated_by": "Délibération de l'assemblée départementale",
            "designated_on": D(2021, 7, 22),
            "starts_on": D(2021, 7, 22),
        },
    )
    substitute = services.seat_add(
        by=haut_rhin.officer,
        body=haut_rhin.body,
        data={
            "person": PersonFactory(organisation=haut_rhin.dept),
            "kind": "substitute",
            "substitute_for": titular,
        },
    )
    assert titular.designated_on == D(2021, 7, 22)
    assert list(titular.substitutes.all()) == [substitute]


def test_a_term_cannot_end_before_it_starts(haut_rhin):
    with pytest.raises(ValidationError) as excinfo:
        services.seat_add(
            by=haut_rhin.officer,
            body=haut_rhin.body,
            data={
                "person": PersonFactory(organisation=haut_rhin.dept),
                "kind": "titular",
                "starts_on": D(2024, 1, 1),
                "ends_on": D(2023, 1, 1),
            },
        )
    assert messages_of(excinfo, "ends_on") == ["Le mandat ne peut pas se terminer avant de commencer."]


def test_a_meeting_cannot_end_before_it_starts_and_nothing_is_saved(haut_rhin):
    start = at(timezone.localdate() + datetime.timedelta(days=10), 14)
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(
            by=haut_rhin.officer,
            body=haut_rhin.body,
            data={"starts_at": start, "ends_at": start - datetime.timedelta(hours=1), "status": "planned"},
            agenda=["Ordre du jour"],
        )
    assert messages_of(excinfo, "ends_at") == ["La réunion ne peut pas se terminer avant de commencer."]
    assert not Meeting.objects.exists()


def test_a_meeting_before_the_body_was_established_is_refused_and_nothing_is_saved(haut_rhin):
    body = haut_rhin.body
    body.established_on = D(2025, 3, 14)
    body.save()
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(
            by=haut_rhin.officer,
            body=body,
            data={"starts_at": at(D(2025, 3, 13), 10), "status": "held"},
            agenda=["Installation du comité"],
        )
    assert messages_of(excinfo, "starts_at") == [
        "L'instance a été créée le 14 mars 2025 : une réunion ne peut pas avoir lieu avant ce jour."
    ]
    assert not Meeting.objects.exists()
    # The day it was established, the body may meet: its installation meeting.
    meeting = services.meeting_create(
        by=haut_rhin.officer, body=body, data={"starts_at": at(D(2025, 3, 14), 10), "status": "held"}
    )
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_change(
            by=haut_rhin.officer, meeting=meeting, data={"starts_at": at(D(2024, 12, 1), 10)}
        )
    assert "starts_at" in excinfo.value.message_dict
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.starts_at).date() == D(2025, 3, 14)


def test_a_body_cannot_be_established_after_its_first_meeting(haut_rhin):
    body = haut_rhin.body
    MeetingFactory(body=body, held=True, on=D(2024, 6, 20))
    data = {"name": body.name, "established_on": D(2024, 9, 1)}
    with pytest.raises(ValidationError) as excinfo:
        services.body_change(by=haut_rhin.officer, body=body, data=data)
    assert messages_of(excinfo, "established_on") == [
        "Cette instance s'est déjà réunie le 20 juin 2024 : elle a été créée ce jour-là ou avant."
    ]
    body.refresh_from_db()
    assert body.established_on is None
    services.body_change(by=haut_rhin.officer, body=body, data={**data, "established_on": D(2024, 6, 20)})
    body.refresh_from_db()
    assert body.established_on == D(2024, 6, 20)


def test_a_future_meeting_cannot_be_recorded_as_held(haut_rhin):
    start = at(timezone.localdate() + datetime.timedelta(days=10), 14)
    with pytest.raises(ValidationError) as excinfo:
        services.meeting_create(
            by=haut_rhin.officer, body=haut_rhin.body, data={"starts_at": start, "status": "held"}
        )
    assert "status" in excinfo.value.message_dict


def test_the_agenda_keeps_its_order(haut_rhin):
    meeting = services.meeting_create(
        by=haut_rhin.officer,
        body=haut_rhin.body,
        data={"starts_at": at(D(2030, 3, 1)), "status": "planned", "convened_by": haut_rhin.school},
        agenda=["Bilan", "", "Axes de travail", "Questions diverses"],
    )
    assert list(meeting.agenda_items.values_list("position", "title")) == [
        (1, "Bilan"),
        (2, "Axes de travail"),
        (3, "Questions diverses"),
    ]
    services.meeting_change(
        by=haut_rhin.officer, meeting=meeting, data={}, agenda=["Axes de travail", "Bilan"]
    )
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Axes de travail", "Bilan"]
    assert history_for(haut_rhin.body).filter(action="governance.meeting_changed").exists()


def test_a_substitute_stands_in_for_an_absent_titular(haut_rhin):
    body = haut_rhin.body
    titular = SeatFactory(body=body)
    substitute = SeatFactory(body=body, substitute_for=titular)
    present = SeatFactory(body=body)
    lonely = SeatFactory(body=body)  # no substitute
    meeting = MeetingFactory(body=body, held=True, on=D(2025, 5, 13))
    services.attendance_record(
        by=haut_rhin.officer,
        meeting=meeting,
        statuses={titular.pk: "replaced", present.pk: "present", lonely.pk: "absent"},
    )
    replaced = Attendance.objects.get(seat=titular)
    assert replaced.replaced_by == substitute
    assert substitute.kind == SeatKind.SUBSTITUTE
    with pytest.raises(ValidationError) as excinfo:
        services.attendance_record(by=haut_rhin.officer, meeting=meeting, statuses={lonely.pk: "replaced"})
    assert messages_of(excinfo, f"seat_{lonely.pk}") == ["Aucun suppléant n'est associé à ce titulaire."]
    assert Attendance.objects.filter(meeting=meeting).count() == 3  # the refused record changed nothing


def test_minutes_are_sanitised_no_script_is_kept(haut_rhin):
    meeting = MeetingFactory(body=haut_rhin.body, held=True, on=D(2025, 5, 13))
    services.minutes_save(
        by=haut_rhin.officer,
        meeting=meeting,
        minutes='<p onclick="x()">Bilan <strong>validé</strong></p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">lien</a><style>p{}</style><ul><li>Point</li></ul>',
    )
    meeting.refresh_from_db()
    assert "<script" not in meeting.minutes and "alert" not in meeting.minutes
    assert (
        "onclick" not in meeting.minutes
        and "javascript" not in meeting.minutes
        and "<style" not in meeting.minutes
    )
    assert "<strong>validé</strong>" in meeting.minutes and "<li>Point</li>" in meeting.minutes


def test_plain_text_minutes_get_their_paragraphs():
    assert (
        services.sanitise_minutes("Premier point.\n\nSecond point.")
        == "<p>Premier point.</p>\n\n<p>Second point.</p>"
    )


def test_decisions_are_numbered_in_order(haut_rhin):
    meeting = MeetingFactory(body=haut_rhin.body, held=True, on=D(2025, 5, 13))
    first = services.decision_add(by=haut_rhin.officer, meeting=meeting, text="Les axes sont arrêtés.")
    second = services.decision_add(by=haut_rhin.officer, meeting=meeting, text="Le bilan est approuvé.")
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(ValidationError):
        services.decision_add(by=haut_rhin.officer, meeting=meeting, text="  ")


def test_a_follow_up_action_has_an_owner_and_is_done_once(haut_rhin):
    meeting = MeetingFactory(body=haut_rhin.body, held=True, on=D(2025, 5, 13))
    with pytest.raises(ValidationError) as excinfo:
        services.action_add(
            by=haut_rhin.officer, meeting=meeting, data={"text": "Relancer", "due_on": D(2025, 6, 1)}
        )
    assert messages_of(excinfo, "owner_organisation") == [
        "Indiquez qui porte l'action : une partie ou une personne."
    ]
    action = services.action_add(
        by=haut_rhin.officer,
        meeting=meeting,
        data={
            "text": "Relancer",
            "owner_person": PersonFactory(organisation=haut_rhin.school),
            "due_on": D(2025, 6, 1),
        },
    )
    services.action_done(by=haut_rhin.officer, action=action)
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.action_done(by=haut_rhin.officer, action=action)


def _invitable(haut_rhin):
    body = haut_rhin.body
    titular = SeatFactory(body=body)
    SeatFactory(body=body, substitute_for=titular)
    SeatFactory(body=body, person=PersonFactory(organisation=haut_rhin.school, email=""))  # no address
    return MeetingFactory(body=body, on=timezone.localdate() + datetime.timedelta(days=20))


def test_invitations_are_sent_once_after_commit_with_the_ics_file(
    haut_rhin, django_capture_on_commit_callbacks
):
    meeting = _invitable(haut_rhin)
    services.meeting_change(by=haut_rhin.officer, meeting=meeting, data={}, agenda=["Bilan", "Axes"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        count = services.meeting_invite(by=haut_rhin.officer, meeting=meeting)
        assert mail.outbox == []  # nothing leaves before the commit
    assert count == 2 and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 2
    message = mail.outbox[0]
    assert message.subject.startswith("Convocation : Comité de pilotage le ")
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("reunion.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["uid"]) == f"governance-meeting-{meeting.pk}@partenaria"
    assert event.decoded("dtstart") == meeting.starts_at
    assert "1. Bilan" in str(event["description"])
    meeting.refresh_from_db()
    assert meeting.invitations_sent_at is not None


def test_no_invitation_leaves_when_the_transaction_rolls_back(haut_rhin, django_capture_on_commit_callbacks):
    meeting = _invitable(haut_rhin)
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.meeting_invite(by=haut_rhin.officer, meeting=meeting)
                raise RuntimeError("the request failed after the act")
        except RuntimeError:
            pass
    assert mail.outbox == []
    meeting.refresh_from_db()
    assert meeting.invitations_sent_at is None


def test_a_cancelled_meeting_is_not_announced(haut_rhin):
    meeting = _invitable(haut_rhin)
    meeting.status = "cancelled"
    meeting.save()
    with pytest.raises(ValidationError):
        services.meeting_invite(by=haut_rhin.officer, meeting=meeting)


def test_the_body_takes_over_a_twice_yearly_commitment_to_meet(haut_rhin):
    convention = ConventionFactory(partnership=haut_rhin.partnership)
    commitment = CommitmentFactory(
        convention=convention, description="Réunir le comité de pilotage", frequency="twice_yearly"
    )
    body = services.body_take_over_commitment(
        by=haut_rhin.officer, body=haut_rhin.body, commitment=commitment
    )
    assert body.meetings_per_year == 2
    assert not convention.commitments.exists()
    assert history_for(convention).filter(action="convention.commitment_changed").exists()
    assert history_for(body).filter(action="governance.commitment_taken_over").exists()
    once = CommitmentFactory(convention=convention, frequency="once")
    with pytest.raises(ValidationError):
        services.body_take_over_commitment(by=haut_rhin.officer, body=body, commitment=once)


def test_a_representation_names_people_of_the_represented_partner(haut_rhin):
    delegates = [PersonFactory(organisation=haut_rhin.dept), PersonFactory(organisation=haut_rhin.dept)]
    representation = services.representation_add(
        by=haut_rhin.officer,
        partnership=haut_rhin.partnership,
        data={
            "host": haut_rhin.school,
            "body_name": "Assemblée générale de l'ISSM",
            "represented": haut_rhin.dept,
            "mode": "member",
            "seats_count": 2,
            "people": delegates,
            "since": D(2021, 9, 1),
        },
    )
    assert set(representation.people.all()) == set(delegates)
    with pytest.raises(ValidationError) as excinfo:
        services.representation_change(
            by=haut_rhin.officer,
            representation=representation,
            data={"people": [PersonFactory(organisation=haut_rhin.school)]},
        )
    assert "people" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.representation_change(
            by=haut_rhin.officer, representation=representation, data={"until": D(2020, 1, 1)}
        )
    assert "until" in excinfo.value.message_dict


def test_the_next_steering_committee_meeting_of_a_partnership(haut_rhin):
    body = haut_rhin.body
    MeetingFactory(body=body, held=True, on=D(2025, 5, 13))
    soon = MeetingFactory(body=body, on=timezone.localdate() + datetime.timedelta(days=10))
    MeetingFactory(body=body, on=timezone.localdate() + datetime.timedelta(days=90))
    MeetingFactory(body=body, on=timezone.localdate() + datetime.timedelta(days=5), status="cancelled")
    follow_up = services.body_create(
        by=haut_rhin.officer,
        partnership=haut_rhin.partnership,
        data={"kind": "follow_up_committee", "name": "Suivi"},
    )
    MeetingFactory(body=follow_up, on=timezone.localdate() + datetime.timedelta(days=2))
    assert Meeting.objects.next_steering_committee(haut_rhin.partnership) == soon
    assert Meeting.objects.next_steering_committee(ConventionFactory().partnership) is None


def test_a_titular_with_substitutes_does_not_become_a_substitute(haut_rhin):
    titular = SeatFactory(body=haut_rhin.body)
    SeatFactory(body=haut_rhin.body, substitute_for=titular)
    other = SeatFactory(body=haut_rhin.body)
    with pytest.raises(ValidationError) as excinfo:
        services.seat_change(
            by=haut_rhin.officer, seat=titular, data={"kind": "substitute", "substitute_for": other}
        )
    assert "kind" in excinfo.value.message_dict
