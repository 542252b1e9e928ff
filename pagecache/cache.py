"""The anonymous page cache: what may be stored, under which key, and how it is invalidated.

Whole responses of public pages are kept in Django's default cache (local memory, or Redis when
``REDIS_URL`` is set). Every key contains a *generation*; any change to content that a public page
may show bumps the generation, so all earlier entries stop being found at once and expire on their
own. The generation is kept where every process sees it (``portal.generation``): the admin publishes
in one gunicorn worker, the page is served by another. If it cannot be read, nothing is served from
or stored in the cache.

CSRF tokens are never stored: before a body is cached, every masked token of the visitor's CSRF
secret is replaced by a placeholder, and each response served from the cache gets a fresh token for
its own visitor (``get_token``), which also makes ``CsrfViewMiddleware`` set the visitor's cookie.
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

from portal.generation import Generation

CSRF_PLACEHOLDER = b"__pagecache_csrf_token__"
HIT, MISS, BYPASS = "hit", "miss", "bypass"
HEADER = "X-Page-Cache"

# Paths that are personal, admin-only, or change per request: never read from or written to the cache.
DEFAULT_EXCLUDED_PREFIXES = (
    "/admin/",
    "/accounts/",
    "/my-librarian/",
    "/api/",
    "/documents/",
    "/media/",
    "/static/",
    "/bench/",
    "/healthz",
    "/django-admin/",
)
MAX_QUERY_STRING = 256
_TOKEN_RE = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")


def timeout():
    """How long a page is kept, in seconds; 0 switches the cache off."""
    return int(getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 0) or 0)


def excluded_prefixes():
    return tuple(getattr(settings, "PORTAL_PAGE_CACHE_EXCLUDE", DEFAULT_EXCLUDED_PREFIXES))


GENERATION = Generation("pagecache")


def generation():
    return GENERATION.current()


def bump():
    """Invalidate every cached page (called whenever content a public page may show changes)."""
    if not timeout():
        return
    GENERATION.bump()


def request_key(request):
    """host + path + sorted query string (and the scheme: absolute links differ between them), under
    the current generation; None when the generation cannot be read."""
    current = generation()
    if current is None:
        return None
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    raw = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"pagecache:{current}:{digest}"


def request_is_cacheable(request):
    """Only anonymous GET/HEAD requests without a session or pending messages use the cache."""
    if request.method not in ("GET", "HEAD"):
        return False
    if not timeout():
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies:
        return False  # possibly signed in: never share
    if getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies:
        return False  # flash messages are personal
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not request.path.startswith(excluded_prefixes())


def _csrf_secret_of(token):
    """The secret behind a masked CSRF token (Django's own masking, reversed)."""
    chars = CSRF_ALLOWED_CHARS
    mask, cipher = token[:CSRF_SECRET_LENGTH], token[CSRF_SECRET_LENGTH:]
    pairs = zip((chars.index(x) for x in cipher), (chars.index(y) for y in mask), strict=True)
    return "".join(chars[x - y] for x, y in pairs)


def strip_csrf_tokens(request, content):
    """Replace every masked token of this visitor's CSRF secret with the placeholder.

    Returns (content, found). Tokens may sit in hidden inputs, meta tags or data attributes.
    """
    secret = request.META.get("CSRF_COOKIE")
    if not secret or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return content, False
    found = False

    def replace(match):
        nonlocal found
        if _csrf_secret_of(match.group(0).decode()) == secret:
            found = True
            return CSRF_PLACEHOLDER
        return match.group(0)

    return _TOKEN_RE.sub(replace, content), found


_UNSHAREABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")


def response_is_storable(request, response):
    """A response may be shared only if nothing in it or around it belongs to one visitor."""
    if response.status_code != 200 or response.streaming:
        return False
    if CSRF_PLACEHOLDER in response.content:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in _UNSHAREABLE_CACHE_CONTROL):
        return False
    # Any cookie other than the CSRF cookie (session, messages, a language choice) means the response
    # was made for this visitor.
    if any(name != settings.CSRF_COOKIE_NAME for name in response.cookies):
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"cookie"}:
        return False  # would need the other headers in the key; not worth it
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    messages = getattr(request, "_messages", None)
    return not (messages is not None and getattr(messages, "added_new", False))


_SKIPPED_HEADERS = {"content-length", "set-cookie", HEADER.lower()}


def store(request, key, response):
    content, needs_csrf = strip_csrf_tokens(request, response.content)
    headers = [(k, v) for k, v in response.items() if k.lower() not in _SKIPPED_HEADERS]
    # Markers that outer middleware reads (X-Frame-Options and CSP exemptions) travel with the body.
    markers = {
        name: value
        for name, value in vars(response).items()
        if name == "xframe_options_exempt" or name.startswith("_csp")
    }
    cache.set(key, (response.status_code, headers, content, needs_csrf, markers), timeout())
