from django import template

from search.jsonld import describe, script_tag

register = template.Library()


@register.simple_tag(takes_context=True)
def jsonld(context, page):
    """`{% jsonld page %}`: the page's schema.org description in a non-executable data block."""
    data = describe(page, context.get("request")) if page is not None else None
    return script_tag(data) if data else ""
