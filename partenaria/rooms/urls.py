"""Rooms, bookings and their billing (EV2, FN3)."""

from django.urls import path

from . import views as v

app_name = "rooms"

urlpatterns: list = [
    path("", v.index, name="index"),
    path("mes-reservations/", v.my_bookings, name="my_bookings"),
    path("facturation/", v.billing, name="billing"),
    path("facturation/export.xlsx", v.billing_export, name="billing_export"),
    path("organisation/<int:org_pk>/", v.organisation_rooms, name="organisation"),
    path("organisation/<int:org_pk>/ajouter/", v.room_create, name="room_create"),
    path("organisation/<int:org_pk>/quotas/ajouter/", v.quota_add, name="quota_add"),
    path("<int:pk>/", v.room_detail, name="room_detail"),
    path("<int:pk>/modifier/", v.room_edit, name="room_edit"),
    path("<int:pk>/reserver/", v.book, name="book"),
    path("<int:pk>/reserver/apercu/", v.book_preview, name="book_preview"),
    path("reservations/<int:pk>/", v.booking_detail, name="booking_detail"),
    path("reservations/<int:pk>/confirmer/", v.booking_confirm, name="booking_confirm"),
    path("reservations/<int:pk>/annuler/", v.booking_cancel, name="booking_cancel"),
]
