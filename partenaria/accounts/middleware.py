"""Sends a person to the second step of the login, or to set up two-factor authentication (trust 8)."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import two_factor

# Pages a person whose code is still awaited may reach: the second step itself, logging out, and the
# public pages (login, password reset, accessibility statement, static files, the token API).
_ALLOWED_NAMESPACES = {"core", "api-1"}
_ALLOWED_ACCOUNT_PAGES = {
    "login",
    "logout",
    "two_factor_verify",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def _with_next(url_name: str, request) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        state = two_factor.session_state(request)
        if state == two_factor.VERIFIED:
            return None
        match = request.resolver_match  # set by Django before process_view
        namespace = match.namespaces[0] if match.namespaces else ""
        if namespace in _ALLOWED_NAMESPACES or request.path_info.startswith(settings.STATIC_URL):
            return None
        if namespace == "accounts" and match.url_name in _ALLOWED_ACCOUNT_PAGES:
            return None
        if state == two_factor.PENDING:
            return redirect(_with_next("accounts:two_factor_verify", request))
        if namespace in settings.PARTENARIA_TWO_FACTOR_NAMESPACES and two_factor.requires_two_factor(
            request.user, request.memberships
        ):
            return redirect(_with_next("accounts:two_factor_setup", request))
        return None
