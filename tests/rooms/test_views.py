"""The rooms pages in the browser's shoes: book with a confirmation step (without JavaScript) or the
htmx preview, cancel, confirm, the yearly billing and its export (EV2, FN3)."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partenaria.rooms.models import Booking, BookingStatus
from tests.factories import OrganisationFactory

from .factories import RoomFactory, askoria_world, book, book_many, next_weekday

pytestmark = pytest.mark.django_db


def form_data(world, day=None, start="09:00", end="11:00", **extra):
    data = {
        "convention": world.convention.pk,
        "day": (day or next_weekday(2)).isoformat(),
        "start_time": start,
        "end_time": end,
        "attendees": "25",
        "purpose": "Comité de suivi",
    }
    data.update(extra)
    return data


def test_booking_without_javascript_checks_then_confirms_a_free_booking(client):
    world = askoria_world()
    book_many(world, 2)
    client.force_login(world.agent)
    url = reverse("rooms:book", args=[world.room.pk])
    page = client.post(url, form_data(world, day=next_weekday(4, 3))).content.decode()
    assert "Cette réservation sera gratuite" in page
    assert "3 sur 6" in page and "il en restera 3" in page
    assert Booking.objects.count() == 2
    response = client.post(url, form_data(world, day=next_weekday(4, 3), confirm="1", expect_free="1"))
    booking = Booking.objects.latest("pk")
    assert response.status_code == 302 and response.url == booking.get_absolute_url()
    assert booking.is_free and booking.status == BookingStatus.REQUESTED


def test_the_htmx_preview_says_billed_and_the_price_once_the_quota_is_used(client):
    world = askoria_world(free_per_year=1)
    book(world, day=next_weekday(1))
    client.force_login(world.agent)
    page = client.get(
        reverse("rooms:book_preview", args=[world.room.pk]),
        form_data(world, day=next_weekday(3)),
        headers={"hx-request": "true"},
    ).content.decode()
    assert "sera facturée 150,00" in page
    assert Booking.objects.count() == 1


def test_a_booking_ending_before_it_starts_is_refused_next_to_the_field_and_kept(client):
    world = askoria_world()
    client.force_login(world.agent)
    response = client.post(
        reverse("rooms:book", args=[world.room.pk]), form_data(world, start="11:00", end="09:00")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_end_time-error"' in page and "se termine avant de commencer" in page
    assert 'value="Comité de suivi"' in page
    assert not Booking.objects.exists()


def test_the_owner_confirms_then_the_partner_cancels_and_the_free_booking_comes_back(client):
    world = askoria_world(free_per_year=1)
    booking = book(world)
    client.force_login(world.school_officer)
    client.post(reverse("rooms:booking_confirm", args=[booking.pk]))
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    client.force_login(world.agent)
    page = client.get(reverse("rooms:booking_cancel", args=[booking.pk])).content.decode()
    assert "la prochaine réservation de l'année de convention sera gratuite" in page
    client.post(reverse("rooms:booking_cancel", args=[booking.pk]), {"reason": "Report"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert book(world, day=next_weekday(4)).is_free


def test_a_partner_cannot_confirm_its_own_request(client):
    world = askoria_world()
    booking = book(world)
    client.force_login(world.agent)
    assert client.post(reverse("rooms:booking_confirm", args=[booking.pk])).status_code == 403


def test_the_owner_cannot_open_the_booking_form_of_its_own_room(client):
    world = askoria_world()
    client.force_login(world.school_officer)
    assert client.get(reverse("rooms:book", args=[world.room.pk])).status_code == 403


def test_the_yearly_export_lists_the_confirmed_billed_bookings_for_the_owner(client):
    world = askoria_world(free_per_year=1)
    made = book_many(world, 3)
    client.force_login(world.school_officer)
    for booking in made:
        client.post(reverse("rooms:booking_confirm", args=[booking.pk]))
    year = made[-1].start.year
    page = client.get(reverse("rooms:billing"), {"annee": year}).content.decode()
    assert "300,00" in page
    response = client.get(reverse("rooms:billing_export"), {"annee": year})
    assert response["Content-Disposition"] == f'attachment; filename="facturation-salles-{year}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Date" and rows[0][10] == "Montant"
    assert [row[10] for row in rows[1:3]] == [150, 150]
    assert rows[-1][10] == 300


def test_the_billing_of_a_partner_is_not_shown_to_someone_who_does_not_own_rooms(client):
    world = askoria_world(free_per_year=0)
    book(world)
    client.force_login(world.agent)
    page = client.get(reverse("rooms:billing")).content.decode()
    assert "150,00" not in page
    assert client.get(reverse("rooms:billing_export")).status_code == 404


def test_the_room_page_lists_bookings_in_a_table_with_a_flat_number_of_queries(
    client, django_assert_max_num_queries
):
    world = askoria_world(free_per_year=50)
    client.force_login(world.agent)
    url = reverse("rooms:room_detail", args=[world.room.pk])
    book_many(world, 2)
    with django_assert_max_num_queries(30) as small:
        client.get(url)
    book_many(world, 10, first_week=2)
    with django_assert_max_num_queries(30) as large:
        page = client.get(url).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "<caption>" in page and page.count("Séminaire socio-sport") == 12


def test_my_bookings_lists_the_organisation_bookings_with_a_flat_number_of_queries(
    client, django_assert_max_num_queries
):
    world = askoria_world(free_per_year=2)
    client.force_login(world.agent)
    book_many(world, 3)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("rooms:my_bookings"))
    book_many(world, 10, first_week=3)
    with django_assert_max_num_queries(30) as large:
        page = client.get(reverse("rooms:my_bookings")).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert "gratuite" in page


def test_a_manager_adds_a_room_and_a_bad_price_is_refused_in_french(client):
    world = askoria_world()
    client.force_login(world.school_officer)
    url = reverse("rooms:room_create", args=[world.school.pk])
    data = {
        "name": "Amphithéâtre",
        "capacity": "120",
        "opens_at": "08:00",
        "closes_at": "20:00",
        "open_weekdays": ["1", "2", "3", "4", "5", "6"],
        "price": "-5",
        "pricing_unit": "half_day",
    }
    page = client.post(url, data).content.decode()
    assert 'id="id_price-error"' in page
    data["price"] = "90.00"
    response = client.post(url, data)
    room = world.school.rooms.get(name="Amphithéâtre")
    assert response.status_code == 302 and room.price == Decimal("90.00") and room.open_weekdays == "123456"


def test_the_dashboard_deadlines_show_an_upcoming_booking(client):
    world = askoria_world()
    book(world, day=next_weekday(2), purpose="Séminaire socio-sport")
    client.force_login(world.dept_officer)
    page = client.get(reverse("deadlines:list")).content.decode()
    assert "Séminaire socio-sport" in page


def test_a_room_of_an_organisation_that_is_no_partner_is_not_found(client):
    world = askoria_world()
    stranger = RoomFactory(owner=OrganisationFactory())
    client.force_login(world.agent)
    assert client.get(reverse("rooms:room_detail", args=[stranger.pk])).status_code == 404
    assert client.get(reverse("rooms:room_detail", args=[world.room.pk])).status_code == 200


def test_the_week_navigation_survives_a_bad_date(client):
    world = askoria_world()
    client.force_login(world.agent)
    url = reverse("rooms:room_detail", args=[world.room.pk])
    assert client.get(url, {"du": "pas-une-date"}).status_code == 200
    assert client.get(url, {"du": (datetime.date.today()).isoformat()}).status_code == 200


def test_the_owner_records_the_quota_of_a_convention_with_its_article(client):
    world = askoria_world()
    client.force_login(world.school_officer)
    url = reverse("rooms:quota_add", args=[world.school.pk])
    assert world.convention.title in client.get(url).content.decode()
    response = client.post(
        url, {"convention": world.convention.pk, "free_per_year": "8", "article": world.article.pk}
    )
    assert response.status_code == 302
    world.quota.refresh_from_db()
    assert world.quota.free_per_year == 8
    page = client.get(reverse("rooms:organisation", args=[world.school.pk])).content.decode()
    assert "Avenant" in page and "8" in page


def test_a_partner_sees_the_quota_page_but_cannot_record_a_quota(client):
    world = askoria_world()
    client.force_login(world.dept_officer)
    assert client.get(reverse("rooms:organisation", args=[world.school.pk])).status_code == 200
    response = client.post(
        reverse("rooms:quota_add", args=[world.school.pk]),
        {"convention": world.convention.pk, "free_per_year": "60"},
    )
    assert response.status_code == 403
    world.quota.refresh_from_db()
    assert world.quota.free_per_year == 6


def test_a_price_change_does_not_change_a_booking_already_billed(client):
    world = askoria_world(free_per_year=0)
    booking = book(world)
    client.force_login(world.school_officer)
    data = {
        "name": world.room.name,
        "capacity": "40",
        "opens_at": "08:30",
        "closes_at": "18:00",
        "open_weekdays": ["1", "2", "3", "4", "5"],
        "price": "200.00",
        "pricing_unit": "booking",
        "is_active": "on",
    }
    assert client.post(reverse("rooms:room_edit", args=[world.room.pk]), data).status_code == 302
    world.room.refresh_from_db()
    assert world.room.price == Decimal("200.00")
    booking.invoice_line.refresh_from_db()
    assert booking.invoice_line.amount == Decimal("150.00")


def test_the_export_of_another_owner_never_holds_its_lines(client):
    """The XLSX is compressed: the canary check of the route walk cannot see inside, this test reads it."""
    ours, theirs = askoria_world(free_per_year=0), askoria_world(free_per_year=0)
    book(theirs, purpose="Réunion CANARY-B")
    book(ours, purpose="Notre réunion")
    client.force_login(ours.school_officer)
    for booking in Booking.objects.all():
        client.post(reverse("rooms:booking_confirm", args=[booking.pk]))
    year = Booking.objects.get(purpose="Notre réunion").start.year
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("rooms:billing_export"), {"annee": year}).content)
    ).active
    cells = [str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert "Notre réunion" in cells
    assert not any("CANARY-B" in c for c in cells)
    assert Booking.objects.get(purpose="Réunion CANARY-B").status == "requested"  # its confirmation was a 404
