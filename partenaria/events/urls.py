"""Events, their programme and registrations, the news of the resource poles (EV1, EV3, EV4)."""

from django.urls import path

from . import views as v

app_name = "events"
E = "<int:pk>/"
R = E + "inscrits/<int:registration_pk>/"

urlpatterns: list = [
    path("", v.event_list, name="list"),
    path("nouveau/", v.event_create, name="create"),
    path(E, v.event_detail, name="detail"),
    path(E + "modifier/", v.event_edit, name="edit"),
    path(E + "quotas/ajouter/", v.quota_add, name="quota_add"),
    path(E + "quotas/<int:quota_pk>/modifier/", v.quota_edit, name="quota_edit"),
    path(E + "programme/ajouter/", v.session_add, name="session_add"),
    path(E + "agenda.ics", v.event_ics, name="ics"),
    path(E + "inscription/", v.register, name="register"),
    path(E + "inscrits/", v.registration_list, name="registrations"),
    path(E + "emargement.xlsx", v.attendance_xlsx, name="attendance_xlsx"),
    path(E + "emargement.pdf", v.attendance_pdf, name="attendance_pdf"),
    path(R + "presence/", v.check_in, name="check_in"),
    path(R + "annuler/", v.registration_cancel_by_manager, name="registration_cancel"),
    path("actualites/", v.news_list, name="news"),
    path("actualites/publier/", v.news_add, name="news_add"),
    # Without an account: the secret is in the address.
    path("inscription/<str:token>/", v.public_register, name="public_register"),
    path("desinscription/<str:token>/", v.cancel, name="cancel"),
    path("flux/<str:token>/actualites.atom", v.news_feed, name="feed_news"),
    path("flux/<str:token>/evenements.ics", v.events_feed, name="feed_ics"),
]
