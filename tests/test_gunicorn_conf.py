"""gunicorn.conf.py: a worker that has loaded the portal hides it from the garbage collector."""

import gc
import runpy
from pathlib import Path

import django


def test_worker_init_freezes_what_was_loaded():
    config = runpy.run_path(str(Path(django.conf.settings.BASE_DIR) / "gunicorn.conf.py"))
    # The suite freezes its own start-up too (tests/conftest.py): count only what the hook freezes,
    # and leave this worker frozen as it was.
    suite_froze = gc.get_freeze_count() > 0
    gc.unfreeze()
    try:
        config["post_worker_init"](worker=None)
        # Django, Wagtail and the project are loaded here, as in a worker: all of it is frozen
        assert gc.get_freeze_count() > 100_000
    finally:
        gc.unfreeze()
        if suite_froze:
            gc.freeze()
