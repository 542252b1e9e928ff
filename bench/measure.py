"""Find one URL per public page type in the benchmark database and measure each in-process.

For every page: SQL queries (Django test client + CaptureQueriesContext, page cache off, measured
on the second request so one-off work such as making image renditions is not counted), HTML bytes
and status. Prints JSON: {"pages": [...], "student_cookie": "..."} for bench/run.py.

Run by bench/run.py with the benchmark environment; on its own:
    DATABASE_URL=sqlite:///bench/bench.sqlite3 DJANGO_SECRET_KEY=x \
    DJANGO_SECURE_SSL_REDIRECT=false .venv/bin/python bench/measure.py
"""

import io
import json
import statistics
import sys
import time

from _django import setup

setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page  # noqa: E402

HOST = "127.0.0.1"


def _first(model_path, **filters):
    from django.apps import apps

    try:
        model = apps.get_model(model_path)
    except LookupError:
        return None
    qs = model.objects.live().public().filter(**filters).order_by("path")
    return qs.first()


def _url(page):
    return page.get_url(None) if page is not None else None


def discover():
    """(name, url, needs_login) for each public page type that exists in this database."""
    liaison = _first("liaison_pages.LiaisonPage", is_active=True)
    pages = [
        ("home", "/", False),
        ("directory", _url(_first("liaison_pages.LiaisonIndexPage")), False),
        ("profile", _url(liaison), False),
        ("guide_index", _url(_first("liaison_pages.GuideIndexPage")), False),
        ("guide", _url(_first("liaison_pages.GuidePage")), False),
        ("blog_index", _url(_first("liaison_pages.BlogIndexPage")), False),
        ("post", _url(_first("liaison_pages.BlogPostPage")), False),
        ("services", _url(_first("services.ServiceIndexPage")), False),
        ("service", _url(_first("services.ServicePage")), False),
        ("search", "/search/?q=chemistry", False),
        ("search_3_words", "/search/?q=chemistry+journal+databases", False),
        ("feed", "/news/feed/", False),
    ]
    if "students" in settings.INSTALLED_APPS:
        pages.append(("my_librarian", "/my-librarian/", True))
    return [(name, url, login) for name, url, login in pages if url]


def student_client():
    """A client signed in as a student who has a librarian (None if there is none)."""
    try:
        from students.models import Student
    except ImportError:
        return None
    # a student who can see their page: matched, and their address verified (the demo student)
    student = (
        Student.objects.filter(
            assignments__ended_at__isnull=True, user__emailaddress__verified=True
        )
        .select_related("user")
        .first()
    )
    if student is None:
        return None
    client = Client(HTTP_HOST=HOST)
    client.force_login(student.user)
    return client


def measure(client, url):
    client.get(url)  # warm: renditions, site root paths, template loading
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    body = b"".join(response) if response.streaming else response.content
    return {
        "status": response.status_code,
        "queries": len(ctx.captured_queries),
        "bytes": len(body),
    }


def _wsgi_call(handler, path, query):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": HOST,
        "SERVER_PORT": "80",
        "HTTP_HOST": HOST,
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    headers = {}

    def start_response(status, response_headers, exc_info=None):
        headers.update(response_headers)

    b"".join(handler(environ, start_response))
    return headers


def cached_hit_cost(url, rounds=150):
    """Microseconds per request for the floor view and for a page-cache hit of `url`, through the
    full WSGI handler and middleware in this process, interleaved so drift in load cancels out."""
    from django.core.handlers.wsgi import WSGIHandler

    handler = WSGIHandler()
    path, _, query = url.partition("?")
    for _ in range(3):  # the first request fills the cache, the others are served from it
        cache_control = _wsgi_call(handler, path, query).get("Cache-Control", "")
        _wsgi_call(handler, "/bench/floor/", "")
    if "public" not in cache_control:  # a page the cache does not keep
        return None
    floor, page = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        _wsgi_call(handler, "/bench/floor/", "")
        middle = time.perf_counter()
        _wsgi_call(handler, path, query)
        page.append(time.perf_counter() - middle)
        floor.append(middle - started)
    # Medians: a shared machine pre-empts single requests; the typical request is what counts.
    floor_us, page_us = statistics.median(floor) * 1e6, statistics.median(page) * 1e6
    return {
        "inproc_floor_us": round(floor_us),
        "inproc_hit_us": round(page_us),
        "inproc_hit_ratio": round(floor_us / page_us, 2),
    }


def main():
    results, cookie = [], None
    anonymous = Client(HTTP_HOST=HOST)
    student = None
    with override_settings(PORTAL_PAGE_CACHE_SECONDS=0):
        for name, url, needs_login in discover():
            if needs_login:
                student = student or student_client()
                if student is None:
                    print(f"note: no student with a librarian: {name} skipped", file=sys.stderr)
                    continue
                cookie = student.cookies[settings.SESSION_COOKIE_NAME].value
            client = student if needs_login else anonymous
            results.append({"page": name, "url": url, "login": needs_login, **measure(client, url)})
    if getattr(settings, "PORTAL_BENCH_FLOOR", False):
        with override_settings(PORTAL_PAGE_CACHE_SECONDS=300):
            for row in results:
                if not row["login"]:
                    hit = cached_hit_cost(row["url"])
                    row["kept"] = hit is not None  # whether the page cache keeps this page at all
                    row.update(hit or {})
    counts = {
        "pages": Page.objects.live().count(),
    }
    json.dump({"pages": results, "student_cookie": cookie, "counts": counts}, sys.stdout)


if __name__ == "__main__":
    main()
