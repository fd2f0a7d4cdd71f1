"""Teaching cooperation: interventions of the authority's agents at the school, their approval, the
annual programme (PD1-PD7)."""

from django.urls import path

from . import views as v

app_name = "teaching"
IV = "interventions/<int:pk>/"
P = "partenariat/<int:pk>/"

urlpatterns: list = [
    path("", v.index, name="index"),
    path(P + "intervention/nouvelle/", v.intervention_create, name="intervention_create"),
    path(IV, v.intervention_detail, name="intervention_detail"),
    path(IV + "modifier/", v.intervention_edit, name="intervention_edit"),
    path(IV + "demander-accord/", v.intervention_request, name="intervention_request"),
    path(IV + "decision/", v.intervention_decide, name="intervention_decide"),
    path(IV + "confirmer/", v.intervention_confirm, name="intervention_confirm"),
    path(IV + "annuler/", v.intervention_cancel, name="intervention_cancel"),
    path("convention/<int:pk>/programme-annuel/", v.programme_duty, name="programme_duty"),
    # The partnership's programme of a school year.
    path("programme/<int:partnership_pk>/<int:year>/", v.programme, name="programme"),
    path("programme/<int:partnership_pk>/<int:year>/envoyer/", v.programme_send, name="programme_send"),
    path("offres-d-emploi/", v.job_offers, name="job_offers"),
    path(P + "offres-d-emploi/ajouter/", v.job_offer_create, name="job_offer_create"),
    path("offres-d-emploi/<int:pk>/relayer/", v.job_offer_relay, name="job_offer_relay"),
    path("centre-de-documentation/", v.documentation, name="documentation"),
    path(P + "centre-de-documentation/inscrire/", v.documentation_register, name="documentation_register"),
    path(
        "centre-de-documentation/<int:pk>/retirer/", v.documentation_withdraw, name="documentation_withdraw"
    ),
    path("qualifications/", v.qualifications, name="qualifications"),
    path(P + "qualifications/ajouter/", v.qualification_create, name="qualification_create"),
    path("qualifications/<int:pk>/statut/", v.qualification_status, name="qualification_status"),
    path("intervenants/", v.speakers, name="speakers"),
    path(P + "intervenants/ajouter/", v.speaker_create, name="speaker_create"),
    path("intervenants/<int:pk>/", v.speaker_detail, name="speaker_detail"),
]
