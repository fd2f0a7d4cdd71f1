"""The allocation assistant of a campaign (IN9), mounted at /stages/affectation/."""

from django.urls import path

from . import views as v

app_name = "allocation"

urlpatterns: list = [
    path("campagnes/<int:campaign_pk>/", v.assistant, name="assistant"),
    path("campagnes/<int:campaign_pk>/lancer/", v.run, name="run"),
    path("campagnes/<int:campaign_pk>/probleme.json", v.export_problem, name="export_problem"),
    path("campagnes/<int:campaign_pk>/resultat.json", v.export_result, name="export_result"),
    path("campagnes/<int:campaign_pk>/accepter/", v.accept, name="accept"),
    path("campagnes/<int:campaign_pk>/etudiants/<int:student_pk>/", v.student_wishes, name="student_wishes"),
    path("campagnes/<int:campaign_pk>/sites/<int:site_pk>/", v.site_location, name="site_location"),
    path("campagnes/<int:campaign_pk>/etudiants/<int:student_pk>/verrouiller/", v.lock, name="lock"),
    path("campagnes/<int:campaign_pk>/etudiants/<int:student_pk>/deverrouiller/", v.unlock, name="unlock"),
]
