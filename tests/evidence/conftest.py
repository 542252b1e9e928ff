"""Fixtures of the evidence tests: the seeded world of ``world.py`` and the September period."""

import datetime

import pytest

from .world import build_world


@pytest.fixture
def world(site_tree):
    return build_world(site_tree)


@pytest.fixture
def september():
    from evidence.periods import Period

    return Period(datetime.date(2026, 9, 1), datetime.date(2026, 9, 30), "September")
