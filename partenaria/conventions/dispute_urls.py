"""Routes of the dispute log of a convention (CV9)."""

from django.urls import path

from . import dispute_views as v

C = "conventions/<int:pk>/differends/"

urlpatterns: list = [
    path(C + "nouveau/", v.dispute_open, name="dispute_open"),
    path(C + "<int:dispute_pk>/", v.dispute_detail, name="dispute_detail"),
    path(C + "<int:dispute_pk>/modifier/", v.dispute_edit, name="dispute_edit"),
    path(C + "<int:dispute_pk>/etapes/ajouter/", v.dispute_step_add, name="dispute_step_add"),
    path(C + "<int:dispute_pk>/clore/", v.dispute_close, name="dispute_close"),
]
