"""Everything under /api/: CORS headers are added for these paths (CORS_URLS_REGEX)."""

from django.urls import path

from . import views
from .api import api_router

urlpatterns = [
    path("v2/", views.api_index, name="api_index"),
    path("v2/", api_router.urls),
    path("openapi.json", views.openapi_json, name="api_openapi"),
    path(
        "librarian-for-programme/<str:code>/",
        views.librarian_for_programme,
        name="api_librarian_for_programme",
    ),
    path("widget/librarian/<str:code>/", views.librarian_widget, name="api_librarian_widget"),
    path("vcard/<slug:slug>.vcf", views.vcard, name="api_vcard"),
]
