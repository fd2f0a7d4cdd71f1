"""No personal data or secrets in the logs and the error reports (trust 19).

Three pieces, wired in ``settings.LOGGING`` and ``DEFAULT_EXCEPTION_REPORTER*``:

- ``mask(text)`` replaces what must never be written down: e-mail addresses, bearer and API tokens,
  the tokens carried in paths (private calendar feeds, public registration and cancellation links,
  event feeds, the tutor's evaluation link, the password-reset link), session and CSRF cookies,
  passwords and one-time codes in posted data, and the ``SECRET_KEY`` itself.
- ``MaskSecretsFilter`` is attached to every handler: it masks the message once formatted with its
  arguments, the traceback text and the stack, so a handler added later with the filter is covered
  whatever the logger. ``ErrorReferenceFilter`` adds the reference shown on the 500 page to the
  line logged for that request, so the support finds the line from what the person reads to them.
- ``SafeExceptionReporterFilter`` and ``SafeExceptionReporter``: the report Django e-mails to
  ``ADMINS`` (and would show with ``DEBUG`` on) hides the settings, request headers, posted fields
  and local variables whose names are about secrets or a person, and masks whatever text is left.
"""

import logging
import re

from django.conf import settings
from django.views.debug import ExceptionReporter
from django.views.debug import SafeExceptionReporterFilter as DjangoSafeExceptionReporterFilter

MASK = "[masked]"

# Path segments that carry a secret token: /echeances/calendrier/<token>.ics,
# /evenements/inscription/<token>/, /evenements/desinscription/<token>/,
# /evenements/flux/<token>/..., /stages/evaluation/<token>/, /compte/mot-de-passe/nouveau/<uid>/<token>/.
_TOKEN_SEGMENTS = ("calendrier", "inscription", "desinscription", "flux", "evaluation")
# Names (of fields, headers, settings, variables) whose values are secrets or about a person.
SENSITIVE_NAME = re.compile(
    r"pass|secret|token|api_?key|signature|session|csrf|cookie|otp|recovery|authori[sz]ation"
    r"|e_?mail|phone|telephone|birth|address|first_name|last_name|full_name",
    re.IGNORECASE,
)

_PATTERNS: list[tuple[re.Pattern, str]] = [
    # Tokens in paths (before the e-mail rule, which could eat a part of them).
    (
        re.compile(r"(/(?:" + "|".join(_TOKEN_SEGMENTS) + r")/)(?!nouvelle-adresse/)[\w:-]+"),
        rf"\1{MASK}",
    ),
    (re.compile(r"(/mot-de-passe/nouveau/)[\w:-]+/[\w:-]+"), rf"\1{MASK}/{MASK}"),
    # Authorization headers and tokens given as values.
    (re.compile(r"(\b(?:Bearer|Token|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}", re.IGNORECASE), rf"\1{MASK}"),
    # key=value and "key": "value" pairs whose key names a secret (posted data, query strings, dicts,
    # cookies). The value stops at the pair's separator.
    (
        re.compile(
            r"""(?P<key>["']?[\w-]*(?:pass(?:word|wd)?|secret|token|api_?key|sessionid|session_key|csrftoken|"""
            r"""csrfmiddlewaretoken|otp_?code|recovery_?code|authorization)[\w-]*["']?\s*(?:=|:)\s*)"""
            r"""(?P<quote>\[?["']?)(?P<value>[^&;,'"\s\]}]+)""",
            re.IGNORECASE,
        ),
        rf"\g<key>\g<quote>{MASK}",
    ),
    # E-mail addresses.
    (re.compile(r"[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), MASK),
]


def mask(text: str) -> str:
    """``text`` with every e-mail address, token, session id, password and the secret key masked."""
    if not text:
        return text
    secret_key = getattr(settings, "SECRET_KEY", "") if settings.configured else ""
    if secret_key and secret_key in text:
        text = text.replace(secret_key, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class MaskSecretsFilter(logging.Filter):
    """Masks the record's message, its traceback and its stack; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a badly formatted record is still logged, as its raw text
            message = str(record.msg)
        masked = mask(message)
        if masked != message or record.args:
            record.msg, record.args = masked, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True


class ErrorReferenceFilter(logging.Filter):
    """Adds `` (reference ABC...)`` to the line of a request answered by the 500 page."""

    def filter(self, record: logging.LogRecord) -> bool:
        reference = getattr(getattr(record, "request", None), "error_reference", None)
        if reference and not getattr(record, "error_reference", None):
            record.error_reference = reference
            record.msg, record.args = f"{record.getMessage()} (reference {reference})", None
        return True


class SafeExceptionReporterFilter(DjangoSafeExceptionReporterFilter):
    """Django's filter, extended to personal data: settings, headers, cookies, posted fields and local
    variables whose names are about a secret or a person are replaced, the rest is masked."""

    hidden_settings = re.compile(
        r"API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE|EMAIL|ADMINS|MANAGERS|DSN|URL",
        flags=re.IGNORECASE,
    )

    def cleanse_setting(self, key, value):
        if isinstance(key, str) and SENSITIVE_NAME.search(key):
            return self.cleansed_substitute
        value = super().cleanse_setting(key, value)
        return mask(value) if isinstance(value, str) else value

    def get_post_parameters(self, request):
        if request is None:
            return {}
        parameters = request.POST.copy()
        for key in parameters:
            if SENSITIVE_NAME.search(key):
                parameters[key] = self.cleansed_substitute
            else:
                parameters.setlist(key, [mask(str(value)) for value in parameters.getlist(key)])
        return parameters

    def get_traceback_frame_variables(self, request, tb_frame):
        cleansed = []
        for name, value in super().get_traceback_frame_variables(request, tb_frame):
            if SENSITIVE_NAME.search(name):
                value = self.cleansed_substitute
            elif isinstance(value, str):
                value = mask(value)
            cleansed.append((name, value))
        return cleansed


class SafeExceptionReporter(ExceptionReporter):
    """The report (text for the e-mail to ADMINS, HTML when attached), masked as a whole: the request's
    path and query string, exception messages (a database error quoting an e-mail address) and the
    representation of any local variable go through ``mask``."""

    def get_traceback_text(self):
        return mask(super().get_traceback_text())

    def get_traceback_html(self):
        return mask(super().get_traceback_html())
