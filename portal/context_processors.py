from django.conf import settings
from django.utils.functional import SimpleLazyObject

from core.caching import generation
from home.navigation import for_request, main_nav


def navigation(request):
    """The site's name, its sections (``site_sections.blogindexpage`` …, for ``{% pageurl %}`` and
    ``{% routablepageurl %}``) and the main navigation built from the page tree: (title, url,
    current) for each section shown in menus. Both are looked up only by templates that use them.
    ``page_generation`` keys ``{% cache %}`` fragments (the footer) to the page cache's generation,
    which any page, site, setting or taxonomy change renews."""
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "site_sections": SimpleLazyObject(lambda: for_request(request)),
        "main_nav": SimpleLazyObject(lambda: main_nav(request)),
        "page_generation": generation,
    }
