from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nouvelle/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/modifier/", views.organisation_edit, name="edit"),
    path("<int:pk>/logo/", views.organisation_logo, name="logo"),
    path("<int:pk>/unites/nouvelle/", views.unit_create, name="unit_create"),
    path("<int:pk>/unites/<int:unit_pk>/modifier/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/unites/<int:unit_pk>/supprimer/", views.unit_delete, name="unit_delete"),
    path("<int:pk>/personnes/nouvelle/", views.person_create, name="person_create"),
    path("<int:pk>/personnes/<int:person_pk>/modifier/", views.person_edit, name="person_edit"),
    path("<int:pk>/membres/", views.member_list, name="members"),
    path("<int:pk>/membres/ajouter/", views.member_invite, name="member_invite"),
    path("<int:pk>/membres/<int:membership_pk>/role/", views.member_role, name="member_role"),
    path(
        "<int:pk>/membres/<int:membership_pk>/desactiver/", views.member_deactivate, name="member_deactivate"
    ),
]
