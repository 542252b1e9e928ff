"""Shared fixtures: the page tree (root → home → directory, guides, news), built once for a module
and seen by each test in a savepoint (or once per test where the module's tests commit)."""

import gc
import os

import pytest
from django.test import SimpleTestCase, TestCase, TransactionTestCase, override_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests import migrated_database
from tests.factories import build_site_tree
from tests.shared_rows import built_once, per_test_copy

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

# Hypothesis profiles. Property tests that go through HTTP (a form round trip costs a few
# milliseconds to 0.2 s) take the profile's number of examples; the pure functions ask for their own
# 500. "ci" replays the same 100 examples per target on every run, so a landing never fails by
# chance; "dev" (`make test` elsewhere) tries 25 new ones per target on every run, so runs on
# developers' machines keep finding new inputs while the suite stays quick. Choose one with
# HYPOTHESIS_PROFILE (e.g. `HYPOTHESIS_PROFILE=ci make test`).
_HYPOTHESIS = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
hypothesis_settings.register_profile("ci", max_examples=100, derandomize=True, **_HYPOTHESIS)
hypothesis_settings.register_profile("dev", max_examples=25, **_HYPOTHESIS)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if IN_CI else "dev"))


COMMITTING_MODULES = pytest.StashKey[set]()


def commits(item):
    """Whether the test commits to the database and empties it afterwards (a transactional test:
    ``transaction=True``, the live server, a ``TransactionTestCase``)."""
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    if {"transactional_db", "live_server", "django_db_serialized_rollback"} & set(
        getattr(item, "fixturenames", ())
    ):
        return True
    cls = getattr(item, "cls", None)
    return bool(cls and issubclass(cls, TransactionTestCase) and not issubclass(cls, TestCase))


def needs_database(item):
    """Whether the test asks for a test database (a ``db`` fixture, the ``django_db`` mark, a
    Django ``TestCase``)."""
    if item.get_closest_marker("django_db") or "django_db_setup" in getattr(
        item, "fixturenames", ()
    ):
        return True
    cls = getattr(item, "cls", None)
    return bool(cls and issubclass(cls, SimpleTestCase) and cls.databases)


# Run first, in this order, under pytest-xdist: the one long unit (the seeded demo), then the
# modules that need no database, then every module with slow tests, then the rest. `--dist
# loadscope` hands out modules (a class of a TestCase) in collection order (`--no-loadscope-reorder`
# in pyproject.toml; xdist would otherwise sort them by their number of tests, leaving the few long
# ones to the end, where one worker runs them while the other has nothing left to do). On the first
# run of a checkout one worker migrates the test database (about 17 s; tests/migrated_database.py)
# while the others would wait for it: they run the modules that need no database meanwhile.
SCHEDULED_FIRST = ["tests/test_seed_demo.py"]


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py has marked its tests slow
def pytest_collection_modifyitems(config, items):
    slow_modules = {item.nodeid.split("::")[0] for item in items if "slow" in item.keywords}
    database_modules = {item.nodeid.split("::")[0] for item in items if needs_database(item)}

    def rank(item):
        module = item.nodeid.split("::")[0]
        if module in SCHEDULED_FIRST:
            return SCHEDULED_FIRST.index(module)
        if module not in database_modules:
            return len(SCHEDULED_FIRST)
        return len(SCHEDULED_FIRST) + 1 + (module not in slow_modules)

    items.sort(key=rank)  # stable: each module's tests keep their order
    config.stash[COMMITTING_MODULES] = {
        item.nodeid.split("::")[0] for item in items if commits(item)
    }
    if ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://... to run")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    from tests.browser.chromium import report_line

    return report_line()


