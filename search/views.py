"""Read-only public endpoints: site search and its suggestions, the librarian-for-programme JSON
lookup, the embeddable widget, vCards, the API index, the OpenAPI description and robots.txt. They
read only public profile data (and, for the lookup, how many students each librarian has), never
students or messages."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from wagtail.models import Site

from core.caching import public_pages
from home import navigation
from liaison_pages.images import safe_rendition
from liaison_pages.models import LiaisonPage, programme_by_code
from students import lookup

from . import openapi, text
from .site_search import RESULT_TYPES, site_search, suggest
from .vcards import vcard_for

MAX_CODE_LENGTH = 20
# Other sites may cache the public lookups briefly; a changed assignment shows within minutes.
PUBLIC_MAX_AGE = 300


@require_GET
def search(request):
    outcome = site_search(request.GET.get("q"), request.GET.get("type"), request.GET.get("page", 1))
    return TemplateResponse(
        request, "search/search.html", {"outcome": outcome, "query": outcome.query}
    )


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def suggestions(request):
    """GET /search/suggest/?q=chem → the pages whose titles start with what was typed, as JSON,
    for the search boxes' suggestion list (static/js/search-suggest.js). Without JavaScript the
    search page lists the same pages when nothing matches the words as typed."""
    query = request.GET.get("q", "")
    return JsonResponse(
        {
            "query": text.clean_query(query),
            "suggestions": [
                {"title": s.title, "url": s.url, "type": s.type} for s in suggest(query)
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _lookup(code):
    """(programme, LookupResult) for a programme code, or (None, None) when the code is unknown."""
    code = (code or "").strip()[:MAX_CODE_LENGTH]
    programme = programme_by_code(code)
    if programme is None:
        return None, None
    return programme, lookup.librarian_for_programme(programme)


def _absolute(request, page):
    """The page's address on the host the caller used (the site's own host for other sites)."""
    return request.build_absolute_uri(page.get_url(request))


def _photo_url(request, liaison, spec="fill-160x160"):
    """The photo's address, or None when there is no photo or its file is missing."""
    rendition = safe_rendition(liaison.photo, spec) if liaison.photo_id else None
    return request.build_absolute_uri(rendition.url) if rendition else None


def _librarian_json(request, listed, reason):
    liaison = listed.liaison
    return {
        "name": liaison.title,
        "title": liaison.job_title,
        "email": liaison.email,
        "profile_url": _absolute(request, liaison),
        "contact_url": f"{_absolute(request, liaison)}#contact",
        "photo_url": _photo_url(request, liaison),
        "status": listed.status,
        "takes_new_students": listed.takes_new_students,
        "reason": reason,
    }


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def librarian_for_programme(request, code):
    """GET /api/librarian-for-programme/<code>/ → whom a new student of the programme is matched
    to and why, and the programme's other librarians (students.lookup), as JSON."""
    programme, result = _lookup(code)
    if programme is None:
        return JsonResponse(
            {
                "error": "unknown_programme",
                "detail": "No programme has this code.",
                "code": code[:MAX_CODE_LENGTH],
            },
            status=404,
        )
    serves = f"serves {programme.name}"
    listed = [
        _librarian_json(request, item, result.reason if item.status == lookup.MATCHED else serves)
        for item in result.listed
    ]
    data = {
        "programme": {
            "code": programme.code,
            "name": programme.name,
            "department": programme.department.name,
            "faculty": programme.department.faculty.name,
        },
        "librarian": listed[0] if result.librarian is not None else None,
        "reason": result.reason,
        "level": result.level,
        "exact": result.exact,
        "librarians": listed,
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@xframe_options_exempt
@require_GET
def librarian_widget(request, code):
    """GET /api/widget/librarian/<code>/ → a small page made to sit in an iframe on a course page."""
    programme, result = _lookup(code)
    status = 200 if programme is not None else 404
    return TemplateResponse(
        request,
        "search/widget_librarian.html",
        {"programme": programme, "result": result, "code": code[:MAX_CODE_LENGTH]},
        status=status,
    )


@require_GET
def vcard(request, slug):
    """GET /api/vcard/<slug>.vcf → a librarian's contact card (public profile facts only)."""
    liaison = get_object_or_404(
        public_pages(LiaisonPage.objects).filter(is_active=True), slug=slug[:255]
    )
    response = HttpResponse(vcard_for(liaison, request), content_type="text/vcard; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{liaison.slug}.vcf"'
    return response


def _site_root(request):
    """The site's own address (Wagtail's Site: host and port as ``manage.py site_address`` set
    them), as every absolute link the sitemap makes."""
    site = Site.find_for_request(request)
    return site.root_url if site is not None else request.build_absolute_uri("/").rstrip("/")


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def api_index(request):
    """GET /api/v2/ → where the open data is, and the fields each page type offers."""
    base = request.build_absolute_uri("/").rstrip("/")
    news = navigation.for_request(request).blogindexpage

    def absolute(path):
        return base + path

    return JsonResponse(
        {
            "name": f"{settings.WAGTAIL_SITE_NAME} open data",
            "endpoints": {
                "pages": absolute(reverse("wagtailapi:pages:listing")),
                "librarian_for_programme": absolute("/api/librarian-for-programme/{code}/"),
                "widget": absolute("/api/widget/librarian/{code}/"),
                "vcard": absolute("/api/vcard/{slug}.vcf"),
                "search_suggestions": absolute(reverse("search_suggest")),
                "openapi": absolute(reverse("api_openapi")),
                "sitemap": absolute(reverse("sitemap")),
                "news_feed": (
                    request.build_absolute_uri(
                        news.get_url(request) + news.reverse_subpage("feed_all")
                    )
                    if news
                    else None
                ),
            },
            "page_types": {
                model._meta.label: {
                    "fields": ["title", *(field.name for field in model.api_fields)]
                }
                for model in (t.model for t in RESULT_TYPES)
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )


@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
@require_GET
def openapi_json(request):
    """GET /api/openapi.json → the OpenAPI description of the endpoints above."""
    return JsonResponse(
        openapi.description(request.build_absolute_uri("/").rstrip("/")),
        json_dumps_params={"ensure_ascii": False},
    )


# Never for robots: the admin, sign-in and student pages, and search results (endless).
ROBOTS_DISALLOW = ["/admin/", "/accounts/", "/my-librarian/", "/search/"]


@require_GET
def robots_txt(request):
    """GET /robots.txt → what crawlers may read, and where the sitemap is."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines += ["", f"Sitemap: {_site_root(request)}/sitemap.xml"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
