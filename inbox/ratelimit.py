"""Per-IP and per-email submission limits over Django's cache (fixed windows).

``hit()`` is plain arithmetic over any cache object; ``check_rate_limit()`` applies the configured
limits to a request and an email address. Limits come from ``INBOX_RATE_LIMITS``.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache as default_cache

DEFAULT_LIMITS = {
    # scope: (how many submissions, per how many seconds)
    "ip": (5, 600),
    "email": (3, 600),
}


class RateLimited(Exception):
    """Too many submissions; ``retry_after`` is in whole seconds."""

    def __init__(self, retry_after, scope=""):
        self.retry_after = max(1, int(retry_after))
        self.scope = scope
        super().__init__(f"Rate limited ({scope}); retry after {self.retry_after} s")


@dataclass(frozen=True)
class Result:
    allowed: bool
    retry_after: int = 0
    scope: str = ""


def _now():
    return time.time()


def limits():
    configured = getattr(settings, "INBOX_RATE_LIMITS", None) or {}
    return {**DEFAULT_LIMITS, **configured}


def _key(scope, ident, window, bucket):
    digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"inbox:rl:{scope}:{window}:{bucket}:{digest}"


def hit(cache, scope, ident, limit, window, now=None):
    """Count one attempt in the current window; (allowed, seconds until the window ends)."""
    now = _now() if now is None else now
    bucket = int(now // window)
    key = _key(scope, ident, window, bucket)
    cache.add(key, 0, timeout=window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 5)
        count = 1
    retry_after = math.ceil((bucket + 1) * window - now)
    return count <= limit, retry_after


def client_ip(request):
    """REMOTE_ADDR, or behind N trusted proxies the address the outermost of them saw.

    Proxies append to X-Forwarded-For, so only the last N entries are trustworthy; anything a
    client wrote itself sits to their left and is ignored.
    """
    if request is None:
        return ""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if not proxies and getattr(settings, "INBOX_TRUST_X_FORWARDED_FOR", False):
        proxies = 1
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def check_rate_limit(request, email, cache=None, now=None):
    """Count this submission against the IP and the email limits; the first one exceeded wins."""
    cache = cache or default_cache
    configured = limits()
    idents = {"ip": client_ip(request), "email": (email or "").strip().lower()}
    for scope, ident in idents.items():
        if not ident or scope not in configured:
            continue
        limit, window = configured[scope]
        allowed, retry_after = hit(cache, scope, ident, limit, window, now=now)
        if not allowed:
            return Result(False, retry_after, scope)
    return Result(True)


def enforce(request, email):
    """Raise RateLimited when this submission is over a limit."""
    result = check_rate_limit(request, email)
    if not result.allowed:
        raise RateLimited(result.retry_after, result.scope)
    return result
