"""One page cache for anonymous visitors, built from stock parts.

* Public pages say so: ``PublicPageCacheMixin.serve`` sends ``Cache-Control: public, max-age,
  s-maxage`` to a visitor who is not signed in and has no session (a passed page password lives in
  the session), and ``private`` to everyone else. A CDN in front keeps public pages, and
  ``wagtail.contrib.frontend_cache`` purges a page there when it is published (configured from the
  environment, see ``portal/settings/base.py``).
* Without a CDN, Django's own cache middleware keeps them (``cache_public_pages`` wraps Wagtail's
  serve view in ``portal/urls.py``) in the default cache: Redis when ``REDIS_URL`` is set, local
  memory otherwise. It stores only responses that carry a ``max-age``, which only the mixin sets,
  and keys them on the ``Cookie`` header (``Vary: Cookie``), so a visitor with any cookie never gets
  a page made for someone else.
* A page's own content (its text, lists and cards; never a form or anything about the visitor)
  is kept as a ``{% cache %}`` fragment under the same generation (``content_cache``), so a
  signed-in visitor, whom the page cache never serves, costs the queries of Wagtail's routing and
  of their own part of the page only.
* Any change a public page may show (a page published, unpublished, moved or deleted; a subject,
  programme, department or faculty; a site, a site setting, a view restriction or an image) starts a new
  generation of the key prefix, kept in the same shared cache: earlier pages are never read again
  and expire on their own.
"""

import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.middleware.cache import CacheMiddleware
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

GENERATION_KEY = "pages:generation"


def cache_seconds():
    """How long public pages may be kept (``PORTAL_PAGE_CACHE_SECONDS``); 0 switches caching off."""
    return settings.PORTAL_PAGE_CACHE_SECONDS


def generation():
    """The current key prefix generation. A fresh or flushed cache starts at the current time, so
    pages kept under an earlier number are never found again."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def invalidate():
    """Forget every cached page, in every process that shares the cache."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not there yet, or flushed
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


def is_shareable(request, response):
    """Whether this response may be kept and shown to any anonymous visitor: not for someone signed
    in, with a session (a page password they gave lives there) or with flash messages waiting."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code == 200
        and not getattr(request, "is_preview", False)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


class PublicPageCacheMixin:
    """For page models: tell caches whether this response is the same for every anonymous visitor."""

    def is_cacheable(self):
        """False for a page that shows a form with the visitor's CSRF token."""
        return True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["content_cache"] = content_cache(request)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        seconds = cache_seconds()
        patch_vary_headers(response, ["Cookie"])
        if seconds and self.is_cacheable() and is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=seconds, s_maxage=seconds)
        else:
            patch_cache_control(response, private=True)
        return response


# How long a page's content fragment may be kept: any change it may show renews the generation, so
# this only bounds the memory an unvisited page's fragment holds.
CONTENT_SECONDS = 24 * 60 * 60


def content_cache(request):
    """For ``{% cache content_cache.seconds "name" page.pk content_cache.version %}`` around the
    part of a page that is the same for every visitor. A preview shows a draft: it is never read
    from nor kept in the cache (a key of its own, kept for no time)."""
    if getattr(request, "is_preview", False):
        return {"seconds": 0, "version": f"preview.{time.time_ns()}"}
    return {"seconds": CONTENT_SECONDS, "version": generation()}


def cache_public_pages(view):
    """Django's cache middleware around a view (Wagtail's ``serve``), under the current generation.

    Only responses that say how long they may be kept (``max-age``, see the mixin) are stored."""

    @wraps(view)
    def cached(request, *args, **kwargs):
        if not cache_seconds():
            return view(request, *args, **kwargs)
        middleware = CacheMiddleware(
            lambda request: view(request, *args, **kwargs),
            cache_timeout=0,  # a response without max-age is not stored
            key_prefix=f"pages.{generation()}",
        )
        return middleware(request)

    return cached


# --- public pages -------------------------------------------------------------------------------


def get_or_set(name, compute):
    """Django's ``cache.get_or_set`` under the current generation: for facts that public pages
    read on every request and that change only with what renews the generation (kept as long as
    page fragments: an earlier generation's entries expire instead of waiting to be evicted)."""
    return cache.get_or_set(f"pages.{generation()}.{name}", compute, timeout=CONTENT_SECONDS)


def get_many_or_set(name, ids, compute):
    """``get_or_set`` for several objects at once ({id: value}): one cache round trip for those
    kept, and ``compute(missing ids)`` ({id: value}) for the rest, which are then kept. An id that
    ``compute`` leaves out is looked up again next time."""
    version = generation()
    keys = {f"pages.{version}.{name}.{pk}": pk for pk in ids}
    found = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        computed = compute(missing)
        cache.set_many(
            {f"pages.{version}.{name}.{pk}": value for pk, value in computed.items()},
            timeout=CONTENT_SECONDS,
        )
        found.update(computed)
    return found


def restricted_paths():
    """The tree paths of the pages with a view restriction (a password, signing in or a group):
    each of them and every page below is private. Any restriction or page change renews them, so
    listings and bylines check privacy without a query."""
    return get_or_set(
        "restricted-paths",
        lambda: sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True))),
    )


def private_q():
    """Wagtail's ``Page.objects.private_q()`` (the pages in private sections), from the cache."""
    private = Q(pk__in=[])
    for path in restricted_paths():
        private |= Q(path__startswith=path)
    return private


def public_pages(queryset):
    """Wagtail's ``queryset.live().public()``, with the private sections from the cache."""
    return queryset.live().exclude(private_q())


def is_public(page):
    """Whether one page (a guide's owner, a post's author) is outside every private section."""
    return not any(page.path.startswith(path) for path in restricted_paths())


# --- invalidation -------------------------------------------------------------------------------

# Besides pages: models whose rows public pages show or depend on (an image's title is a photo's
# alt text; a new file makes new renditions). Renditions, made while pages render, are not.
WATCHED_APPS = {"taxonomy"}
WATCHED_MODELS = (
    Page,
    Site,
    PageViewRestriction,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
)


def _watched(model):
    return model._meta.app_label in WATCHED_APPS or issubclass(model, WATCHED_MODELS)


def _on_save(sender, created=False, **kwargs):
    if created and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        return  # made with its defaults on first read, while a page renders: nothing changed
    if _watched(sender):
        invalidate()


def _on_delete(sender, **kwargs):
    if _watched(sender):
        invalidate()


def _on_page_signal(sender, **kwargs):
    invalidate()


def _purge_sections(sender, instance, **kwargs):
    """Behind a CDN Wagtail purges a published or unpublished page itself; the pages that list it
    (its parent section and the home page above it) are purged too."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    batch.add_pages(instance.get_ancestors().filter(depth__gt=1).specific())
    batch.purge()


def connect():
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        page_published.connect(_purge_sections, dispatch_uid="page-cache-purge-published")
        page_unpublished.connect(_purge_sections, dispatch_uid="page-cache-purge-unpublished")
    post_save.connect(_on_save, dispatch_uid="page-cache-saved")
    post_delete.connect(_on_delete, dispatch_uid="page-cache-deleted")
    page_published.connect(_on_page_signal, dispatch_uid="page-cache-published")
    page_unpublished.connect(_on_page_signal, dispatch_uid="page-cache-unpublished")
    post_page_move.connect(_on_page_signal, dispatch_uid="page-cache-moved")
