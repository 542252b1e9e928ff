"""Cache invalidation state (portal.generation): the generation numbers of the page cache and the
site cache live in a cache every process shares, never in a file in the temp folder, and a cache that
fails is logged instead of ignored."""

import logging

from django.core.cache.backends.base import BaseCache
from django.test import override_settings

from home import sitecache
from portal.generation import Generation


class BrokenCache(BaseCache):
    """A cache server that does not answer."""

    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("cache server unreachable")

    get = add = set = incr = delete = clear = _fail


BROKEN = override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "generation": {"BACKEND": "tests.performance.test_generation.BrokenCache"},
    },
    PORTAL_GENERATION_CACHE="generation",
)


def test_hole10_generation_bumped_in_another_process_is_read_here(other_process):
    generation = Generation("sitecache")
    before = generation.current()
    assert generation.current() == before  # stable while nothing changes

    other_process.bump("sitecache")

    after = generation.current()
    assert None not in (before, after)
    assert after != before
    assert list(other_process.temp.iterdir()) == []  # nothing written to the temp folder


def test_generation_bumped_here_reaches_the_other_process_cache(other_process, settings):
    from django.core.cache import caches
    from django.core.cache.backends.filebased import FileBasedCache
    from django.core.cache.backends.redis import RedisCache

    # A second client of the same cache, as another process would have.
    config = settings.CACHES["generation"]
    backend = RedisCache if "redis" in config["BACKEND"] else FileBasedCache
    elsewhere = backend(config["LOCATION"], {k: v for k, v in config.items() if k == "KEY_PREFIX"})
    generation = Generation("pagecache")
    before = generation.current()
    assert elsewhere.get("pagecache:generation") == int(before)

    assert generation.bump()

    assert str(elsewhere.get("pagecache:generation")) == generation.current() != before
    assert caches["default"].get("pagecache:generation") is None  # not in this process's memory


def test_hole10_failing_generation_cache_is_logged(caplog):
    generation = Generation("pagecache")
    with BROKEN, caplog.at_level(logging.ERROR, logger="portal.generation"):
        assert generation.current() is None
        assert generation.bump() is False

    messages = [record.getMessage() for record in caplog.records]
    assert any("Cannot read the pagecache generation" in m for m in messages), messages
    assert any("Cannot bump the pagecache generation" in m for m in messages), messages
    assert all(record.exc_info for record in caplog.records)  # with the cause


def test_site_cache_computes_afresh_while_the_generation_cannot_be_read(caplog):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    with BROKEN, caplog.at_level(logging.ERROR, logger="portal.generation"):
        assert sitecache.get_or_set("answer", compute) == 1
        assert sitecache.get_or_set("answer", compute) == 2  # nothing stale is kept
    assert caplog.records
