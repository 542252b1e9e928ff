"""Per-request facts every page needs, kept in Django's cache instead of asked of the database.

Every public page used to pay for the same few queries before its own content: the site for the
request's host (with its root page), the site settings, and the check for view restrictions. None of
these change between requests, so they are cached under a *generation*: any save or delete of a page,
a site, a site setting, a view restriction or a programme (and any page move) starts a new
generation, and earlier entries are simply never read again. The list of offered programmes that
public forms show is kept here too (``taxonomy.choices``).

The generation is shared with the other processes (and app servers) by ``portal.generation``; while
it cannot be read, every value is computed afresh.
"""

import hashlib

from django.core.cache import cache

from portal.generation import Generation

GENERATION = Generation("sitecache")
TIMEOUT = 60 * 60  # entries of a current generation are still refreshed hourly


def generation():
    return GENERATION.current()


def invalidate():
    """Forget every cached site, setting and restriction flag (in every process)."""
    GENERATION.bump()


def get_or_set(name, compute):
    """The cached value of `name` for the current generation, computed (and stored) on a miss.

    `compute` may return None; that is cached too.
    """
    current = generation()
    if current is None:
        return compute()
    return cache.get_or_set(f"sitecache:{current}:{name}", compute, TIMEOUT)


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


def restricted_paths():
    """The tree paths of the pages that carry a view restriction (a password, signing in or a
    group): each of them and every page below it is private."""
    from wagtail.models import PageViewRestriction

    return get_or_set(
        "restricted-paths",
        lambda: tuple(
            sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
        ),
    )


def view_restrictions_exist():
    """Whether any page in the portal has a view restriction (private or password pages)."""
    return bool(restricted_paths())


def site_setting(model, site):
    """The `BaseSiteSetting` instance of `model` for `site` (made with its defaults if missing)."""
    return get_or_set(f"setting:{model._meta.label_lower}:{site.pk}", lambda: model.for_site(site))


def generic_setting(model):
    """The one instance of a `BaseGenericSetting` `model` (made with its defaults if missing)."""
    return get_or_set(f"setting:{model._meta.label_lower}", model.load)


def private_q():
    """`Page.objects.private_q()` (the pages inside private sections) from the cached paths: no
    query, and an empty filter while no page has a view restriction."""
    from django.db.models import Q

    q = Q()
    for path in restricted_paths():
        q |= Q(path__startswith=path)
    return q


def public_pages(queryset):
    """The pages of ``queryset`` that anyone may see: live and outside every private section
    (Wagtail's ``.live().public()``, without its query). Every public listing, feed, lookup and
    "related" list selects its pages through this."""
    return queryset.live().exclude(private_q())


def is_public(page):
    """Whether one page (a guide's owner, a post's author) is outside every private section."""
    return not any(page.path.startswith(path) for path in restricted_paths())


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

    from taxonomy.models import Programme  # the offered programmes (taxonomy.choices)

    return issubclass(
        model,
        (Page, Site, Locale, PageViewRestriction, BaseSiteSetting, BaseGenericSetting, Programme),
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
