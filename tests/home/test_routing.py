"""Routing by url_path (home.routing) serves the same page as Wagtail's per-segment routing, in fewer
queries; the cached site, settings and view-restriction flag (home.sitecache) follow every change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from core.models import PortalSettings
from home.routing import route_by_url_path
from tests.factories import (
    BlogPostPageFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(site_tree):
    programme = ProgrammeFactory(code="BSC-CHEM", name="BSc Chemistry")
    liaison = LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ada Byron", programmes=[programme]
    )
    guide = GuidePageFactory(parent=site_tree["guides"], title="Chemistry databases")
    nested = GuidePageFactory(parent=guide, title="Patents in depth")
    deepest = GuidePageFactory(parent=nested, title="European patents")
    post = BlogPostPageFactory(parent=site_tree["news"], title="Workshop week", author=liaison)
    return {
        **site_tree,
        "liaison": liaison,
        "guide": guide,
        "deepest": deepest,
        "post": post,
        "programme": programme,
    }


def test_a_page_four_levels_deep_is_served(client, portal):
    response = client.get("/guides/chemistry-databases/patents-in-depth/european-patents/")
    assert response.status_code == 200
    assert "European patents" in response.content.decode()


def test_profile_page_is_served(client, portal):
    response = client.get("/librarians/ada-byron/")
    assert response.status_code == 200
    assert "Ada Byron" in response.content.decode()


def test_news_feed_sub_route_is_served(client, portal):
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    assert b"Workshop week" in response.content


def test_librarian_lookup_sub_route_is_served(client, portal):
    response = client.get("/librarians/find/?programme=BSC-CHEM")
    assert response.status_code == 200
    assert "Ada Byron" in response.content.decode()


def test_sub_route_wins_over_a_child_page_with_the_same_slug_as_in_wagtail(client, portal):
    LiaisonPageFactory(parent=portal["librarians"], title="Find", slug="find")
    response = client.get("/librarians/find/?programme=BSC-CHEM")
    assert response.status_code == 200
    assert "Ada Byron" in response.content.decode()  # the lookup, not the profile called "Find"


def test_unpublished_page_is_not_found(client, portal):
    portal["guide"].unpublish()
    assert client.get("/guides/chemistry-databases/").status_code == 404
    # Wagtail serves a live page below a draft one; so does the one-query routing
    assert client.get("/guides/chemistry-databases/patents-in-depth/").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/nothing-here/",
        "/guides/nothing-here/",
        "/librarians/ada-byron/extra/",
        "/news/feed/unknown/",
        "/guides/chemistry-databases/patents-in-depth/european-patents/more/",
    ],
)
def test_unknown_paths_are_not_found(client, portal, path):
    assert client.get(path).status_code == 404


def test_password_protected_page_still_asks_for_the_password(client, portal):
    restriction = PageViewRestriction.objects.create(
        page=portal["guide"], restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.get("/guides/chemistry-databases/patents-in-depth/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="password"' in html
    assert "Patents in depth" not in html

    restriction.delete()
    response = client.get("/guides/chemistry-databases/patents-in-depth/")
    assert "Patents in depth" in response.content.decode()


def _view(args):
    """A sub-route's view function name and arguments (bound methods differ per instance)."""
    if not args:
        return args
    view, view_args, view_kwargs = args
    return (view.__name__, view_args, view_kwargs)


def test_same_result_as_wagtails_own_routing(portal, rf):
    home = portal["home"]
    paths = [
        "librarians",
        "librarians/ada-byron",
        "librarians/find",
        "news/feed",
        "news/feed/librarian/ada-byron",
        "news/workshop-week",
        "guides/chemistry-databases/patents-in-depth/european-patents",
    ]
    for path in paths:
        components = path.split("/")
        ours = route_by_url_path(home, rf.get(f"/{path}/"), components)
        wagtails = Page.route(home, rf.get(f"/{path}/"), components)
        assert (ours.page.pk, type(ours.page), _view(ours.args)) == (
            wagtails.page.pk,
            type(wagtails.page),
            _view(wagtails.args),
        ), path


def test_profile_page_costs_at_most_ten_queries(client, portal):
    url = "/librarians/ada-byron/"
    assert client.get(url).status_code == 200  # warm: renditions, cached site and settings
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert len(queries) <= 10, [q["sql"][:120] for q in queries]
    assert not [q for q in queries if "wagtailcore_site" in q["sql"]]


def test_cached_home_page_and_settings_follow_edits(client, portal):
    assert client.get("/").status_code == 200
    home = portal["home"]
    home.headline = "Meet your personal librarian"
    home.save_revision().publish()
    settings = PortalSettings.load()
    settings.footer_text = "Library of the Future"
    settings.save()

    html = client.get("/").content.decode()
    assert "Meet your personal librarian" in html
    assert "Library of the Future" in html


def test_moved_page_is_served_at_its_new_address(client, portal):
    assert client.get("/guides/chemistry-databases/patents-in-depth/").status_code == 200
    Page.objects.get(pk=portal["deepest"].pk).move(portal["guides"], pos="last-child")
    assert client.get("/guides/european-patents/").status_code == 200
    old = client.get("/guides/chemistry-databases/patents-in-depth/european-patents/")
    assert old.status_code in (301, 404)  # Wagtail's automatic redirect, when enabled
    if old.status_code == 301:
        assert old["Location"].endswith("/guides/european-patents/")


def test_a_page_seen_before_is_routed_without_its_url_query(client, portal):
    url = "/news/workshop-week/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not [q for q in queries if "url_path" in q["sql"] and " IN (" in q["sql"]]


def test_remembered_routes_follow_unpublishing_renaming_and_moving(client, portal):
    guide = "/guides/chemistry-databases/"
    deepest = "/guides/chemistry-databases/patents-in-depth/european-patents/"
    for url in (guide, deepest, "/news/workshop-week/"):
        assert client.get(url).status_code == 200  # remembered now

    Page.objects.get(pk=portal["guide"].pk).specific.unpublish()
    assert client.get(guide).status_code == 404

    post = portal["post"]
    post.slug = "workshop-fortnight"
    post.save_revision().publish()
    assert client.get("/news/workshop-fortnight/").status_code == 200
    assert client.get("/news/workshop-week/").status_code in (301, 404)

    Page.objects.get(pk=portal["deepest"].pk).move(portal["guides"], pos="last-child")
    assert client.get("/guides/european-patents/").status_code == 200
    assert client.get(deepest).status_code in (301, 404)


def test_made_up_addresses_are_not_remembered(client, portal):
    from home import routing

    client.get("/news/workshop-week/")
    remembered = len(routing._chains)
    for n in range(50):
        assert client.get(f"/news/no-such-post-{n}/").status_code == 404
        assert client.get(f"/news/feed/librarian/nobody-{n}/").status_code == 404
    assert len(routing._chains) == remembered
