from django.conf import settings

MAIN_NAV = [
    ("Find your librarian", "/librarians/"),
    ("Subject guides", "/guides/"),
    ("Services", "/services/"),
    ("News", "/news/"),
]


def navigation(request):
    """Main navigation: fixed section URLs (the sections are singletons under the home page).
    Each entry is (label, url, current), current when the request is in that section."""
    path = getattr(request, "path", "") or ""
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "main_nav": [(label, url, path.startswith(url)) for label, url in MAIN_NAV],
    }
