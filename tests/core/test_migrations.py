"""Moving the portal settings from ``home`` to ``core`` keeps what editors had entered.

The migrations run backwards and forwards in a scratch database of their own, in another process
(tests/core/migration_run.py), so the suite's test database is never unmigrated under other tests."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import migrated_database

pytestmark = pytest.mark.slow  # migrates a database of its own

ROOT = Path(__file__).resolve().parents[2]


def test_core_migrations_keep_the_default_sites_portal_settings(tmp_path):
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
    result = json.loads(done.stdout.strip().splitlines()[-1])

    settings = result["settings"]
    assert settings["catalogue_search_url"] == "https://search.library.example.edu/discover"
    assert settings["catalogue_query_param"] == "query"
    assert settings["general_enquiries_email"] == "help@library.example.edu"
    assert settings["reply_time"] == "one working day"
    assert settings["footer_text"] == "Open late during exams"
    assert ["core", "change_portalsettings"] in result["permissions"]
