"""Moving the portal settings from ``home`` to ``core`` keeps what editors had entered.

The migrations run backwards and forwards in a scratch database of their own, in another process
(tests/core/migration_run.py), so the suite's test database is never unmigrated under other tests."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # migrates a database of its own


def test_core_migrations_keep_the_default_sites_portal_settings(migration_script):
    result = migration_script(Path(__file__).with_name("migration_run.py"))

    settings = result["settings"]
    assert settings["catalogue_search_url"] == "https://search.library.example.edu/discover"
    assert settings["catalogue_query_param"] == "query"
    assert settings["general_enquiries_email"] == "help@library.example.edu"
    assert settings["reply_time"] == "one working day"
    assert settings["footer_text"] == "Open late during exams"
    assert ["core", "change_portalsettings"] in result["permissions"]
