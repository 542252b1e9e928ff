"""Wagtail's read-only API v2 at /api/v2/: published, public pages only (Wagtail's pages endpoint
filters to live, public pages of the requesting site). Images and documents are not exposed."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from liaison_pages.models import LiaisonPage

from . import text


class PortalPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's pages endpoint with hostile input made harmless: an unknown ?search_operator= is a
    400 (not the search backend's ValueError), and ?search= passes only words to the backend, as
    the site search does (SQLite's full-text syntax fails on a lone quote). Inactive librarians'
    profiles are left out, as they are everywhere else."""

    def get_base_queryset(self):
        inactive = LiaisonPage.objects.filter(is_active=False).values("pk")
        return super().get_base_queryset().exclude(pk__in=inactive)

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        params = self.request.GET
        operator = params.get("search_operator")
        if operator is not None and operator not in ("and", "or"):
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if "search" in params:
            cleaned = params.copy()
            cleaned["search"] = text.backend_query(text.clean_query(params["search"]))
            self.request._request.GET = cleaned


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PortalPagesAPIViewSet)
