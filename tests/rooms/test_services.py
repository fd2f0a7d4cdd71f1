"""Booking a partner's room: who may, when, and whether it is free or billed (EV2, FN3)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partenaria.core.models import AuditEvent
from partenaria.organisations.models import Role
from partenaria.rooms import services
from partenaria.rooms.models import Booking, BookingStatus, InvoiceLine
from tests.factories import ConventionFactory, OrganisationFactory, PartnershipFactory, officer_of

from .factories import RoomFactory, askoria_world, book, book_many, booking_data, next_weekday

pytestmark = pytest.mark.django_db


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


def test_the_first_six_bookings_of_the_year_are_free_the_seventh_is_billed():
    world = askoria_world()
    made = book_many(world, 7)
    assert [b.is_free for b in made] == [True] * 6 + [False]
    line = InvoiceLine.objects.get()
    assert line.booking == made[-1]
    assert (line.owner, line.customer, line.convention) == (world.school, world.dept, world.convention)
    assert line.amount == Decimal("150.00") and line.unit_price == Decimal("150.00")
    assert made[0].year_start == world.convention.start_date
    assert AuditEvent.objects.filter(action="rooms.booked").count() == 7


def test_the_preview_says_free_and_how_many_remain_before_anything_is_written():
    world = askoria_world()
    book_many(world, 2)
    errors, outcome = services.booking_preview(
        by=world.agent,
        room=world.room,
        organisation=world.dept,
        data=booking_data(world, day=next_weekday(3, 3)),
    )
    assert not errors
    assert (outcome.is_free, outcome.rank, outcome.free_per_year, outcome.remaining_after) == (True, 3, 6, 3)
    assert Booking.objects.count() == 2


def test_a_price_per_hour_bills_the_duration():
    world = askoria_world(free_per_year=0, per_hour=True)
    booking = book(world, start=(9, 0), end=(12, 30))
    assert booking.invoice_line.quantity == Decimal("3.50")
    assert booking.invoice_line.amount == Decimal("140.00")


def test_a_cancelled_free_booking_no_longer_counts():
    world = askoria_world(free_per_year=1)
    first = book(world, day=next_weekday(1))
    services.booking_cancel(by=world.agent, booking=first, reason="Séminaire reporté")
    again = book(world, day=next_weekday(2))
    assert again.is_free
    first.refresh_from_db()
    assert first.status == BookingStatus.CANCELLED and first.cancelled_by == world.agent


def test_a_cancelled_booking_frees_its_slot():
    world = askoria_world()
    first = book(world)
    services.booking_cancel(by=world.school_officer, booking=first)
    assert book(world).status == BookingStatus.REQUESTED


def test_two_bookings_of_the_same_slot_the_second_is_refused_with_the_time_taken():
    world = askoria_world()
    book(world, start=(9, 0), end=(11, 0))
    with pytest.raises(ValidationError) as excinfo:
        book(world, start=(10, 0), end=(12, 0))
    assert "9h00 à 11h00" in errors_of(excinfo)["start_time"][0]
    assert Booking.objects.count() == 1


def test_back_to_back_bookings_do_not_overlap():
    world = askoria_world()
    book(world, start=(9, 0), end=(11, 0))
    assert book(world, start=(11, 0), end=(12, 0)).pk


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"start": (11, 0), "end": (9, 0)}, "end_time", "se termine avant de commencer"),
        ({"start": (7, 0), "end": (9, 0)}, "start_time", "de 8h30 à 18h00"),
        ({"start": (17, 0), "end": (19, 0)}, "end_time", "de 8h30 à 18h00"),
        ({"day": "saturday"}, "day", "lundi, mardi, mercredi, jeudi, vendredi"),
        ({"day": "past"}, "day", "passé"),
        ({"attendees": 41}, "attendees", "40 personnes"),
    ],
)
def test_bad_input_is_refused_in_french_on_its_field(changes, field, words):
    world = askoria_world()
    kwargs = {}
    if "start" in changes:
        kwargs = {"start": changes["start"], "end": changes["end"]}
    if changes.get("day") == "saturday":
        kwargs["day"] = next_weekday(6)
    if changes.get("day") == "past":
        kwargs["day"] = next_weekday(2, weeks=-1)
    if "attendees" in changes:
        kwargs["attendees"] = changes["attendees"]
    with pytest.raises(ValidationError) as excinfo:
        book(world, **kwargs)
    assert words in " ".join(errors_of(excinfo)[field])
    assert not Booking.objects.exists()


def test_a_room_of_an_organisation_that_is_not_a_party_is_refused():
    world = askoria_world()
    stranger_room = RoomFactory()
    with pytest.raises(ValidationError) as excinfo:
        book(world, room=stranger_room)
    assert "n'est pas partie à cette convention" in errors_of(excinfo)["convention"][0]


def test_a_convention_without_quota_grants_no_booking_unless_the_room_is_open_to_partners():
    world = askoria_world()
    other = ConventionFactory(partnership=world.convention.partnership)
    with pytest.raises(ValidationError) as excinfo:
        book(world, convention=other)
    assert "n'accorde aucune réservation" in errors_of(excinfo)["convention"][0]
    open_room = RoomFactory(owner=world.school, shared=True)
    booking = book(world, room=open_room, convention=other)
    assert not booking.is_free and booking.invoice_line.amount == Decimal("150.00")


def test_a_day_outside_the_convention_is_refused():
    world = askoria_world()
    after = world.convention.end_date + datetime.timedelta(days=3)
    while after.isoweekday() > 5:
        after += datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        book(world, day=after)
    assert "ne couvre pas ce jour" in errors_of(excinfo)["day"][0]


def test_the_owner_does_not_book_its_own_room_and_a_viewer_does_not_book():
    world = askoria_world()
    with pytest.raises(ValidationError):
        services.booking_request(
            by=world.school_officer, room=world.room, organisation=world.school, data=booking_data(world)
        )
    viewer = officer_of(world.dept, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        book(world, by=viewer)


def test_a_stale_preview_of_a_free_booking_is_refused_when_the_last_free_one_is_gone():
    world = askoria_world(free_per_year=1)
    book(world, day=next_weekday(1))
    with pytest.raises(ValidationError) as excinfo:
        services.booking_request(
            by=world.agent,
            room=world.room,
            organisation=world.dept,
            data=booking_data(world, day=next_weekday(2)),
            expect_free=True,
        )
    assert "150,00" in excinfo.value.messages[0]
    assert Booking.objects.count() == 1


def test_only_the_owner_confirms_and_a_past_booking_cannot_be_cancelled():
    world = askoria_world()
    booking = book(world)
    with pytest.raises(PermissionDenied):
        services.booking_confirm(by=world.agent, booking=booking)
    services.booking_confirm(by=world.school_officer, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    with pytest.raises(ValidationError):
        services.booking_cancel(
            by=world.agent, booking=booking, now=booking.start + datetime.timedelta(minutes=1)
        )
    stranger = officer_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.booking_cancel(by=stranger, booking=booking)


def test_a_quota_is_recorded_with_its_article_by_the_owner_only():
    world = askoria_world()
    other = ConventionFactory(partnership=PartnershipFactory(members=[world.dept, world.school]))
    quota = services.quota_set(
        by=world.school_officer,
        owner=world.school,
        data={"convention": other, "free_per_year": 4, "article": None},
    )
    assert quota.free_per_year == 4
    with pytest.raises(ValidationError) as excinfo:
        services.quota_set(
            by=world.school_officer,
            owner=world.school,
            data={"convention": other, "free_per_year": 4, "article": world.article},
        )
    assert "article" in errors_of(excinfo)
    with pytest.raises(PermissionDenied):
        services.quota_set(
            by=world.dept_officer, owner=world.school, data={"convention": other, "free_per_year": 9}
        )


def test_a_room_closing_before_it_opens_is_refused():
    world = askoria_world()
    with pytest.raises(ValidationError) as excinfo:
        services.room_create(
            by=world.school_officer,
            owner=world.school,
            data={
                "name": "Amphi",
                "capacity": 100,
                "opens_at": datetime.time(18),
                "closes_at": datetime.time(8),
                "open_weekdays": "12345",
                "price": Decimal("0"),
                "pricing_unit": "booking",
            },
        )
    assert "closes_at" in errors_of(excinfo)
