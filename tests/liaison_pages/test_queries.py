"""What each public page costs in SQL queries.

* Just after a change (a page published, the taxonomy edited: nothing of the page kept yet) a page
  costs the same number of queries with a little content and with five times as much (no query
  per card, per post or per guide), and no more than its ceiling.
* Once seen, with the page cache off (a signed-in visitor, whom it never serves), every page costs
  at most the performance budget of 10 queries: Wagtail's routing and view-restriction check, the
  visitor's own part of the page, and nothing for content kept as a fragment (core.caching).
"""

import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.caching import invalidate
from students.models import Assignment
from tests.factories import (
    ServiceIndexPageFactory,
    ServicePageFactory,
    StudentFactory,
    build_site_tree,
)

from .conftest import add_unit, build_portal

# the test database is made only for a run that has a test marked for it
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index_for_module")]

BUDGET = 10
# What each page costs just after a change, on SQLite with the page cache off: a page over its
# ceiling has grown a query. Every page starts with what Wagtail itself asks (the site, the site
# root, two queries per URL segment while routing and two for view restrictions); after a change
# the navigation, the footer and the facts kept under the page cache's generation are read again.
CEILINGS = {
    "home": 16,
    "directory": 21,
    "find your librarian": 22,
    "profile": 25,
    "guide index": 16,
    "guide": 21,
    "news index": 18,
    "post": 22,
    "feed": 10,
    "librarian feed": 10,
    "subject feed": 11,
    "search": 17,
    "sitemap": 4,
    "services": 20,
    "service": 25,
    "my librarian": 18,
}
SIGNED_IN = {"my librarian"}


def add_services(site_tree, data):
    """The catalogue and one service per unit of content, offered by that unit's librarians."""
    if "service_index" not in data:
        data["service_index"] = ServiceIndexPageFactory(parent=site_tree["home"])
        data["services"] = []
    while len(data["services"]) < data["units"]:
        n = len(data["services"])
        data["services"].append(
            ServicePageFactory(
                parent=data["service_index"],
                title=f"Research consultation {n}",
                subjects=data["subjects"][:2],
                liaisons=data["liaisons"][2 * n : 2 * n + 2],
            )
        )


def student_client(data):
    """A signed-in student whose librarian is the one the tests open."""
    student = StudentFactory(programme=data["programmes"][0])
    EmailAddress.objects.create(
        user=student.user, email=student.user.email, verified=True, primary=True
    )
    Assignment.objects.create(
        student=student, liaison=data["first"], programme=student.programme, reason="test"
    )
    client = Client()
    client.force_login(student.user)
    return client


def public_urls(data):
    first, subject = data["first"], data["subjects"][0]
    return {
        "home": "/",
        "directory": "/librarians/",
        "find your librarian": f"/librarians/find/?programme={data['programmes'][0].code}",
        "profile": first.url,
        "guide index": "/guides/",
        "guide": data["guides"][0].url,
        "news index": "/news/",
        "post": data["posts"][0].url,
        "feed": "/news/feed/",
        "librarian feed": f"/news/feed/librarian/{first.slug}/",
        "subject feed": f"/news/feed/subject/{subject.slug}/",
        "search": "/search/?q=librarian",
        "sitemap": "/sitemap.xml",
        "services": data["service_index"].url,
        "service": data["services"][0].url,
        "my librarian": "/my-librarian/",
    }


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response)
    assert response.status_code == 200, url
    return len(queries)


def count_queries(clients, urls):
    """{page: (queries just after a change, queries once seen)}."""
    counts = {}
    for name, url in urls.items():
        client = clients["student" if name in SIGNED_IN else "anonymous"]
        assert client.get(url).status_code == 200, url  # renditions made
        invalidate()  # as after any publish: nothing the page shows is kept
        after_change = queries_for(client, url)
        counts[name] = (after_change, queries_for(client, url))
    return counts


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """Queries per page with one unit of content and with five, measured once for this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        site_tree = build_site_tree()
        data = build_portal(site_tree, units=1)
        add_services(site_tree, data)
        clients = {"anonymous": Client(), "student": student_client(data)}
        urls = public_urls(data)
        small = count_queries(clients, urls)
        for _ in range(4):
            add_unit(site_tree, data)
        add_services(site_tree, data)
        large = count_queries(clients, urls)
        transaction.set_rollback(True)
    report = "\n".join(
        f"  {name:<22}{small[name][0]:>4}{large[name][0]:>4}{large[name][1]:>6}" for name in small
    )
    print(f"\nSQL queries per page (after a change: 1 unit, 5 units; once seen):\n{report}")
    return small, large, report


def test_public_pages_query_count_does_not_grow_with_content(counts):
    small, large, report = counts
    small = {name: n[0] for name, n in small.items()}
    large = {name: n[0] for name, n in large.items()}
    # Search may show fewer result types on its first page once one type fills it: fewer, never
    # more. Every other page costs exactly the same.
    growing = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    assert not growing, f"query count grows with the data (N+1): {growing}\n{report}"
    changed = {
        name: (small[name], large[name])
        for name in small
        if name != "search" and large[name] != small[name]
    }
    assert not changed, f"query count changes with the data: {changed}\n{report}"
    over = {name: count for name, count in large.items() if count > CEILINGS[name]}
    assert not over, f"pages over their query ceiling: {over} (ceilings {CEILINGS})\n{report}"


def test_public_pages_stay_within_the_query_budget_once_seen(counts):
    small, large, report = counts
    once_seen = {name: max(small[name][1], large[name][1]) for name in small}
    over_budget = {name: n for name, n in once_seen.items() if n > BUDGET}
    assert not over_budget, f"over the query budget of {BUDGET}: {over_budget}\n{report}"
