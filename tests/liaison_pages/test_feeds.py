"""RSS feeds of news: all posts, one librarian's, one subject's. Valid RSS with the right items."""

import datetime

import feedparser
import pytest

from tests.factories import BlogPostPageFactory, LiaisonPageFactory, SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(site_tree):
    ada = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    ben = LiaisonPageFactory(parent=site_tree["librarians"], title="Ben Okafor")
    chemistry = SubjectFactory(name="Chemistry")
    law = SubjectFactory(name="Law")

    def post(title, author, subjects, day, **kwargs):
        return BlogPostPageFactory(
            parent=site_tree["news"],
            title=title,
            author=author,
            subjects=subjects,
            date=datetime.date(2026, 2, day),
            intro=f"About {title.lower()}.",
            **kwargs,
        )

    post("Reaxys trial", ada, [chemistry], 3)
    post("Lab safety week", ada, [chemistry, law], 5)
    post("Moot court resources", ben, [law], 4)
    post("Unannounced plans", ada, [chemistry], 6, live=False)
    return {"ada": ada, "ben": ben, "chemistry": chemistry, "law": law}


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


def test_feed_lists_all_published_posts_newest_first(client, news):
    feed = read_feed(client, "/news/feed/")
    assert [e.title for e in feed.entries] == [
        "Lab safety week",
        "Moot court resources",
        "Reaxys trial",
    ]
    entry = feed.entries[0]
    assert entry.link == "http://testserver/news/lab-safety-week/"
    assert entry.summary == "About lab safety week."
    assert {t.term for t in entry.tags} == {"Chemistry", "Law"}
    assert entry.published_parsed[:3] == (2026, 2, 5)


def test_librarian_feed_has_only_their_posts(client, news):
    feed = read_feed(client, f"/news/feed/librarian/{news['ada'].slug}/")
    assert feed.feed.title == "News from Ada Byrne"
    assert [e.title for e in feed.entries] == ["Lab safety week", "Reaxys trial"]


def test_subject_feed_has_only_posts_on_that_subject(client, news):
    feed = read_feed(client, f"/news/feed/subject/{news['law'].slug}/")
    assert feed.feed.title == "News about Law"
    assert [e.title for e in feed.entries] == ["Lab safety week", "Moot court resources"]


def test_unpublished_post_is_in_no_feed(client, news):
    for url in (
        "/news/feed/",
        f"/news/feed/librarian/{news['ada'].slug}/",
        f"/news/feed/subject/{news['chemistry'].slug}/",
    ):
        titles = [e.title for e in read_feed(client, url).entries]
        assert "Unannounced plans" not in titles, url


def test_feed_for_unknown_librarian_or_subject_is_404(client, news):
    assert client.get("/news/feed/librarian/nobody/").status_code == 404
    assert client.get("/news/feed/subject/astrology/").status_code == 404


def test_news_page_advertises_its_feed(client, news):
    html = client.get("/news/").content.decode()
    assert 'type="application/rss+xml"' in html
    assert 'href="/news/feed/"' in html


@pytest.mark.parametrize("kept", [False, True], ids=["made", "kept"])
def test_each_feed_reaches_the_server_in_one_piece(client, news, settings, kept):
    """A WSGI server sends every piece a response yields on its own. Django's feed generator writes
    hundreds of them (730 for the benchmark's news feed); sent one by one they made a kept feed
    five times slower to serve than a kept page."""
    from django.core.cache import cache

    settings.PORTAL_PAGE_CACHE_SECONDS = 300 if kept else 0
    cache.clear()
    for url in (
        "/news/feed/",
        f"/news/feed/librarian/{news['ada'].slug}/",
        f"/news/feed/subject/{news['law'].slug}/",
    ):
        client.get(url)  # the page cache keeps it
        response = client.get(url)
        assert response.status_code == 200
        pieces = list(response)  # what the server is given to send
        assert len(pieces) == 1, f"{url}: {len(pieces)} pieces"
        assert b"<rss" in pieces[0]
    cache.clear()
