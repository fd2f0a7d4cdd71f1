from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("donnees-personnelles/", views.legal, name="legal"),
    path(
        "organisations/<int:pk>/personnes/<int:person_pk>/donnees.<str:fmt>",
        views.person_data_export,
        name="person_data_export",
    ),
    path(
        "organisations/<int:pk>/personnes/<int:person_pk>/effacer/",
        views.person_erase,
        name="person_erase",
    ),
    path("demandes-effacement/", views.erasure_requests, name="erasure_requests"),
]
