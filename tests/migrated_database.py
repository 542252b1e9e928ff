"""The migrated test database, made once and copied in.

Running the 260-odd migrations (Django's, Wagtail's, allauth's and the portal's) takes half a
minute of CPU, in every pytest-xdist worker and on every run. On SQLite in memory (the suite's
default) the first worker to need a database migrates it as usual and keeps a copy in
``test-artifacts/db/``, named by a digest of what the migrations and their ``post_migrate``
handlers read: every installed app's migration files, every model's permissions, and the versions
of SQLite and Django. Other workers, and later runs with the same digest, load that copy with
SQLite's backup API instead of migrating. A changed migration, model permission or version makes
a new digest, so a stale copy is never used; ``make clean`` removes the copies.

The same copy puts back what ``serialized_rollback`` restores (Wagtail's root page, locale and
collection, the groups and their permissions) after a transactional test has emptied the tables: a
copy of the whole database with the backup API takes milliseconds, where saving each serialized row
again took about half a second per test.

PostgreSQL and a file database (``TEST_SQLITE_FILE``) keep Django's own setup.
"""

import fcntl
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.core.management import call_command
from django.db import connections

FOLDER = Path(__file__).resolve().parents[1] / "test-artifacts" / "db"


def in_memory_sqlite(connection):
    return connection.vendor == "sqlite" and connection.creation.is_in_memory_db(
        connection.creation._get_test_db_name()
    )


def migrations_digest():
    """A digest of everything the migrated database depends on (see the module docstring)."""
    digest = hashlib.sha256()
    digest.update(f"{sqlite3.sqlite_version} {django.get_version()}".encode())
    for app in sorted(apps.get_app_configs(), key=lambda a: a.label):
        digest.update(app.label.encode())
        for path in sorted((Path(app.path) / "migrations").glob("*.py")):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
        for model in sorted(app.get_models(), key=lambda m: m._meta.model_name):
            meta = model._meta
            digest.update(
                repr((meta.model_name, meta.default_permissions, meta.permissions)).encode()
            )
    return digest.hexdigest()[:20]


@contextmanager
def locked(path):
    """Hold an exclusive lock on ``path`` (other workers wait for the one that migrates)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def set_up(setup_databases, verbosity):
    """Make the default database: migrated by ``setup_databases`` (Django's, called as pytest-django
    calls it) the first time, copied from the kept copy after that. Returns what to tear down:
    ``("django", config)`` or ``("copy", old name)``."""
    connection = connections["default"]
    digest = migrations_digest()
    template = FOLDER / f"sqlite-{digest}.sqlite3"
    serialized = FOLDER / f"sqlite-{digest}.json"
    with locked(FOLDER / f"sqlite-{digest}.lock"):
        if not (template.exists() and serialized.exists()):
            config = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases={"default"},
                serialized_aliases={"default"},
            )
            partial = template.with_suffix(f".{os.getpid()}.partial")
            with sqlite3.connect(partial) as copy:
                connection.connection.backup(copy)
            copy.close()
            serialized.write_text(connection._test_serialized_contents)
            os.replace(partial, template)
            how = "django", config
        else:
            how = "copy", load(connection, template, serialized)
    # an instance attribute: only this connection's snapshot is restored this way
    connection.creation.deserialize_db_from_string = lambda data: copy_in(connection, template)
    return how


def copy_to(path):
    """Write the kept migrated database to the SQLite file ``path``, for a test that migrates a
    scratch database backwards and forwards: only the migrations it is about then run (about 3 s
    instead of 17 s from an empty database). Writes nothing where no copy is kept for the current
    migrations (PostgreSQL runs; the ``migration_script`` fixture in tests/conftest.py sets up the
    suite's database first, so that elsewhere the copy exists)."""
    template = FOLDER / f"sqlite-{migrations_digest()}.sqlite3"
    if template.exists():
        shutil.copyfile(template, path)


def run_migration_script(script, tmp_path):
    """Run ``script`` (a migration test's runner) in a process of its own against a scratch SQLite
    database in ``tmp_path``, and return the JSON it prints last. The scratch database starts with
    every migration applied (the kept copy, where there is one: the runner goes back to before the
    change and forward again), or else empty (the runner migrates up). The suite's own test
    database is never unmigrated under other tests."""
    database = tmp_path / "migrations.sqlite3"
    copy_to(database)
    root = FOLDER.parents[1]
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=root,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
            "PYTHONPATH": str(root),
        },
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def copy_in(connection, template):
    """Replace the whole database behind ``connection`` with the kept copy."""
    connection.ensure_connection()
    with sqlite3.connect(template) as source:
        source.backup(connection.connection)
    source.close()


def load(connection, template, serialized):
    """Point the connection at a new in-memory test database and copy the kept one into it, as
    ``create_test_db`` would have left it after migrating (the snapshot for ``serialized_rollback``
    included)."""
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    connection.close()
    from django.conf import settings

    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    copy_in(connection, template)
    connection._test_serialized_contents = serialized.read_text()
    call_command("createcachetable", database=connection.alias)
    return old_name


def tear_down(teardown_databases, how, verbosity):
    kind, value = how
    if kind == "django":
        teardown_databases(value, verbosity=verbosity)
    else:
        connections["default"].creation.destroy_test_db(value, verbosity=verbosity)
