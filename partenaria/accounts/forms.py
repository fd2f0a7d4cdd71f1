from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.utils.translation import gettext_lazy as _

from partenaria.core.forms import StyledFormMixin


class EmailAuthenticationForm(StyledFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )


class StyledPasswordResetForm(StyledFormMixin, PasswordResetForm):
    def get_users(self, email):
        # Unlike Django's default, accounts created by an administrator without a password are
        # included: this link is how an invited person chooses their first password.
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)


class StyledSetPasswordForm(StyledFormMixin, SetPasswordForm):
    pass


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class TwoFactorCodeForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("The 6 digits your app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class TwoFactorEnableForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"),
        max_length=10,
        help_text=_("6 digits; a new one every 30 seconds."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
