"""Scale-out: with REDIS_URL set, cache and sessions live in Redis (Django's own backend), so rate
limits and the page cache are shared by every app server. Uses the Redis at 127.0.0.1:6379
(database 10) and is skipped when none answers."""

import importlib
import json
import socket
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory, override_settings

from inbox import ratelimit

REDIS_URL = "redis://127.0.0.1:6379/10"


def redis_is_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_is_up(), reason="no Redis at 127.0.0.1:6379")


def redis_caches(prefix):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }


def test_redis_url_switches_cache_and_sessions_to_redis(monkeypatch):
    from portal.settings import base

    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    try:
        configured = importlib.reload(base)
        assert configured.CACHES["default"]["BACKEND"] == (
            "django.core.cache.backends.redis.RedisCache"
        )
        assert configured.CACHES["default"]["LOCATION"] == REDIS_URL
        assert configured.SESSION_ENGINE == "django.contrib.sessions.backends.cache"
    finally:
        monkeypatch.delenv("REDIS_URL")
        unset = importlib.reload(base)
    assert unset.CACHES["default"]["BACKEND"].endswith("LocMemCache")


def test_rate_limit_counts_are_shared_between_app_servers():
    prefix = f"test-{uuid.uuid4().hex}"
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    limits = {"ip": (3, 600), "email": (100, 600)}

    def submit():
        return ratelimit.check_rate_limit(request, "").allowed

    def submit_elsewhere():
        # another thread has its own cache connection, as another gunicorn process would have
        with ThreadPoolExecutor(max_workers=1) as other_server:
            return other_server.submit(submit).result()

    with override_settings(CACHES=redis_caches(prefix), INBOX_RATE_LIMITS=limits):
        try:
            results = [submit(), submit_elsewhere(), submit(), submit_elsewhere()]
            assert results == [True, True, True, False]
        finally:
            caches["default"].clear()


@pytest.mark.django_db
def test_sessions_and_health_check_work_on_redis(client, django_user_model):
    prefix = f"test-{uuid.uuid4().hex}"
    with override_settings(
        CACHES=redis_caches(prefix), SESSION_ENGINE="django.contrib.sessions.backends.cache"
    ):
        from django.core.cache import cache

        try:
            user = django_user_model.objects.create_user(
                username="reader", email="reader@library.example.edu", password="pw-123-reader"
            )
            client.force_login(user)
            session_key = client.cookies["sessionid"].value
            other = RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
            stored = other.get(f"django.contrib.sessions.cache{session_key}")
            assert stored["_auth_user_id"] == str(user.pk)

            response = client.get("/healthz")
            assert response.status_code == 200
            assert json.loads(response.content) == {"database": "ok", "cache": "ok"}
        finally:
            cache.clear()
