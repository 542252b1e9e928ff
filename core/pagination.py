"""One page of a listing, the same way for every listing of the portal."""

from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject

PAGE_SIZE = 12


def paginate(items, number, per_page=PAGE_SIZE):
    """Page ``number`` of ``items`` (Django's ``Paginator.get_page``): a missing or non-numeric
    number gives the first page, one past the end the last, so a hand-edited ``?page=`` never
    errors."""
    return Paginator(items, per_page).get_page(number)


def paginate_when_shown(items, number, per_page=PAGE_SIZE):
    """``paginate``, counted and read only when a template shows the page: a listing kept as a
    ``{% cache %}`` fragment (core.caching.content_cache) costs no query while it is kept."""
    return SimpleLazyObject(lambda: paginate(items, number, per_page=per_page))
