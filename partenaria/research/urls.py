"""Research-action projects, methodology targets, deliverables, funding search, study requests (RS1-RS5)."""

from django.urls import path

from . import views as v

app_name = "research"
P = "projets/<int:pk>/"

urlpatterns: list = [
    path("", v.project_list, name="project_list"),
    path("partenariats/<int:pk>/ajouter/", v.project_add, name="project_add"),
    path(
        "partenariats/<int:pk>/recherche-pseudonymisee.xlsx", v.research_export, name="research_export_xlsx"
    ),
    path(P, v.project_detail, name="project_detail"),
    path(P + "modifier/", v.project_edit, name="project_edit"),
    path(P + "etape/", v.project_move, name="project_move"),
    path(P + "equipe/ajouter/", v.team_add, name="team_add"),
    path(P + "cibles/ajouter/", v.target_add, name="target_add"),
    path(P + "cibles/<int:target_pk>/modifier/", v.target_edit, name="target_edit"),
    path(P + "livrables/ajouter/", v.deliverable_add, name="deliverable_add"),
    path(P + "livrables/<int:deliverable_pk>/modifier/", v.deliverable_edit, name="deliverable_edit"),
    path(P + "livrables/<int:deliverable_pk>/deposer/", v.deliverable_submit, name="deliverable_submit"),
    path(P + "livrables/<int:deliverable_pk>/fichier/", v.deliverable_file, name="deliverable_file"),
    path(P + "livrables/<int:deliverable_pk>/revue/", v.deliverable_review, name="deliverable_review"),
    path(P + "valorisation/ajouter/", v.valorisation_add, name="valorisation_add"),
    path(P + "financeurs/ajouter/", v.funder_add, name="funder_add"),
    path(P + "financeurs/<int:funder_pk>/modifier/", v.funder_edit, name="funder_edit"),
    # Study requests (RS5)
    path("etudes/", v.study_list, name="study_list"),
    path("partenariats/<int:pk>/etudes/demander/", v.study_add, name="study_add"),
    path("etudes/<int:pk>/", v.study_detail, name="study_detail"),
    path("etudes/<int:pk>/<str:move>/", v.study_move, name="study_move"),
]
