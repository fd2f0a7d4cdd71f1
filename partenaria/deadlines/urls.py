from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.deadline_list, name="list"),
    path("export.csv", views.deadline_export, name="export"),
    path("agenda/<str:key>.ics", views.deadline_ics, name="ics"),
    path("calendrier/<str:token>.ics", views.calendar_feed, name="feed"),
    path("calendrier/nouvelle-adresse/", views.calendar_token_regenerate, name="regenerate_token"),
]
