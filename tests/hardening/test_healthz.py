"""/healthz answers for load balancers: 200 when the database and cache work, 503 naming what
failed, never cached, never revealing settings."""

import json

import pytest
from django.db import InterfaceError, OperationalError
from django.test import override_settings

from ops import views


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_names_the_failed_database(client, monkeypatch):
    def broken():
        raise OperationalError("connection refused to db.internal:5432 password=hunter2")

    monkeypatch.setitem(views.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "failed", "cache": "ok"}
    assert b"hunter2" not in response.content
    assert b"db.internal" not in response.content


@pytest.mark.django_db
@override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}})
def test_healthz_names_a_cache_that_keeps_nothing(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"database": "ok", "cache": "failed"}


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$"])
def test_healthz_is_exempt_from_the_https_redirect(client):
    assert client.get("/healthz").status_code == 200
    assert client.get("/search/").status_code == 301


def test_database_outage_becomes_a_503_page_that_says_nothing_was_saved(rf):
    request = rf.post("/librarians/someone/")
    try:
        raise InterfaceError("connection already closed: server closed the connection")
    except InterfaceError:
        response = views.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert b"has not been saved" in response.content
    assert b"server closed" not in response.content


def test_other_errors_keep_the_ordinary_500_page(rf):
    request = rf.get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = views.server_error(request)
    assert response.status_code == 500


def test_only_connection_errors_count_as_an_outage():
    lost = OperationalError("server closed the connection unexpectedly")
    assert views.is_database_unavailable(lost, vendor="postgresql")
    assert views.is_database_unavailable(InterfaceError("connection already closed"))
    # SQLite reports malformed SQL as OperationalError too: that is a bug, not an outage
    assert not views.is_database_unavailable(OperationalError("unterminated string"), "sqlite")
    assert views.is_database_unavailable(OperationalError("database is locked"), "sqlite")
    assert not views.is_database_unavailable(ValueError("bug"))


@pytest.mark.django_db
def test_null_characters_in_the_address_get_a_400(client):
    response = client.get("/search/", {"q": "chem\x00istry"})
    assert response.status_code == 400
    assert b"null character" in response.content
    assert client.get("/news/%00/").status_code == 400
