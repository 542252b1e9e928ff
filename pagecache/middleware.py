"""Serve anonymous visitors whole pages from the cache (see ``pagecache.cache`` for the rules).

Sits after ``CsrfViewMiddleware`` and ``AuthenticationMiddleware``: the CSRF middleware has read the
visitor's cookie before a cached page gets its fresh token, and sets the cookie on the way out.
"""

from django.http import HttpResponse
from django.middleware.csrf import get_token

from . import cache as pagecache


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not pagecache.request_is_cacheable(request):
            return self.get_response(request)

        key = pagecache.request_key(request)
        if key is None:  # the generation cannot be read (logged): no cached page can be trusted
            response = self.get_response(request)
            response[pagecache.HEADER] = pagecache.BYPASS
            return response
        entry = pagecache.cache.get(key)
        if entry is not None:
            return self._from_cache(request, entry)

        response = self.get_response(request)
        if pagecache.response_is_storable(request, response):
            pagecache.store(request, key, response)
            response[pagecache.HEADER] = pagecache.MISS
        else:
            response[pagecache.HEADER] = pagecache.BYPASS
        return response

    def _from_cache(self, request, entry):
        status, headers, content, needs_csrf, markers = entry
        if needs_csrf:
            content = content.replace(pagecache.CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        for name, value in markers.items():
            setattr(response, name, value)
        response[pagecache.HEADER] = pagecache.HIT
        return response
