"""A form posted twice (double click, back and resend) creates one object (trust 23).

Two lines on a create page: ``{% submission_field %}`` inside the form, ``@once_per_submission`` on
the view. Each rendering of the form carries a random token; the first POST with it claims the token
(atomically, in the cache) and, when it succeeds with a redirect, records where it led. Another POST
with the same token does not run the view again: it is sent where the first one went, or back to
the form while the first one is still being saved. A POST whose form was refused frees its token.
The cache is shared by every process in production (the database cache, ``PARTENARIA_CACHE``).
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


def new_token() -> str:
    return secrets.token_urlsafe(16)


def _key(request, token: str) -> str:
    return f"submission:{getattr(request.user, 'pk', None)}:{token}"


def once_per_submission(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        token = request.POST.get(FIELD, "") if request.method == "POST" else ""
        if not token or len(token) > 64:
            return view(request, *args, **kwargs)
        key = _key(request, token)
        if not cache.add(key, _PENDING, timeout=TTL):
            first = cache.get(key)
            if first and first != _PENDING:
                messages.info(request, _("This form had already been sent: it was saved once."))
                return redirect(first)
            messages.info(request, _("This form is already being saved."))
            return redirect(request.get_full_path())
        try:
            response = view(request, *args, **kwargs)
        except BaseException:
            cache.delete(key)
            raise
        if response.status_code in (301, 302, 303) and response.get("Location"):
            cache.set(key, response["Location"], timeout=TTL)
        else:
            cache.delete(key)  # refused: the person corrects and sends again
        return response

    wrapper.once_per_submission = True
    return wrapper
