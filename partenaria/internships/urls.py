"""Internships: host sites, campaigns, applications, placements, follow-up, tutor training (IN2-IN10),
mounted at /stages/."""

from django.urls import path

from . import exports
from . import followup_views as f
from . import views as v

app_name = "internships"

urlpatterns: list = [
    path("", v.index, name="index"),
    path("mes-stages/", v.my_records, name="my_records"),
    path("stages/", v.placement_list, name="placement_list"),
    path("campagnes/ouvrir/", v.campaign_create, name="campaign_create"),
    # Host sites of an organisation (IN2-IN4)
    path("organisations/<int:org_pk>/sites/", v.site_list, name="site_list"),
    path("organisations/<int:org_pk>/sites/declarer/", v.site_create, name="site_create"),
    path("sites/<int:site_pk>/", v.site_detail, name="site_detail"),
    path("sites/<int:site_pk>/modifier/", v.site_edit, name="site_edit"),
    path("sites/<int:site_pk>/diplomes/", v.site_diploma, name="site_diploma"),
    path("sites/<int:site_pk>/tuteurs/ajouter/", v.tutor_add, name="tutor_add"),
    path("sites/<int:site_pk>/contacts/ajouter/", v.contact_add, name="contact_add"),
    # The campaign of a school year (IN5, IN6)
    path("campagnes/<int:campaign_pk>/", v.campaign_detail, name="campaign_detail"),
    path("campagnes/<int:campaign_pk>/demandes/ajouter/", v.request_add, name="request_add"),
    path("campagnes/<int:campaign_pk>/offres/ajouter/", v.offer_add, name="offer_add"),
    path("campagnes/<int:campaign_pk>/etudiants/ajouter/", v.student_add, name="student_add"),
    path("campagnes/<int:campaign_pk>/candidatures/ajouter/", v.application_add, name="application_add"),
    path("candidatures/<int:application_pk>/decider/", v.application_decide, name="application_decide"),
    path("candidatures/<int:application_pk>/placer/", v.placement_create, name="placement_create"),
    # Placements (IN7, IN8)
    path("stages/<int:placement_pk>/", v.placement_detail, name="placement_detail"),
    path("stages/<int:placement_pk>/avenant/", v.placement_amend, name="placement_amend"),
    # Follow-up: the trainer's visits, the tutor's evaluation (IN7)
    path("stages/<int:placement_pk>/visites/planifier/", f.visit_plan, name="visit_plan"),
    path("visites/<int:visit_pk>/compte-rendu/", f.visit_record, name="visit_record"),
    path("stages/<int:placement_pk>/evaluation/envoyer/", f.evaluation_send, name="evaluation_send"),
    path("evaluations/<int:evaluation_pk>/", f.evaluation_detail, name="evaluation_detail"),
    path("evaluation/<str:token>/", f.evaluation_fill, name="evaluation_fill"),
    # Tutor training (IN10)
    path("formations/", f.training_list, name="training_list"),
    path("formations/programmer/", f.training_create, name="training_create"),
    path("formations/<int:session_pk>/", f.training_detail, name="training_detail"),
    # Exports (IN7, IN8)
    path("export/stages.xlsx", exports.placements_export, name="export_placements"),
    path("export/gratifications.xlsx", exports.gratifications_export, name="export_gratifications"),
    path("export/statistiques.xlsx", exports.statistics_export, name="export_statistics"),
]
