"""Per-request facts every page needs, kept in Django's cache instead of asked of the database.

Every public page used to pay for the same few queries before its own content: the site for the
request's host (with its root page), the site settings, and the check for view restrictions. None of
these change between requests, so they are cached under a *generation*: any save or delete of a page,
a site, a site setting or a view restriction (and any page move) starts a new generation, and earlier
entries are simply never read again.

With a process-local cache (``LocMemCache``, the default without ``REDIS_URL``) a change made in one
process must reach the others, so the generation there also includes the modification time of a small
stamp file that every process on the machine reads (one ``stat`` per read).
"""

import functools
import hashlib
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache

GENERATION_KEY = "sitecache:generation"
TIMEOUT = 60 * 60  # entries of a current generation are still refreshed hourly
_MISSING = object()


def _process_local():
    return isinstance(caches["default"], LocMemCache)


@functools.cache
def _stamp_path(base_dir, database):
    digest = hashlib.sha1(f"{base_dir}|{database}".encode()).hexdigest()[:12]  # noqa: S324
    return Path(tempfile.gettempdir()) / f"liaison-sitecache-{digest}.stamp"


def stamp_path():
    from django.db import connection

    return _stamp_path(str(settings.BASE_DIR), str(connection.settings_dict["NAME"]))


def _shared_database():
    """False for an in-memory SQLite database (tests): no other process can see its changes."""
    from django.db import connection

    name = str(connection.settings_dict.get("NAME") or "")
    return not (name == ":memory:" or "mode=memory" in name)


def _read_stamp():
    if not _shared_database():
        return 0
    try:
        return os.stat(stamp_path()).st_mtime_ns
    except OSError:
        return 0


def _touch_stamp():
    if not _shared_database():
        return
    path = stamp_path()
    try:
        path.touch(exist_ok=True)
        now = max(time.time_ns(), path.stat().st_mtime_ns + 1000)
        os.utime(path, ns=(now, now))
    except OSError:
        pass


def generation():
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, so a flushed cache never brings back an old generation's entries.
        value = time.time_ns()
        if not cache.add(GENERATION_KEY, value, timeout=None):
            value = cache.get(GENERATION_KEY, value)
    if _process_local():
        return f"{value}.{_read_stamp()}"
    return str(value)


def invalidate():
    """Forget every cached site, setting and restriction flag (in every process)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)
    if _process_local():
        _touch_stamp()


def get_or_set(name, compute):
    """The cached value of `name` for the current generation, computed (and stored) on a miss.

    `compute` may return None; that is cached too.
    """
    key = f"sitecache:{generation()}:{name}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


# --- what is cached ---------------------------------------------------------------------------


def _find_site(hostname, port):
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None
    # Routing starts at the root page's specific instance: fetch it now, once per generation.
    site.root_page = site.root_page.specific
    return site


def site_for_request(request):
    """Wagtail's `Site.find_for_request`, from the cache (the same matching rules)."""
    from django.http.request import split_domain_port

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    # Hosts outside ALLOWED_HOSTS never get here (CommonMiddleware refuses them); hashed all the same
    # so that any host name makes a valid cache key.
    digest = hashlib.sha1(f"{hostname}:{port}".encode()).hexdigest()  # noqa: S324
    return get_or_set(f"site:{digest}", lambda: _find_site(hostname, port))


def view_restrictions_exist():
    """Whether any page in the portal has a view restriction (private or password pages)."""
    from wagtail.models import PageViewRestriction

    return get_or_set("restrictions", lambda: PageViewRestriction.objects.exists())


def site_setting(model, site):
    """The `BaseSiteSetting` instance of `model` for `site` (made with its defaults if missing)."""
    return get_or_set(f"setting:{model._meta.label_lower}:{site.pk}", lambda: model.for_site(site))


def private_q():
    """`Page.objects.private_q()` (the pages inside private sections), without its query while no
    page has a view restriction: then nothing is private and the filter is empty."""
    from django.db.models import Q
    from wagtail.models import Page

    if not view_restrictions_exist():
        return Q()
    return Page.objects.private_q()


class CachedViewRestrictionsMixin:
    """For page models: skip Wagtail's two view-restriction queries per served page while no page
    has a view restriction at all (the usual case). As soon as one exists, Wagtail's check runs."""

    def get_view_restrictions(self):
        if not view_restrictions_exist():
            from wagtail.models import PageViewRestriction

            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


# --- invalidation -----------------------------------------------------------------------------


def _is_watched(model):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Locale, Page, PageViewRestriction, Site

    return issubclass(
        model, (Page, Site, Locale, PageViewRestriction, BaseSiteSetting, BaseGenericSetting)
    )


def _on_change(sender, created=False, **kwargs):
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        return  # made with its defaults on first read: nothing cached has changed
    if _is_watched(sender):
        invalidate()


def _on_page_signal(sender, **kwargs):
    invalidate()


def connect():
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(_on_change, dispatch_uid="sitecache-post-save")
    post_delete.connect(_on_change, dispatch_uid="sitecache-post-delete")
    page_published.connect(_on_page_signal, dispatch_uid="sitecache-published")
    page_unpublished.connect(_on_page_signal, dispatch_uid="sitecache-unpublished")
    post_page_move.connect(_on_page_signal, dispatch_uid="sitecache-moved")
