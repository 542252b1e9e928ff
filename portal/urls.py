from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from home.sitemap import PortalSitemap
from ops import views as ops_views
from search import views as search_views
from students import views as students_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # allauth's sign-up, able to start with the programme chosen (?programme=CODE)
    path("accounts/signup/", students_views.signup, name="account_signup"),
    path("accounts/", include("allauth.urls")),
    path("my-librarian/", include("students.urls")),
    path("search/", include("search.urls")),
    path("api/", include("search.api_urls")),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": PortalSitemap}}, name="sitemap"),
    path("robots.txt", search_views.robots_txt, name="robots_txt"),
    path("healthz", ops_views.healthz, name="healthz"),
]

# A database outage shows a "nothing was saved, try again" 503 page instead of a generic 500.
handler500 = "ops.views.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
else:
    from django.views.static import serve

    # Uploaded media on a single machine; in a multi-server layout media lives on object storage.
    # Documents are never served straight from disk: /documents/<id>/<name> checks privacy
    # settings and sends safe Content-Type/Content-Disposition headers.
    urlpatterns += [
        re_path(
            r"^media/(?!documents/)(?P<path>.+)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

if getattr(settings, "PORTAL_BENCH_FLOOR", False):
    from pagecache.views import floor

    urlpatterns += [path("bench/floor/", floor)]  # `make bench` only: the framework floor

urlpatterns += [path("", include(wagtail_urls))]
