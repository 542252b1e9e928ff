"""schema.org descriptions of public pages as JSON-LD: Person for librarians, Service for services,
BlogPosting for news posts and Article for guides. Only public profile facts; never student data."""

import json

from django.conf import settings
from django.utils.safestring import mark_safe

from liaison_pages.images import safe_rendition

from .text import plain_text

# Characters that could end the <script> data block or start markup inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def dumps_for_script(data):
    """JSON that is safe inside <script type="application/ld+json">: `<`, `>` and `&` become
    \\u escapes, which JSON parsers read back as the same characters."""
    return json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_SCRIPT_ESCAPES)


def script_tag(data):
    return mark_safe(  # noqa: S308 - the JSON is escaped by dumps_for_script
        f'<script type="application/ld+json">{dumps_for_script(data)}</script>'
    )


def _organisation():
    return {"@type": "Library", "name": settings.WAGTAIL_SITE_NAME}


def _url(page, request):
    return page.get_full_url(request)


def _image_url(image, request, spec="fill-400x400"):
    """The picture's address, or None (left out) when there is none or its file is missing."""
    rendition = safe_rendition(image, spec)
    if rendition is None:
        return None
    return request.build_absolute_uri(rendition.url) if request is not None else rendition.url


def _clean(data):
    """Drop empty values so the output only states what is known."""
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def person(page, request=None):
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Person",
            "name": page.title,
            "jobTitle": page.job_title,
            "email": f"mailto:{page.email}" if page.email else None,
            "telephone": page.phone,
            "url": _url(page, request),
            "image": _image_url(page.photo, request),
            "description": plain_text(page.bio)[:500],
            "knowsAbout": [s.name for s in page.subjects.all()],
            "knowsLanguage": page.language_list,
            "workLocation": {"@type": "Place", "name": page.office_location}
            if page.office_location
            else None,
            "worksFor": _organisation(),
        }
    )


def _author(liaison, request):
    if liaison is None:
        return None
    return {"@type": "Person", "name": liaison.title, "url": _url(liaison, request)}


def service(page, request=None):
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Service",
            "name": page.title,
            "description": page.summary,
            "url": _url(page, request),
            "serviceType": page.title,
            "provider": _organisation(),
            "audience": [
                {"@type": "Audience", "audienceType": name} for name in page.audience_names
            ],
            "about": [s.name for s in page.subjects.all()],
        }
    )


def blog_posting(page, request=None):
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "BlogPosting",
            "headline": page.title,
            "description": page.intro,
            "datePublished": page.date.isoformat(),
            "dateModified": page.last_published_at.isoformat() if page.last_published_at else None,
            "url": _url(page, request),
            "mainEntityOfPage": _url(page, request),
            "author": _author(page.get_author_card(), request),
            "publisher": _organisation(),
            "keywords": [s.name for s in page.subjects.all()],
        }
    )


def article(page, request=None):
    return _clean(
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": page.title,
            "description": page.summary,
            "dateModified": page.last_reviewed.isoformat(),
            "datePublished": page.first_published_at.isoformat()
            if page.first_published_at
            else None,
            "url": _url(page, request),
            "mainEntityOfPage": _url(page, request),
            "author": _author(page.get_owner_card(), request),
            "publisher": _organisation(),
            "about": [s.name for s in page.subjects.all()],
        }
    )


BUILDERS = {
    "liaison_pages.liaisonpage": person,
    "services.servicepage": service,
    "liaison_pages.blogpostpage": blog_posting,
    "liaison_pages.guidepage": article,
}


def describe(page, request=None):
    """The JSON-LD dict for a page, or None for page types without one."""
    builder = BUILDERS.get(page._meta.label_lower)
    return builder(page, request) if builder else None
