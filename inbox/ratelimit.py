"""Per-IP and per-email submission limits, counted by django-ratelimit in the shared cache.

``check_rate_limit()`` applies the configured limits to a request and an email address; limits come
from ``INBOX_RATE_LIMITS``. django-ratelimit counts in the cache named by ``RATELIMIT_USE_CACHE``
(the default cache: Redis when ``REDIS_URL`` is set, so every app server shares the counts). A
refused submission raises ``RateLimited``, which inbox/middleware.py turns into the friendly 429
page that gives the visitor back what they typed.
"""

from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage

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


def limits():
    configured = getattr(settings, "INBOX_RATE_LIMITS", None) or {}
    return {**DEFAULT_LIMITS, **configured}


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


def check_rate_limit(request, email):
    """Count this submission against the IP and the email limits; the first one exceeded wins."""
    configured = limits()
    idents = {"ip": client_ip(request), "email": (email or "").strip().lower()}
    for scope, ident in idents.items():
        if not ident or scope not in configured:
            continue
        usage = get_usage(
            request,
            group=f"inbox.{scope}",
            key=lambda _group, _request, ident=ident: ident,
            rate=tuple(configured[scope]),
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            # the window's last second still counts: the next submission goes through one after
            return Result(False, usage["time_left"] + 1, scope)
    return Result(True)


def enforce(request, email):
    """Raise RateLimited when this submission is over a limit."""
    result = check_rate_limit(request, email)
    if not result.allowed:
        raise RateLimited(result.retry_after, result.scope)
    return result
