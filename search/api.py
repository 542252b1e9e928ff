"""Wagtail's read-only API v2 at /api/v2/: published, public pages only (Wagtail's pages endpoint
filters to live, public pages of the requesting site). Images and documents are not exposed."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint, answering an unknown ?search_operator= with a 400 instead of
    letting the search backend's ValueError become a 500."""

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        operator = self.request.GET.get("search_operator")
        if operator is not None and operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
