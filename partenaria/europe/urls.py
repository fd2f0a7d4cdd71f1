"""European projects: sheet, consortium, partner search, mobilities, deliverables (EU1-EU4, EU6)."""

from django.urls import path

from . import views as v

app_name = "europe"

urlpatterns: list = [
    path("", v.index, name="index"),
    path("partenariat/<int:partnership_pk>/fiche/", v.project_create, name="project_create"),
    path("<int:pk>/", v.project_detail, name="project_detail"),
    path("<int:pk>/modifier/", v.project_edit, name="project_edit"),
    path("<int:pk>/partenaires/<int:org_pk>/", v.partner_edit, name="partner_edit"),
    path("<int:pk>/recherche/", v.search_edit, name="search_edit"),
    path("recherches/<int:pk>/", v.search_detail, name="search_detail"),
    path("recherches/<int:pk>/publier/", v.search_publish, name="search_publish"),
    path("recherches/<int:pk>/clore/", v.search_close, name="search_close"),
    path("reponses/<int:pk>/", v.answer_decide, name="answer_decide"),
    path("<int:pk>/mobilites/ajouter/", v.mobility_add, name="mobility_add"),
    path("mobilites/<int:pk>/", v.mobility_detail, name="mobility_detail"),
    path(
        "mobilites/<int:pk>/participants/<int:participant_pk>/retirer/",
        v.participant_remove,
        name="participant_remove",
    ),
    path("<int:pk>/livrables/", v.deliverables, name="deliverables"),
    path("<int:pk>/livrables/profils/ajouter/", v.job_profile_add, name="job_profile_add"),
    path("<int:pk>/livrables/propositions/ajouter/", v.training_add, name="training_add"),
    path("<int:pk>/livrables/export.xlsx", v.deliverables_export, name="deliverables_export"),
]
