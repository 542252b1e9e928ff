"""A generation cache shared with another process (portal.generation), as gunicorn workers on one
machine (a file-based cache in a private folder) or app servers (Redis) share it."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches

REDIS_URL = "redis://127.0.0.1:6379/10"

# What a save in another worker does: bump one generation, through that process's own cache client.
BUMP = """
import json, sys
from django.conf import settings
settings.CACHES = json.loads(sys.argv[1])
settings.PORTAL_GENERATION_CACHE = "generation"
from portal.generation import Generation
sys.exit(0 if Generation(sys.argv[2]).bump() is not False else 1)
"""


def redis_is_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


class OtherProcess:
    def __init__(self, caches_setting, temp):
        self.caches_setting = caches_setting
        self.temp = temp  # this process's and the other process's temp folder

    def bump(self, name):
        subprocess.run(
            [sys.executable, "-c", BUMP, json.dumps(self.caches_setting), name],
            cwd=django_settings.BASE_DIR,
            env={
                **os.environ,
                "TMPDIR": str(self.temp),
                "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            },
            check=True,
            timeout=60,
        )


@pytest.fixture(params=["file", "redis"])
def other_process(request, settings, tmp_path, monkeypatch):
    """Switches this process to a shared generation cache and returns the other process."""
    if request.param == "redis":
        if not redis_is_up():
            pytest.skip("no Redis at 127.0.0.1:6379")
        shared = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    else:
        shared = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "generation"),
        }
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "generation": shared,
    }
    settings.PORTAL_GENERATION_CACHE = "generation"
    yield OtherProcess(settings.CACHES, temp)
    caches["generation"].clear()
