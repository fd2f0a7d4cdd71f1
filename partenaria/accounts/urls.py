from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import StyledPasswordChangeForm, StyledPasswordResetForm, StyledSetPasswordForm

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/mes-donnees.json", views.my_data_export, {"fmt": "json"}, name="my_data_json"),
    path("mes-donnees/mes-donnees.zip", views.my_data_export, {"fmt": "zip"}, name="my_data_zip"),
    path("mes-donnees/effacement/", views.erasure_request, name="erasure_request"),
    path("connexion/", views.LoginView.as_view(), name="login"),
    # Two-factor authentication (trust 8).
    path("double-authentification/activer/", views.two_factor_setup, name="two_factor_setup"),
    path("double-authentification/code/", views.two_factor_verify, name="two_factor_verify"),
    path(
        "double-authentification/codes-de-secours/", views.recovery_codes_renew, name="recovery_codes_renew"
    ),
    path("double-authentification/desactiver/", views.two_factor_disable, name="two_factor_disable"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("organisation/", views.switch_organisation, name="switch_organisation"),
    # A person invited without a password, or who forgot it, sets one through a link sent by e-mail.
    path(
        "mot-de-passe/oublie/",
        views.PasswordResetView.as_view(
            form_class=StyledPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path("mot-de-passe/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            form_class=StyledSetPasswordForm, success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/enregistre/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
    path(
        "mot-de-passe/changer/",
        # Named in accounts/: the admin's registration/ templates of the same name come first.
        auth_views.PasswordChangeView.as_view(
            form_class=StyledPasswordChangeForm,
            success_url=reverse_lazy("accounts:password_change_done"),
            template_name="accounts/password_change_form.html",
        ),
        name="password_change",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
