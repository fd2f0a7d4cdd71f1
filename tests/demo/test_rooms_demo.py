"""The demo's rooms: Askoria's six free bookings of 2025 used and one billed [000] (EV2, FN3)."""

from decimal import Decimal

from django.urls import reverse

from partenaria.accounts.models import User
from partenaria.rooms.models import Booking, BookingStatus, InvoiceLine, RoomQuota


def test_askoria_grants_six_free_bookings_by_article_one_of_the_2025_amendment(demo):
    quota = RoomQuota.objects.select_related("convention", "article", "owner").get(owner__name="Askoria")
    assert quota.free_per_year == 6
    assert quota.convention.title == "Avenant 2025 à la convention de partenariat 2022-2024"
    assert "6 réservations de salles" in quota.article.body


def test_six_free_bookings_are_used_in_2025_and_the_seventh_is_billed(demo):
    bookings = list(Booking.objects.filter(room__owner__name="Askoria").order_by("start"))
    assert [b.is_free for b in bookings] == [True] * 6 + [False]
    assert bookings[0].start.date().isoformat() == "2025-05-06"
    assert {b.status for b in bookings} == {BookingStatus.CONFIRMED}
    line = InvoiceLine.objects.get()
    assert line.booking == bookings[-1] and line.amount == Decimal("180.00")
    assert line.customer.name.startswith("Département")


def test_askoria_finds_the_billed_booking_on_its_2025_billing_page(client, demo):
    client.force_login(User.objects.get(email=_officer_email("Perrin")))
    page = client.get(reverse("rooms:billing"), {"annee": 2025}).content.decode()
    assert "Comité de veille accueil stagiaires" not in page or "180,00" in page
    assert "180,00" in page
    response = client.get(reverse("rooms:billing_export"), {"annee": 2025})
    assert response.status_code == 200


def _officer_email(last_name: str) -> str:
    return User.objects.get(last_name=last_name).email
