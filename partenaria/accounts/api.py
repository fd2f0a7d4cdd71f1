"""API authentication: bearer tokens, the token endpoint, rate limits and the shared error schemas.

A client trades an e-mail and a password for a token (POST /api/v1/auth/token), then sends it as
``Authorization: Bearer <token>``. Only the token's hash is stored (``ApiToken``). The API never
uses the session cookie, so it needs no CSRF token.
"""

import datetime
from typing import Annotated

from django.conf import settings
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle, AuthRateThrottle
from pydantic import AfterValidator

from partenaria.core.text import clean_text

from .models import ApiToken, hash_token

# last_used_at is written at most this often per token, so that reading costs no write.
LAST_USED_GRANULARITY = datetime.timedelta(minutes=1)


# --- Shared types and schemas --------------------------------------------------------------------

# Primary keys are 64-bit: a larger number is refused as bad input, never sent to the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
PAGE_SIZE = 100


def _storable_text(value: str) -> str:
    # PostgreSQL refuses NUL characters, and a lone surrogate cannot be encoded: refuse both here.
    if "\x00" in value:
        raise ValueError(_("Null characters are not allowed."))
    try:
        value.encode()
    except UnicodeEncodeError:
        raise ValueError(_("Enter valid text.")) from None
    return clean_text(value)


# Every text that comes in, in a body or a query, is a Text.
Text = Annotated[str, AfterValidator(_storable_text)]


# Pages are small by default (what a list screen shows); clients may ask for up to PAGE_SIZE.
DEFAULT_PAGE_SIZE = 25


class Pagination(LimitOffsetPagination):
    """limit/offset with bounds, so that no generated number reaches the database unchecked."""

    class Input(Schema):
        limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=PAGE_SIZE)
        offset: int = Field(0, ge=0, le=2**31 - 1)


class ErrorOut(Schema):
    detail: str


class ValidationErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


# --- Authentication ------------------------------------------------------------------------------


class BearerAuth(HttpBearer):
    """Finds a valid (unexpired, active user) token by its hash and signs its user in for the call."""

    def authenticate(self, request, token: str) -> ApiToken | None:
        token = token.strip()
        if not token or len(token) > 200:
            return None
        api_token = ApiToken.objects.valid().select_related("user").filter(key_hash=hash_token(token)).first()
        if api_token is None:
            return None
        now = timezone.now()
        if api_token.last_used_at is None or now - api_token.last_used_at >= LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        request.user = api_token.user
        return api_token


# --- Rate limits (trust 11) ----------------------------------------------------------------------


class _SettingRate:
    """Reads its rate from a setting at each call, so that tests and deployments can change it."""

    setting_name: str
    default_rate: str

    def __init__(self):
        super().__init__(rate=self.default_rate)

    def allow_request(self, request) -> bool:
        rate = getattr(settings, self.setting_name, None) or self.default_rate
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)


class UserRateThrottle(_SettingRate, AuthRateThrottle):
    """Authenticated calls, counted per user whatever the token (PARTENARIA_API_RATE)."""

    scope = "api_user"
    setting_name = "PARTENARIA_API_RATE"
    default_rate = "1000/hour"

    def get_cache_key(self, request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": user.pk}
        return super().get_cache_key(request)


class TokenRateThrottle(_SettingRate, AnonRateThrottle):
    """Attempts to get a token, counted per client address (PARTENARIA_API_TOKEN_RATE)."""

    scope = "api_token"
    setting_name = "PARTENARIA_API_TOKEN_RATE"
    default_rate = "20/min"

    def get_ident(self, request):
        # X-Forwarded-For is trusted only when NINJA_NUM_PROXIES says how many proxies set it;
        # otherwise anyone could send a new address with each attempt.
        from ninja.conf import settings as ninja_settings

        if ninja_settings.NUM_PROXIES is None:
            return request.META.get("REMOTE_ADDR")
        return super().get_ident(request)


# --- Token endpoint ------------------------------------------------------------------------------


class TokenIn(Schema):
    email: Text = Field(..., max_length=254)
    password: Text = Field(..., max_length=4096)


class TokenOut(Schema):
    token: str
    expires_at: datetime.datetime


router = Router(tags=["authentication"])


@router.post(
    "/token",
    auth=None,
    throttle=[TokenRateThrottle()],
    response={200: TokenOut, 401: ErrorOut},
    summary="Get a bearer token",
)
def token_create(request, payload: TokenIn):
    """Trade an e-mail address and a password for a bearer token, valid for a limited number of days.

    Send it afterwards as `Authorization: Bearer <token>`. The token is shown once: only its hash is kept.
    """
    user = authenticate(request, email=payload.email.strip(), password=payload.password)
    if user is None or not user.is_active:
        return Status(401, {"detail": _("Wrong e-mail address or password, or the account is disabled.")})
    token, raw = ApiToken.issue(user)
    return Status(200, {"token": raw, "expires_at": token.expires_at})
