"""The REST API under /api/v1/: same visibility rules as the pages (CV, DP1).

- Authentication: bearer tokens only (partenaria.accounts.api); no session cookie, hence no CSRF.
- Errors are JSON: {"detail": "..."}; bad input is a 400 with {"detail", "errors": {field: [...]}},
  never a 422 or a 500. Another tenant's object is a 404, acting without the role a 403.
- The routes are exempt from LoginRequiredMiddleware: an anonymous call gets a 401 JSON answer,
  not a redirect to the login page. The schema and its documentation page are public.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from partenaria.accounts.api import BearerAuth, UserRateThrottle
from partenaria.accounts.api import router as auth_router
from partenaria.conventions.api import partnership_router
from partenaria.conventions.api import router as convention_router
from partenaria.internships.api import router as internship_router
from partenaria.organisations.api import router as organisation_router

# Readable messages for what pydantic refuses, by error type. Django's own wording where it has one,
# so that the French catalogue already translates them.
_PYDANTIC_MESSAGES = {
    "missing": N_("This field is required."),
    "int_parsing": N_("Enter a whole number."),
    "int_type": N_("Enter a whole number."),
    "int_from_float": N_("Enter a whole number."),
    "date_parsing": N_("Enter a valid date."),
    "date_type": N_("Enter a valid date."),
    "date_from_datetime_parsing": N_("Enter a valid date."),
    "date_from_datetime_inexact": N_("Enter a valid date."),
    "datetime_parsing": N_("Enter a valid date/time."),
    "bool_parsing": N_("Enter true or false."),
    "bool_type": N_("Enter true or false."),
    "string_type": N_("Enter a text."),
    "string_too_long": N_("Ensure this value has at most %(max_length)s characters."),
    "list_type": N_("Enter a list."),
    "model_type": N_("Enter an object."),
    "model_attributes_type": N_("Enter an object."),
    "dict_type": N_("Enter an object."),
    "json_invalid": N_("The body is not valid JSON."),
    "greater_than_equal": N_("Ensure this value is greater than or equal to %(limit_value)s."),
    "less_than_equal": N_("Ensure this value is less than or equal to %(limit_value)s."),
}
_CONTAINERS = {"body", "payload", "query", "path", "header", "cookie", "form", "pagination", "filters"}


def _field_of(loc) -> str:
    names = [part for part in loc if isinstance(part, str) and part not in _CONTAINERS]
    return names[0] if names else "__all__"


def _message_of(error: dict) -> str:
    if error.get("type") == "value_error" and (error.get("ctx") or {}).get("error"):
        return str(error["ctx"]["error"])  # raised by our own validators, already translated
    template = _PYDANTIC_MESSAGES.get(error.get("type", ""))
    if template is None:
        return _("This value is not valid.")
    ctx = dict(error.get("ctx") or {})
    ctx.setdefault("limit_value", ctx.get("ge", ctx.get("le", "")))
    try:
        return _(template) % ctx if "%(" in template else _(template)
    except (KeyError, TypeError):
        return _("This value is not valid.")


class PartenariaAPI(NinjaAPI):
    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        _exempt_from_login(patterns)
        return patterns, app_name, namespace


def _exempt_from_login(patterns) -> None:
    """The API authenticates by bearer token itself: LoginRequiredMiddleware must not redirect it."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _exempt_from_login(pattern.url_patterns)
        else:
            login_not_required(pattern.callback)


api = PartenariaAPI(
    title="Partenaria API",
    version="1",
    description=(
        "Partnership conventions between public authorities and social-work schools. "
        "Get a token with POST /api/v1/auth/token, then send `Authorization: Bearer <token>`. "
        "Every answer shows only the partnerships of the user's organisations."
    ),
    urls_namespace="api-1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=BearerAuth(),
    throttle=[UserRateThrottle()],
)


@api.exception_handler(NinjaValidationError)
def _bad_input(request, exc: NinjaValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_of(error.get("loc", ())), []).append(_message_of(error))
    first = next(iter(errors.values()))[0] if errors else _("This value is not valid.")
    return api.create_response(request, {"detail": first, "errors": errors}, status=400)


@api.exception_handler(DjangoValidationError)
def _refused(request, exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    first = next(iter(errors.values()))[0] if errors else _("This value is not valid.")
    return api.create_response(request, {"detail": first, "errors": errors}, status=400)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc: PermissionDenied):
    detail = str(exc) or _("You are not allowed to do this.")
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc: AuthenticationError):
    response = api.create_response(
        request,
        {"detail": _("Authentication required: send a valid token as « Authorization: Bearer <token> ».")},
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


api.add_router("/auth", auth_router)
api.add_router("/conventions", convention_router)
api.add_router("/partnerships", partnership_router)
api.add_router("/organisations", organisation_router)
api.add_router("/internships", internship_router)
