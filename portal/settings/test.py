"""Settings for the test suite: fast hashers, local-memory cache, plain static storage,
tasks run immediately."""

from .base import *  # noqa: F403
from .base import DATABASES, STATIC_ROOT
from .env import env_str

DEBUG = False
# The demo (`seed_demo`) is tested too (tests/test_seed_demo.py); production never installs it.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise warns "No directory at: …/staticfiles/" whenever a test client starts its middleware
# (about 1,400 times a run) if collectstatic has not run; an empty folder keeps real warnings in view.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PORTAL_BASE_URL = WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Separate names let several suites share one PostgreSQL server (pytest-xdist adds "_gw0", …
    # for each worker).
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_liaison")}
elif env_str("TEST_SQLITE_FILE"):
    # A file instead of memory, so that `pytest --reuse-db` skips the migrations the next time
    # (e.g. TEST_SQLITE_FILE=/tmp/liaison-test.sqlite3 pytest --reuse-db tests/inbox).
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_SQLITE_FILE")}

# --- search ---
# Pages made by a test are not indexed as they are saved: indexing is most of what saving a page
# costs, and few tests search. Those that do ask for the `search_index` fixture
# (tests/conftest.py), which switches it back on as production has it.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends", "AUTO_UPDATE": False}}

# --- inbox ---
# Generous limits so suites that post forms many times from 127.0.0.1 are never throttled;
# tests/inbox/ sets small limits explicitly where it tests them.
INBOX_RATE_LIMITS = {"ip": (10_000, 600), "email": (10_000, 600)}

# --- page cache ---
# Off for the suite; tests/performance/ switches it on where it tests the cache.
PORTAL_PAGE_CACHE_SECONDS = 0
