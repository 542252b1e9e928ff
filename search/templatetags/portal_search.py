from django import template

from search import text

register = template.Library()


@register.filter
def highlight(value, terms):
    """`{{ summary|highlight:terms }}`: the text escaped, with the search terms in <mark>."""
    return text.highlight(str(value or ""), terms or [])
