"""The product's own error pages (trust 19): French, in the product's layout, echoing nothing.

``handler500`` answers an unexpected error with a page that gives a reference and nothing else (no
traceback, no data, no path); the same reference is added to the error's line in the log
(``core.logging.ErrorReferenceFilter``), so the support finds it from what the person reads out.
``handler400`` does the same for a malformed request. 403 and 404 are Django's handlers with the
templates ``403.html`` and ``404.html``. Every error template empties the language switch's ``next``
field, which otherwise repeats the path (a calendar feed or an evaluation link carries its token).
"""

import secrets

from django.http import HttpResponseBadRequest, HttpResponseServerError
from django.template import loader


def new_reference() -> str:
    """A short reference a person can read over the phone: 10 characters, no 0/O or 1/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


def server_error(request, template_name: str = "500.html"):
    # Rendered without the request: no context processor, no query (the database may be the cause).
    reference = getattr(request, "error_reference", None) or new_reference()
    request.error_reference = reference
    return HttpResponseServerError(loader.get_template(template_name).render({"reference": reference}))


def bad_request(request, exception, template_name: str = "400.html"):
    return HttpResponseBadRequest(loader.get_template(template_name).render({}))
