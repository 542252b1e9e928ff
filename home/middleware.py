from django.utils.functional import SimpleLazyObject

from core.models import PortalSettings

from . import sitecache

SETTINGS_ATTR = PortalSettings.get_cache_attr_name()


class CachedSiteMiddleware:
    """Finds the request's Wagtail site in the cache (see `home.sitecache`), so neither routing nor
    site settings ask the database for it. Wagtail reads them back from `request._wagtail_site`
    and from the attribute where `PortalSettings.load(request)` keeps the settings for a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = sitecache.site_for_request(request)
        if not hasattr(request, SETTINGS_ATTR):
            setattr(
                request,
                SETTINGS_ATTR,
                SimpleLazyObject(lambda: sitecache.generic_setting(PortalSettings)),
            )
        return self.get_response(request)
