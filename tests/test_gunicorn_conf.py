"""gunicorn.conf.py: a worker that has loaded the portal hides it from the garbage collector."""

import gc
import runpy
from pathlib import Path

import django


def test_worker_init_freezes_what_was_loaded():
    config = runpy.run_path(str(Path(django.conf.settings.BASE_DIR) / "gunicorn.conf.py"))
    before = gc.get_freeze_count()
    try:
        config["post_worker_init"](worker=None)
        # Django, Wagtail and the project are loaded here, as in a worker: all of it is frozen
        assert gc.get_freeze_count() > max(before, 100_000)
    finally:
        gc.unfreeze()