def pytest_collection_finish(session):
    """Python's garbage collector took 5 to 10% of each worker's CPU (2.3 s of 31 s on
    tests/liaison_pages, inbox and students; 5.0 s of 52 s on editorial, consultations and
    evidence), most of it walking again and again the objects that live for the whole run: Django,
    Wagtail and the collected tests. Once collection is done those are set aside (``gc.freeze``),
    and young objects are collected every 10,000 allocations instead of 700: 0.8 s and 2.1 s."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's database setup (for the one database, with the snapshot that
    ``serialized_rollback`` restores), except that on SQLite in memory the migrated database is made
    once and then copied, into each worker and on later runs (tests/migrated_database.py)."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    copied = (
        django_db_use_migrations
        and not keepdb
        and migrated_database.in_memory_sqlite(connections["default"])
    )
    with django_db_blocker.unblock():
        if copied:
            how = migrated_database.set_up(setup_databases, verbosity)
        else:
            if not django_db_use_migrations:
                from pytest_django.fixtures import _disable_migrations

                _disable_migrations()
            how = (
                "django",
                setup_databases(
                    verbosity=verbosity,
                    interactive=False,
                    aliases={"default"},
                    serialized_aliases={"default"},
                    keepdb=keepdb,
                ),
            )
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            migrated_database.tear_down(teardown_databases, how, verbosity)


@pytest.fixture
def migration_script(django_db_setup, tmp_path):
    """``run(script)``: a migration test's runner (tests/migrated_database.py), in a process of its
    own against a scratch copy of the migrated test database. Asking for the suite's database first
    makes sure that copy exists (``copy_to``), so only the migrations under test run, whichever
    worker gets the test first."""

    def run(script):
        return migrated_database.run_migration_script(script, tmp_path)

    return run


INDEXING = {"default": {"BACKEND": "search.backends", "AUTO_UPDATE": True}}


def indexing():
    """Pages are indexed as they are saved, as in production (portal/settings/test.py switches it
    off for the suite): ``with indexing():`` or ``@indexing()`` on a test class."""
    return override_settings(WAGTAILSEARCH_BACKENDS=INDEXING)


@pytest.fixture
def search_index():
    """Index pages as they are saved during the test (see ``indexing``)."""
    with indexing():
        yield


@pytest.fixture(scope="module")
def search_index_for_module():
    """Index pages as they are saved, from the module's shared rows to its last test
    (``pytestmark = pytest.mark.usefixtures("search_index_for_module")``)."""
    with indexing():
        yield


@pytest.fixture(scope="session", autouse=True)
def _no_reference_index():
    """Wagtail's reference index (what the admin's "usage" pages and delete warnings list) is not
    kept up to date as test data is saved: that was about a sixth of what saving a page cost, and
    no test reads it. Wagtail's own switch, for the test process's thread (the live server's
    requests still keep it)."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    with disable_reference_index_auto_update():
        yield


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with a new page-cache generation (core.caching), which also renews the
    navigation: a rolled-back test database sends no signals, so entries cached by an earlier test
    would otherwise survive."""
    from core import caching

    caching.invalidate()


@pytest.fixture(autouse=True)
def _forced_sign_ins_pass_the_second_step(monkeypatch):
    """``client.force_login(user)`` stands for a finished sign-in, second step included, as if the
    person had typed their code: the session is marked the way allauth's ``authenticator_used``
    signal marks it (twofactor/rules.py). Without this every test that opens the admin as a
    coordinator or administrator would first have to enrol. Tests of the second step itself sign
    in over HTTP (tests/twofactor/), or drop the mark with ``twofactor.rules.VERIFIED_SESSION_KEY``.
    """
    from django.test import Client

    from twofactor.rules import mark_verified

    force_login = Client.force_login

    def force_login_verified(self, user, backend=None):
        force_login(self, user, backend)
        session = self.session
        mark_verified(session, user)
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login_verified)


@pytest.fixture(scope="module")
def _module_site_tree(request, django_db_setup, django_db_blocker):
    """The page tree built once for the module, in an outer transaction rolled back after its last
    test (tests/shared_rows.py); None where that cannot be: in a module with tests that commit,
    or where the module's own shared rows already hold a portal's tree."""
    if request.node.nodeid.split("::")[0] in request.config.stash.get(COMMITTING_MODULES, set()):
        yield None
        return
    from home.models import HomePage

    with django_db_blocker.unblock():
        if HomePage.objects.exists():
            yield None
            return
    yield from built_once(django_db_blocker, build_site_tree)


@pytest.fixture
def site_tree(_module_site_tree, db):
    """The portal's page tree as seed_demo builds it, with the home page as the default site root.

    The module's shared tree where there is one and it is still there (a module's own shared rows
    may have rebuilt the tree since), else a tree built for this test alone."""
    from wagtail.models import Page, Site

    if (
        _module_site_tree is None
        or not Page.objects.filter(pk=_module_site_tree["home"].pk).exists()
    ):
        return build_site_tree()
    # Wagtail caches the sites' root paths; a test that changed a site left them in the cache.
    Site.clear_site_root_paths_cache()
    return per_test_copy(_module_site_tree)


@pytest.fixture(scope="module")
def leave_database_as_migrated(django_db_blocker):
    """After a module's last test, put back the rows migrations made.

    A transactional test ends by emptying every table, which would leave later tests (in other
    folders) without Wagtail's root page and locale; the serialized snapshot is loaded back in.
    Modules with transactional tests use it through an autouse fixture of their own."""
    yield
    from django.db import connections
    from wagtail.models import Locale

    with django_db_blocker.unblock():
        connection = connections["default"]
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents and not Locale.objects.exists():
            connection.creation.deserialize_db_from_string(contents)
