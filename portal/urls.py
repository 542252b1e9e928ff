from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from core.caching import cache_public_pages
from home.sitemap import PortalSitemap
from ops import views as ops_views
from ops.media import media_urlpatterns
from search import views as search_views
from students import views as students_views

urlpatterns = [
    # before Wagtail's admin: its sign-in page only redirects to allauth's (one way in for everyone)
    path("admin/login/", ops_views.admin_login, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # allauth's sign-up, able to start with the programme chosen (?programme=CODE)
    path("accounts/signup/", students_views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("my-librarian/", include("students.urls")),
    path("contact/", include("inbox.urls")),
    path("outreach/", include("outreach.urls")),
    path("consultations/", include("consultations.urls")),
    path("search/", include("search.urls")),
    path("api/", include("search.api_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PortalSitemap}}, name="sitemap"),
    path("robots.txt", search_views.robots_txt, name="robots_txt"),
    path("healthz", ops_views.healthz, name="healthz"),
    path("", include("ops.urls")),  # /.well-known/security.txt and the policy it links to
]

# A database outage shows a "nothing was saved, try again" 503 page instead of a generic 500.
handler500 = "ops.views.server_error"

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Uploaded images on a single machine (in development and without object storage). Documents are
# never served from /media/, under any spelling of the path: /documents/<id>/<name> checks the
# collection's privacy and sends safe Content-Type/Content-Disposition headers (ops/media.py).
urlpatterns += media_urlpatterns()

if getattr(settings, "PORTAL_BENCH_FLOOR", False):
    urlpatterns += [path("bench/floor/", ops_views.floor)]  # `make bench` only: the framework floor

urlpatterns += [
    # Wagtail's pages, kept for anonymous visitors by Django's cache middleware (core.caching)
    re_path(serve_pattern, cache_public_pages(wagtail_views.serve), name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
