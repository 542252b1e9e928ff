"""Messages answered before their wait was stored get it from the migration that adds it
(inbox 0011), worked out as ``Message.save()`` does from then on.

The migrations run in a scratch database of their own, in another process
(tests/inbox/migration_run.py), so the suite's test database is never unmigrated under other
tests."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import migrated_database

pytestmark = pytest.mark.slow  # migrates a database of its own

ROOT = Path(__file__).resolve().parents[2]


def test_migration_stores_the_wait_of_every_message_answered_so_far(tmp_path):
    database = tmp_path / "migrations.sqlite3"
    # From every migration applied (the suite's kept copy, where there is one) the runner goes back
    # to before the change and forward again; otherwise it migrates up from an empty database.
    migrated_database.copy_to(database)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("migration_run.py"))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    waits = json.loads(done.stdout.strip().splitlines()[-1])
    assert waits == {
        "answered": 5 * 3600 + 0.0005,
        "reopened": 2 * 86400,
        "untimed": None,  # answered before first responses were recorded: still not guessed
        "open": None,
    }
