"""A cache-wide generation number: bump it and every cache entry keyed with it is never read again.

Used by the anonymous page cache (``pagecache``) and the per-request site facts (``home.sitecache``).
A bump in one process must reach the others (the admin publishes in one gunicorn worker, another
serves the page), so the number lives in a cache that every process shares: the one named by
``PORTAL_GENERATION_CACHE``. That is Redis (the default cache) when ``REDIS_URL`` is set; without
it the default cache is local memory, private to each process, so the settings name a file-based
cache in a private folder of the project instead (``DJANGO_GENERATION_CACHE_DIR``).

A generation that cannot be read or bumped (Redis down, a folder that cannot be written) is logged
as an error. A failed read returns None, and callers then neither read nor store cached entries:
a page is slower, never stale.
"""

import logging
import time

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)


def cache_alias():
    return getattr(settings, "PORTAL_GENERATION_CACHE", "default")


class Generation:
    """``name`` prefixes the cache key (``<name>:generation``)."""

    def __init__(self, name):
        self.name = name
        self.key = f"{name}:generation"

    def store(self):
        return caches[cache_alias()]

    def current(self):
        """The generation as a string, or None (logged) if the shared cache cannot be read."""
        try:
            store = self.store()
            value = store.get(self.key)
            if value is None:
                # A fresh (or flushed) cache starts at the current time, so a restarted Redis never
                # brings back keys of an old generation that happened to have the same number.
                value = time.time_ns()
                if not store.add(self.key, value, timeout=None):
                    value = store.get(self.key, value)
        except Exception:
            logger.exception(
                "Cannot read the %s generation from the %r cache; not using cached entries",
                self.name,
                cache_alias(),
            )
            return None
        return str(value)

    def bump(self):
        """Start a new generation in every process. Returns False (logged) if that failed: entries
        of the old generation are then served until they expire."""
        try:
            store = self.store()
            try:
                store.incr(self.key)
            except ValueError:  # not there yet (or flushed)
                store.set(self.key, time.time_ns(), timeout=None)
        except Exception:
            logger.exception(
                "Cannot bump the %s generation in the %r cache; cached entries may be stale "
                "until they expire",
                self.name,
                cache_alias(),
            )
            return False
        return True
