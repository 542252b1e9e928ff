from django import template
from django.conf import settings

from search.description import page_description

register = template.Library()


@register.simple_tag
def meta_description(page=None):
    """`{% meta_description page %}`: the text for ``<meta name="description">`` (escaped by the
    template). Views without a page, or a tree without a word of text, get a sentence about the
    portal, so the tag is never empty."""
    text = page_description(page) if page is not None and hasattr(page, "depth") else ""
    return text or (
        f"{settings.WAGTAIL_SITE_NAME}: find your personal librarian, subject guides, "
        "library services and news."
    )
