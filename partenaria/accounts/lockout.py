"""Lockout after repeated failed logins (trust 9), with django-axes.

The login page posts ``username``, the API's token endpoint authenticates with ``email``: both count
against the same account, lower-cased. Settings: AXES_* in partenaria/settings.py (5 failures, then
15 minutes during which even the right password is refused; a success resets the count).
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from partenaria.core import ratelimit

LOCKED_STATUS = 429


def username_of(request, credentials) -> str | None:
    credentials = credentials or {}
    value = credentials.get("username") or credentials.get("email")
    if value is None and request is not None and request.method == "POST":
        value = request.POST.get("username") or request.POST.get("email")
    return value.strip().lower() if isinstance(value, str) else None


def client_address(request) -> str | None:
    # Recorded with each attempt; the same rule as the rate limits (DJANGO_NUM_PROXIES).
    return ratelimit.client_address(request)


class LockoutBackend(AxesStandaloneBackend):
    """Refuses any attempt on a locked-out account before the password is even checked.

    An authentication without a request (a shell, the test client's ``login``) has no client to
    lock out: it is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """The answer to an attempt on a locked-out account: a page for people, JSON for the API."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request.path.startswith("/api/"):
        detail = _("Too many failed attempts: this account is locked for %(minutes)s minutes.") % {
            "minutes": minutes
        }
        response = JsonResponse({"detail": detail}, status=LOCKED_STATUS)
    else:
        response = render(request, "registration/locked_out.html", {"minutes": minutes}, status=LOCKED_STATUS)
    response["Retry-After"] = str(minutes * 60)
    return response
