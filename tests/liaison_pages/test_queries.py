"""Every public page costs the same number of SQL queries with a little content and with five times
as much: no query per card, per post or per guide."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import add_unit, build_portal

# What each page costs today, measured on SQLite with warm caches. Routing is one query by url_path
# plus the specific page (home.routing); site, site settings and view restrictions come from the
# cache (home.sitecache). A page over its ceiling has grown a query.
CEILINGS = {
    "home": 5,
    "directory": 10,
    "profile": 10,
    "guide index": 5,
    "guide": 4,
    "news index": 7,
    "post": 5,
    "feed": 5,
    "librarian feed": 6,
    "subject feed": 6,
}


def public_urls(data):
    first, subject = data["first"], data["subjects"][0]
    return {
        "home": "/",
        "directory": "/librarians/",
        "profile": first.url,
        "guide index": "/guides/",
        "guide": data["guides"][0].url,
        "news index": "/news/",
        "post": data["posts"][0].url,
        "feed": "/news/feed/",
        "librarian feed": f"/news/feed/librarian/{first.slug}/",
        "subject feed": f"/news/feed/subject/{subject.slug}/",
    }


def count_queries(client, urls):
    counts = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, url  # warm: renditions made, caches filled
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[name] = len(queries)
    return counts


def test_public_pages_query_count_does_not_grow_with_content(client, site_tree):
    data = build_portal(site_tree, units=1)
    urls = public_urls(data)
    small = count_queries(client, urls)
    for _ in range(4):
        add_unit(site_tree, data)
    large = count_queries(client, urls)

    assert large == small
    over = {name: count for name, count in large.items() if count > CEILINGS[name]}
    assert not over, f"pages over their query ceiling: {over} (ceilings {CEILINGS})"
