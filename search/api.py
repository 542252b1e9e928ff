"""Wagtail's read-only API v2 at /api/v2/: published, public pages only (Wagtail's pages endpoint
filters to live, public pages of the requesting site). Images and documents are not exposed."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
