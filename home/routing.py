"""Routing a whole URL in one query instead of Wagtail's one (or two) per path segment.

Wagtail routes /a/b/c/ by asking each page for its child: root → a → b → c, fetching the base page
and then the specific page at every step. Every page's ``url_path`` already spells out that chain, so
``route_by_url_path`` fetches the base rows of all the candidate pages (/a/, /a/b/, /a/b/c/) at once,
then hands over to the right page's own ``route()``:

* an intermediate page whose class routes sub-URLs (``RoutablePageMixin``, such as the news feeds at
  /news/feed/ or /librarians/find/) gets the rest of the path if one of its routes matches it,
  exactly as Wagtail gives sub-routes precedence over child pages;
* an intermediate page with any other custom ``route()`` gets the rest of the path as well;
* otherwise the deepest page found gets what is left of the path (nothing, when the whole URL is a
  page), so the usual checks (live, 404 for unknown children) stay Wagtail's own.

The specific page is fetched in one more query; when its parent section declares how its children are
routed (``ChildRouteMixin.child_select_related`` / ``child_prefetch_related``), those are applied.
The base rows of a URL that is wholly pages are kept per process until the site cache's generation
changes, so a page seen before is routed with that one query only.
"""

import functools
import threading
from collections import OrderedDict

from django.apps import apps
from django.http import Http404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from . import sitecache


def _known_routes():
    return {Page.route, RoutablePageMixin.route}


def _route_kind(cls):
    """ "plain" (a URL segment is the slug of a child page), "routable" (RoutablePageMixin sub-routes
    first, then children) or "custom" (some other route(): let it have the rest of the path)."""
    routes = {k.__dict__["route"] for k in cls.__mro__ if "route" in k.__dict__}
    if routes - _known_routes():
        return "custom"
    return "routable" if RoutablePageMixin.route in routes else "plain"


def _has_subroute(cls, remaining):
    try:
        cls.get_resolver().resolve("/" + "/".join(remaining) + "/")
    except Http404:
        return False
    return True


def _specific(page, parent_cls):
    """The specific page for a base row, with what its section prefetches for its children."""
    cls = page.specific_class
    if cls is None:
        return page
    child_model = getattr(parent_cls, "child_page_model", None)
    queryset = cls.objects.all()
    if child_model and apps.get_model(child_model) is cls:
        queryset = queryset.select_related(*parent_cls.child_select_related).prefetch_related(
            *parent_cls.child_prefetch_related
        )
    # No ORDER BY for a primary-key look-up: with a wide select_related, Django spends longer
    # compiling `.first()`'s ordering than the database spends on the query.
    found = list(queryset.filter(pk=page.pk).order_by()[:1])
    return found[0] if found else page.specific


# Complete chains (every segment of the URL is a page) found recently, per process: the URL of a
# page costs no query at all until the site cache's generation moves on, which any change to a
# page, its URL or its publication does. Chains that stop early (feeds, 404s) are not kept, so
# made-up URLs cannot fill it.
CHAIN_CACHE_SIZE = 4096
_chains = OrderedDict()
_chains_lock = threading.Lock()
_BASE_ATTNAMES = {"id", "content_type_id", "depth", "path", "url_path", "live"}


@functools.cache
def _attnames():
    """The base fields in the model's own order, as ``Model.from_db`` expects them."""
    return tuple(f.attname for f in Page._meta.concrete_fields if f.attname in _BASE_ATTNAMES)


def _find_chain(root, prefixes):
    """Rows (``_attnames()`` values) of the consecutive pages along `prefixes`, shallowest first."""
    names = _attnames()
    url_path, depth = names.index("url_path"), names.index("depth")
    found = {
        row[url_path]: row
        for row in Page.objects.filter(
            url_path__in=prefixes,
            path__startswith=root.path,
            depth__gt=root.depth,
            depth__lte=root.depth + len(prefixes),
        )
        .order_by()
        .values_list(*names)
    }
    chain = []
    for prefix in prefixes:  # the consecutive ancestors that exist, shallowest first
        row = found.get(prefix)
        if row is None or row[depth] != root.depth + len(chain) + 1:
            break
        chain.append(row)
    return chain


def _chain(root, prefixes):
    generation = sitecache.generation()
    key = (generation, root.pk, tuple(prefixes))
    rows = None
    if generation is not None:
        with _chains_lock:
            rows = _chains.get(key)
            if rows is not None:
                _chains.move_to_end(key)
    if rows is None:
        rows = _find_chain(root, prefixes)
        if generation is not None and len(rows) == len(prefixes):
            with _chains_lock:
                _chains[key] = rows
                while len(_chains) > CHAIN_CACHE_SIZE:
                    _chains.popitem(last=False)
    db = Page.objects.db
    return [Page.from_db(db, _attnames(), row) for row in rows]


def route_by_url_path(root, request, path_components):
    """Route `path_components` below `root` (a site's root page) as Wagtail would, in fewer queries."""
    prefixes = [
        root.url_path + "".join(f"{c}/" for c in path_components[: i + 1])
        for i in range(len(path_components))
    ]
    chain = _chain(root, prefixes)
    if not chain:
        return Page.route(root, request, path_components)  # Wagtail's own 404

    parent_cls = type(root)
    for i, page in enumerate(chain):
        cls = page.specific_class or Page
        remaining = path_components[i + 1 :]
        if i == len(chain) - 1:
            specific = _specific(page, parent_cls)
            # the parent's row is at hand: `get_parent()` (back links, breadcrumbs) costs no query
            specific._cached_parent_obj = chain[i - 1] if i else root
            return specific.route(request, remaining)
        kind = _route_kind(cls)
        if kind == "custom" or (kind == "routable" and page.live and _has_subroute(cls, remaining)):
            return _specific(page, parent_cls).route(request, remaining)
        parent_cls = cls
