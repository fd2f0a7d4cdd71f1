"""A form posted twice (double click, back and resend) acts once (trust 23), on every form.

Design: the token travels in the form, the check is made in one place.

- Every ``<form method="post">`` of the product that creates something or performs an act carries
  ``{% submission_field %}`` next to its ``{% csrf_token %}`` (the core form page,
  ``core/form_page.html``, always does). Each rendering of a form gets a new random token.
- ``OncePerSubmissionMiddleware`` applies the check to *any* POST carrying a token, whatever the
  view: the first POST claims the token (atomically, ``cache.add``) and, when it ends in a redirect,
  records where it led. Another POST with the same token does not reach the view: it is sent where
  the first one went with « Ce formulaire avait déjà été envoyé », or back to the page while the
  first one is still being saved. A POST whose form was refused (any answer but a redirect) frees
  its token, so the person corrects and sends again.

A middleware rather than a decorator on each view: a view cannot forget it, and a new app's forms are
protected by writing the tag. ``tests/test_double_submit_walk.py`` posts every form of the access walk
twice and checks that every POST form of those pages carries the token, with the few justified
exceptions (logout, language and organisation switches: nothing is created, repeating them is
harmless). ``@once_per_submission`` stays for a view reached outside the middleware chain.

The cache is shared by every process in production (the database cache, ``PARTENARIA_CACHE``), so a
second click landing on another process is caught too. Keys are per person (or anonymous visitor)
and token: a token cannot be replayed by someone else.
"""

import functools
import secrets

from django.contrib import messages
from django.core.cache import cache
from django.shortcuts import redirect
from django.utils.translation import gettext as _

FIELD = "submission"
TTL = 6 * 3600
_PENDING = "pending"
_REDIRECTS = (301, 302, 303)


def new_token() -> str:
    return secrets.token_urlsafe(16)


def _key(request, token: str) -> str:
    return f"submission:{getattr(getattr(request, 'user', None), 'pk', None)}:{token}"


def _posted_token(request) -> str:
    if request.method != "POST":
        return ""
    token = request.POST.get(FIELD, "")
    return token if 0 < len(token) <= 64 else ""


def run_once(request, call):
    """Run ``call()`` (the view, or the rest of the middleware chain) once per posted token."""
    token = _posted_token(request)
    if not token:
        return call()
    key = _key(request, token)
    if not cache.add(key, _PENDING, timeout=TTL):
        first = cache.get(key)
        if first and first != _PENDING:
            messages.info(request, _("This form had already been sent: it was saved once."))
            return redirect(first)
        messages.info(request, _("This form is already being saved."))
        return redirect(request.get_full_path())
    try:
        response = call()
    except BaseException:
        cache.delete(key)
        raise
    if response.status_code in _REDIRECTS and response.get("Location"):
        cache.set(key, response["Location"], timeout=TTL)
    else:
        cache.delete(key)  # refused: the person corrects and sends again
    return response


class OncePerSubmissionMiddleware:
    """Placed after the authentication and messages middleware (it needs the person and messages)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._once_checked = True
        return run_once(request, lambda: self.get_response(request))


def once_per_submission(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request, "_once_checked", False):
            return view(request, *args, **kwargs)
        request._once_checked = True
        return run_once(request, lambda: view(request, *args, **kwargs))

    wrapper.once_per_submission = True
    return wrapper
