"""One page of a listing, the same way for every listing of the portal."""

from django.core.paginator import Paginator

PAGE_SIZE = 12


def paginate(items, number, per_page=PAGE_SIZE):
    """Page ``number`` of ``items`` (Django's ``Paginator.get_page``): a missing or non-numeric
    number gives the first page, one past the end the last, so a hand-edited ``?page=`` never
    errors."""
    return Paginator(items, per_page).get_page(number)
