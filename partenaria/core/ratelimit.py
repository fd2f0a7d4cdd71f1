"""Rate limits on the pages that cost the most or leak the most at once (trust 11): exports, logins.

One line on a view::

    @rate_limited("export")
    def convention_export(request, fmt): ...

(on a class-based view: ``@method_decorator(rate_limited("export"), name="dispatch")``).

Each scope has a rate in ``settings.PARTENARIA_RATE_LIMITS`` ("60/hour": 60 requests per hour),
counted per signed-in person, or per client address for anonymous requests. Beyond it the answer is
a 429 with ``Retry-After`` and a page saying when to come back. The API has its own throttles with
the same behaviour (``partenaria.accounts.api``). Counters live in the default cache, shared by
every process through the database in production (``PARTENARIA_CACHE``, settings.py). ``tests/core/test_ratelimit.py`` fails on any export route without a limit.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """ "60/hour" -> (60, 3600)."""
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip().lower()]


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind DJANGO_NUM_PROXIES proxies the address the nearest one forwarded
    (None when the request has none, as in a request built by code)."""
    proxies = getattr(settings, "NINJA_NUM_PROXIES", None)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def _ident(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_address(request) or 'unknown'}"


def hit(scope: str, ident: str) -> int | None:
    """Count one request; the seconds to wait when over the limit, else None."""
    count, period = parse_rate(settings.PARTENARIA_RATE_LIMITS[scope])
    now = int(time.time())
    window = now // period
    key = f"ratelimit:{scope}:{ident}:{window}"
    cache.add(key, 0, timeout=period + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 1)
        used = 1
    if used > count:
        return (window + 1) * period - now
    return None


def too_many_requests(request, retry_after: int):
    response = render(request, "core/429.html", {"minutes": max(1, -(-retry_after // 60))}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(scope: str, *, methods: tuple[str, ...] | None = None):
    """Refuse with a 429 the requests of ``scope`` beyond its rate (only ``methods`` if given)."""
    if scope not in settings.PARTENARIA_RATE_LIMITS:
        raise ValueError(f"Unknown rate-limit scope {scope!r}: add it to PARTENARIA_RATE_LIMITS.")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if methods is None or request.method in methods:
                wait = hit(scope, _ident(request))
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        wrapper.rate_limit_scope = scope
        return wrapper

    return decorator
