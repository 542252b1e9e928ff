"""Fixtures of the evidence tests: the seeded world of ``world.py`` and the September period.

The world is built once per module and rolled back after it; each test runs in a savepoint inside
it with its own copy of the objects (see tests/shared_rows.py)."""

import datetime

import pytest

from tests.factories import build_site_tree
from tests.shared_rows import built_once, per_test_copy

from .world import build_world


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, lambda: build_world(build_site_tree()))


@pytest.fixture
def world(db, _world_rows):
    return per_test_copy(_world_rows)


@pytest.fixture
def september():
    from evidence.periods import Period

    return Period(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30), "September")
