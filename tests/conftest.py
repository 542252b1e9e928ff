"""Shared fixtures: the page tree (root → home → directory, guides, news) built once per test."""

import os

import pytest

from tests.factories import build_site_tree

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
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
