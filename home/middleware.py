from . import sitecache


class CachedSiteMiddleware:
    """Finds the request's Wagtail site in the cache (see `home.sitecache`), so neither routing nor
    site settings ask the database for it. Wagtail reads it back from `request._wagtail_site`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not hasattr(request, "_wagtail_site"):
            request._wagtail_site = sitecache.site_for_request(request)
        return self.get_response(request)
