"""A cache-wide generation number: bump it and every cache entry keyed with it is never read again.

Used by the anonymous page cache (``pagecache``) and the per-request site facts (``home.sitecache``).
With a process-local cache (``LocMemCache``, the default without ``REDIS_URL``) a bump in one process
must reach the others (the admin publishes in one gunicorn worker, another serves the page), so the
generation there also includes the modification time of a small stamp file that every process on
the machine reads (one ``stat`` per read).
"""

import functools
import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache


def process_local_cache():
    return isinstance(caches["default"], LocMemCache)


@functools.cache
def _default_stamp_path(name, base_dir, database):
    # One stamp per purpose, project folder and database, shared by every process on this machine.
    digest = hashlib.sha1(f"{base_dir}|{database}".encode()).hexdigest()[:12]  # noqa: S324
    return Path(tempfile.gettempdir()) / f"liaison-{name}-{digest}.stamp"


def _database_name():
    from django.db import connection

    return str(connection.settings_dict.get("NAME") or "")


class Generation:
    """``name`` prefixes the cache key and the stamp file. ``stamp_setting`` names a setting that may
    override the stamp file's path. With ``private_memory_db`` an in-memory SQLite database (tests)
    skips the stamp: no other process can see its changes."""

    def __init__(self, name, stamp_setting=None, private_memory_db=False):
        self.name = name
        self.key = f"{name}:generation"
        self.stamp_setting = stamp_setting
        self.private_memory_db = private_memory_db

    def stamp_path(self):
        configured = getattr(settings, self.stamp_setting, None) if self.stamp_setting else None
        if configured:
            return Path(configured)
        return _default_stamp_path(self.name, str(settings.BASE_DIR), _database_name())

    def _uses_stamp(self):
        if not process_local_cache():
            return False
        if self.private_memory_db:
            name = _database_name()
            return not (name == ":memory:" or "mode=memory" in name)
        return True

    def read_stamp(self):
        try:
            return os.stat(self.stamp_path()).st_mtime_ns
        except OSError:
            return 0

    def touch_stamp(self):
        path = self.stamp_path()
        try:
            path.touch(exist_ok=True)
            now = max(time.time_ns(), path.stat().st_mtime_ns + 1000)
            os.utime(path, ns=(now, now))
        except OSError:
            pass

    def current(self):
        value = cache.get(self.key)
        if value is None:
            # A fresh (or flushed) cache starts at the current time, so a restarted Redis never
            # brings back keys of an old generation that happened to have the same number.
            value = time.time_ns()
            if not cache.add(self.key, value, timeout=None):
                value = cache.get(self.key, value)
        if self._uses_stamp():
            return f"{value}.{self.read_stamp()}"
        return str(value)

    def bump(self):
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, time.time_ns(), timeout=None)
        if self._uses_stamp():
            self.touch_stamp()
