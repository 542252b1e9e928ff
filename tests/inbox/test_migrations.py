"""Messages answered before their wait was stored get it from the migration that adds it
(inbox 0011), worked out as ``Message.save()`` does from then on.

The migrations run in a scratch database of their own, in another process
(tests/inbox/migration_run.py), so the suite's test database is never unmigrated under other
tests."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # migrates a database of its own


def test_migration_stores_the_wait_of_every_message_answered_so_far(migration_script):
    waits = migration_script(Path(__file__).with_name("migration_run.py"))
    assert waits == {
        "answered": 5 * 3600 + 0.0005,
        "reopened": 2 * 86400,
        "untimed": None,  # answered before first responses were recorded: still not guessed
        "open": None,
    }
