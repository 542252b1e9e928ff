"""Shared fixtures: the page tree (root → home → directory, guides, news) built once per test."""

import os

import pytest

from tests.factories import build_site_tree

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


# Run first, in this order, under pytest-xdist: the one long unit (the seeded demo), then every
# module with slow tests, then the rest. `--dist loadscope` hands out modules (a class of a
# TestCase) in collection order (`--no-loadscope-reorder` in pyproject.toml; xdist would otherwise
# sort them by their number of tests, leaving the few long ones to the end, where one worker
# runs them while the other has nothing left to do).
SCHEDULED_FIRST = ["tests/test_seed_demo.py"]


@pytest.hookimpl(trylast=True)  # after tests/browser/conftest.py has marked its tests slow
def pytest_collection_modifyitems(config, items):
    slow_modules = {item.nodeid.split("::")[0] for item in items if "slow" in item.keywords}

    def rank(item):
        module = item.nodeid.split("::")[0]
        if module in SCHEDULED_FIRST:
            return SCHEDULED_FIRST.index(module)
        return len(SCHEDULED_FIRST) + (module not in slow_modules)

    items.sort(key=rank)  # stable: each module's tests keep their order
    if ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://... to run")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


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


@pytest.fixture
def site_tree(db):
    """The portal's page tree as seed_demo builds it, with the home page as the default site root."""
    return build_site_tree()


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
