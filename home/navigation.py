"""The site's sections, read from the page tree: the live pages right under the site's home page.

Every page shows the main navigation (the sections marked "Show in menus", in their order in the
tree) and links to the singleton index pages (the directory, the guides, the news and its feeds).
Templates link to them with ``{% pageurl site_sections.blogindexpage %}`` or
``{% routablepageurl site_sections.liaisonindexpage "find_for_programme" %}``, never with a written
path, so a section an editor renames or moves keeps its links.

The sections are kept in the page cache's shared store (``core.caching.get_or_set``), one entry
per host name, so the navigation costs no query, not even the site's; any page, site or setting
change renews them with every cached page.
"""

from wagtail.models import Site

from core.caching import get_or_set


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
        pages = get_or_set(
            f"sections.{request.get_host()}",
            lambda: _compute(Site.find_for_request(request)),
        )
        request._portal_sections = Sections(pages)
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
