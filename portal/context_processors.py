from django.conf import settings


def navigation(request):
    """Main navigation: fixed section URLs (the sections are singletons under the home page)."""
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "main_nav": [
            ("Find your librarian", "/librarians/"),
            ("Subject guides", "/guides/"),
            ("Services", "/services/"),
            ("News", "/news/"),
        ],
    }
