"""Operational endpoints: the health check, the error pages a visitor sees when a backing
service is down, and the old admin sign-in address. Nothing here reveals settings, versions or
exception text."""

import logging
import sys
import uuid

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def admin_login(request):
    """``/admin/login/`` signs nobody in: everyone uses allauth's sign-in, which enforces email
    verification and the brute-force limits. A visit (or a post from an old login form, whose
    password is dropped) is sent there with its ``next``, which allauth checks before following."""
    url = reverse("account_login")
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME)
    if next_url:
        url = f"{url}?{urlencode({REDIRECT_FIELD_NAME: next_url})}"
    return redirect(url)


def is_database_unavailable(exc, vendor=None):
    """True for errors that mean "the database cannot be reached or is busy right now" (a retry
    may work), False for bugs. PostgreSQL reports lost connections, shutdowns and timeouts as
    OperationalError; SQLite also uses it for malformed SQL, so there only a lock counts."""
    if isinstance(exc, InterfaceError):
        return True
    if not isinstance(exc, OperationalError):
        return False
    if (vendor or connection.vendor) == "sqlite":
        return "locked" in str(exc) or "unable to open" in str(exc)
    return True


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        return cache.get(key) == "ok"
    finally:
        cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


@never_cache
def healthz(request):
    """200 {"database": "ok", "cache": "ok"} when every backing service answers, else 503 naming
    the failed ones. Used by load balancers and the fault script; never cached."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failed"
        except Exception as exc:  # any failure of a backing service is a "failed" answer
            logger.warning("Health check %s failed: %s", name, type(exc).__name__)
            results[name] = "failed"
    status = 200 if all(value == "ok" for value in results.values()) else 503
    return JsonResponse(results, status=status)


def service_unavailable(request):
    """The page shown when the database cannot be reached. It must not touch the database itself,
    and it says plainly that whatever the visitor just sent was not saved."""
    try:
        body = loader.render_to_string("ops/503.html")
    except Exception:  # the error page must never fail itself
        body = "Service briefly unavailable: nothing you sent was saved. Please try again shortly."
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


def server_error(request, template_name="500.html"):
    """handler500: a database outage becomes a 503 'try again shortly' page; anything else gets
    the portal's ordinary 500 page."""
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return django_server_error(request, template_name=template_name)


FLOOR_BODY = (
    b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>floor</title></head>'
    b"<body><p>A constant response: the framework floor for the benchmark.</p></body></html>"
)


def floor(request):
    """A constant response through the full middleware stack, for `make bench` only.

    Routed only when PORTAL_BENCH_FLOOR is true (see portal/urls.py)."""
    return HttpResponse(FLOOR_BODY)
