from wagtail.contrib.sitemaps import Sitemap

from core.caching import public_pages


class PortalSitemap(Sitemap):
    """Wagtail's sitemap of live public pages, in a fixed number of queries: the private-section
    look-up is skipped while nothing is private (core.caching), and pages are not fetched from each
    page type's own table, as `get_sitemap_urls()` only reads fields every page has (URL path,
    publication dates). A page type that overrides it to read its own fields must drop `defer=True`."""

    def items(self):
        return (
            public_pages(self.get_wagtail_site().root_page.get_descendants(inclusive=True))
            .order_by("path")
            .specific(defer=True)
        )
