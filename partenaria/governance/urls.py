"""Bodies, seats, meetings, minutes, decisions and representation (GV1-GV5), under /instances/."""

from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("", views.body_list, name="body_list"),
    path("export.csv", views.body_export, {"fmt": "csv"}, name="body_export_csv"),
    path("export.xlsx", views.body_export, {"fmt": "xlsx"}, name="body_export_xlsx"),
    path("partenariat/<int:pk>/", views.partnership_bodies, name="partnership_bodies"),
    path("partenariat/<int:pk>/nouvelle/", views.body_create, name="body_create"),
    path(
        "partenariat/<int:pk>/representations/ajouter/", views.representation_add, name="representation_add"
    ),
    path("representations/<int:pk>/modifier/", views.representation_edit, name="representation_edit"),
    path("<int:pk>/", views.body_detail, name="body_detail"),
    path("<int:pk>/modifier/", views.body_edit, name="body_edit"),
    path("<int:pk>/rythme/reprendre/", views.commitment_take_over, name="commitment_take_over"),
    path("<int:pk>/regles/ajouter/", views.rule_add, name="rule_add"),
    path("regles/<int:pk>/modifier/", views.rule_edit, name="rule_edit"),
    path("regles/<int:pk>/supprimer/", views.rule_delete, name="rule_delete"),
    path("<int:pk>/sieges/ajouter/", views.seat_add, name="seat_add"),
    path("sieges/<int:pk>/modifier/", views.seat_edit, name="seat_edit"),
    path("<int:pk>/reunions/ajouter/", views.meeting_create, name="meeting_create"),
    path("reunions/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("reunions/<int:pk>/modifier/", views.meeting_edit, name="meeting_edit"),
    path("reunions/<int:pk>/agenda.ics", views.meeting_ics, name="meeting_ics"),
    path("reunions/<int:pk>/invitations/", views.meeting_invite, name="meeting_invite"),
    path("reunions/<int:pk>/presences/", views.meeting_attendance, name="meeting_attendance"),
    path("reunions/<int:pk>/compte-rendu/", views.meeting_minutes, name="meeting_minutes"),
    path("reunions/<int:pk>/decisions/ajouter/", views.decision_add, name="decision_add"),
    path("reunions/<int:pk>/actions/ajouter/", views.action_add, name="action_add"),
    path("actions/<int:pk>/faite/", views.action_done, name="action_done"),
]
