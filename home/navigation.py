"""The site's sections, read from the page tree: the live pages right under the site's home page.

Every page shows the main navigation (the sections marked "Show in menus", in their order in the
tree) and links to the singleton index pages (the directory, the guides, the news and its feeds).
Templates link to them with ``{% pageurl site_sections.blogindexpage %}`` or
``{% routablepageurl site_sections.liaisonindexpage "find_for_programme" %}``, never with a written
path, so a section an editor renames or moves keeps its links.

The sections are kept in Django's cache (one entry per site, shared by every process) and forgotten
whenever a page or a site is saved (publishing saves the page), unpublished, moved or deleted, so
the navigation costs no query.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import page_unpublished, post_page_move

CACHE_KEY = "home.navigation.sections"
TIMEOUT = 60 * 60


class Sections:
    """The live children of one site's root page, by position and by type.

    ``site_sections.<model_name>`` is the first such page of that type (``liaisonindexpage``,
    ``guideindexpage``, ``blogindexpage``, ``serviceindexpage``, ``enquiryindexpage``), or None.
    """

    def __init__(self, pages):
        self.pages = pages

    def __getattr__(self, name):
        if not name.endswith("page"):
            raise AttributeError(name)
        for page in self.pages:
            if page._meta.model_name == name:
                return page
        return None

    def menu(self):
        return [page for page in self.pages if page.show_in_menus]


def _compute(site):
    if site is None:
        return []
    return list(site.root_page.get_children().live().specific().order_by("path"))


def for_request(request):
    """The sections of the request's site (computed once per request, then read from the cache)."""
    if not hasattr(request, "_portal_sections"):
        site = Site.find_for_request(request)
        site_pk = site.pk if site is not None else None
        by_site = cache.get(CACHE_KEY) or {}
        if site_pk not in by_site:
            by_site = {**by_site, site_pk: _compute(site)}
            cache.set(CACHE_KEY, by_site, TIMEOUT)
        request._portal_sections = Sections(by_site[site_pk])
    return request._portal_sections


def main_nav(request):
    """(title, url, current) for each section shown in menus; current when the request is in it."""
    path = request.path
    entries = []
    for page in for_request(request).menu():
        url = page.get_url(request=request)
        if url:
            entries.append((page.title, url, path.startswith(url)))
    return entries


def invalidate(**kwargs):
    cache.delete(CACHE_KEY)


def _on_change(sender, instance, **kwargs):
    # Any saved or deleted page (a publish saves it too; so do seed_demo and imports) or site.
    if isinstance(instance, (Page, Site)):
        invalidate()


def connect():
    post_save.connect(_on_change, dispatch_uid="navigation-saved")
    post_delete.connect(_on_change, dispatch_uid="navigation-deleted")
    page_unpublished.connect(invalidate, dispatch_uid="navigation-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="navigation-moved")
