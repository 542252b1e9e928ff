"""The page cache for anonymous visitors (core.caching): what caches are told, what is kept
and for whom, that every change a public page may show is seen at once, and that public pages carry
no per-visitor token."""

import json
import os
import re
import socket
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from core import caching
from core.models import PortalSettings
from tests.factories import (
    BlogPostPageFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    SubjectFactory,
    UserFactory,
    build_site_tree,
)
from tests.shared_rows import built_once, per_test_copy

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def build_content(site_tree):
    subject = SubjectFactory(name="Organic Chemistry")
    liaison = LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ada Byrne", subjects=[subject]
    )
    guide = GuidePageFactory(parent=site_tree["guides"], liaison=liaison, title="Chemistry guide")
    post = BlogPostPageFactory(parent=site_tree["news"], author=liaison, title="New databases")
    return {**site_tree, "liaison": liaison, "guide": guide, "post": post, "subject": subject}


@pytest.fixture(scope="module")
def _content_rows(django_db_setup, django_db_blocker):
    def build():
        tree = build_site_tree()
        return {"site_tree": tree, "content": build_content(tree)}

    yield from built_once(django_db_blocker, build)


@pytest.fixture
def _shared(db, _content_rows):
    """The tree and the pages, built once for the module (tests/shared_rows.py); each test runs in
    a savepoint inside it, with its own copy of the objects."""
    return per_test_copy(_content_rows)


@pytest.fixture
def site_tree(_shared):
    return _shared["site_tree"]


@pytest.fixture
def content(_shared):
    return _shared["content"]


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_public_page_tells_shared_caches_to_keep_it(page_cache, content, client):
    response = client.get(content["guide"].url)
    assert cache_control(response) == {"public", "max-age=300", "s-maxage=300"}
    assert "Cookie" in response["Vary"]


def test_second_anonymous_visit_is_served_without_sql(
    page_cache, content, client, django_assert_num_queries
):
    first = client.get(content["post"].url)
    with django_assert_num_queries(0):
        second = Client().get(content["post"].url)
    assert second.status_code == 200
    assert second.content == first.content
    assert "New databases" in second.content.decode()


def test_page_cache_off_when_seconds_is_zero(settings, content, client):
    """No page is kept whole (its content fragments still are, as for a signed-in visitor:
    tests/performance/test_content_fragments.py)."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    response = client.get("/guides/")
    assert response.status_code == 200
    assert "public" not in cache_control(response)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/guides/").status_code == 200
    assert queries, "the page was served whole from the cache"


def test_page_cache_never_shows_a_signed_in_user_to_anyone_else(page_cache, content):
    user = UserFactory(email="reader@example.edu", first_name="Priya")
    signed_in = Client()
    signed_in.force_login(user)
    mine = signed_in.get(content["guide"].url)
    assert "private" in cache_control(mine)
    assert "Sign out" in mine.content.decode()

    anonymous = Client().get(content["guide"].url)
    assert "Sign out" not in anonymous.content.decode()
    assert "Sign in" in anonymous.content.decode()
    # ... and the anonymous copy is never served to the signed-in user.
    again = signed_in.get(content["guide"].url)
    assert "Sign out" in again.content.decode()
    assert "private" in cache_control(again)


@pytest.mark.parametrize("cookie", [django_settings.SESSION_COOKIE_NAME, "messages"])
def test_visitor_with_a_session_or_messages_is_never_served_a_shared_page(
    page_cache, content, cookie
):
    Client().get("/librarians/")  # kept for anonymous visitors
    visitor = Client()
    visitor.cookies[cookie] = "anything"
    response = visitor.get("/librarians/")
    assert "private" in cache_control(response)


def test_password_protected_page_is_never_public(page_cache, content, client):
    PageViewRestriction.objects.create(
        page=content["guide"], restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.get(content["guide"].url)
    assert "Chemistry guide" not in response.content.decode() or response.status_code != 200
    assert "public" not in cache_control(response)


def test_errors_and_posts_are_not_kept(page_cache, content, client):
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert "public" not in cache_control(missing)
    assert "public" not in cache_control(client.post(content["guide"].url))


def test_public_pages_carry_no_csrf_token_or_cookie(page_cache, content, client):
    for url in ("/", content["liaison"].url, content["guide"].url, content["post"].url):
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode(), url
        assert django_settings.CSRF_COOKIE_NAME not in response.cookies, url
        assert "public" in cache_control(response), url


def test_profile_links_to_its_uncached_contact_form(page_cache, content, client):
    liaison = content["liaison"]
    profile = client.get(liaison.url).content.decode()
    assert f'href="/contact/{liaison.slug}/"' in profile
    form = client.get(f"/contact/{liaison.slug}/")
    assert "no-cache" in cache_control(form) and "private" in cache_control(form)
    assert TOKEN_RE.search(form.content.decode())


def test_contact_form_posts_with_the_token_of_its_own_page(page_cache, content):
    url = f"/contact/{content['liaison'].slug}/"
    visitor = Client(enforce_csrf_checks=True)
    data = {
        "contact-name": "Sam Student",
        "contact-email": "sam@example.edu",
        "contact-subject": "Help with sources",
        "contact-message": "Could we meet to talk about my literature review?",
    }
    assert visitor.post(url, data).status_code == 403  # no token: refused
    token = TOKEN_RE.search(visitor.get(url).content.decode()).group(1)
    response = visitor.post(url, {**data, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert response["Location"] == f"{content['liaison'].url}?sent=1#contact"


def test_page_cache_invalidated_when_a_page_is_published(page_cache, content, client):
    guide = content["guide"]
    client.get("/guides/")
    guide.title = "Chemistry guide, revised"
    guide.save_revision().publish()
    assert "Chemistry guide, revised" in client.get("/guides/").content.decode()


def test_page_cache_invalidated_when_a_page_is_unpublished(page_cache, content, client):
    post = content["post"]
    assert client.get(post.url).status_code == 200
    client.get("/news/")
    post.unpublish()
    assert client.get(post.url).status_code == 404
    assert "New databases" not in client.get("/news/").content.decode()


def test_page_cache_invalidated_when_a_page_is_deleted(page_cache, content, client):
    client.get("/news/")
    content["post"].delete()
    assert "New databases" not in client.get("/news/").content.decode()


def test_page_cache_invalidated_when_a_page_is_moved(page_cache, content, client):
    guide = content["guide"]
    assert client.get(guide.url).status_code == 200
    other = GuidePageFactory(parent=content["guides"], title="Other guide")
    guide.move(other, pos="last-child")
    # Wagtail now redirects the old address to the new one
    assert client.get("/guides/chemistry-guide/").status_code == 301


def test_page_cache_invalidated_when_a_subject_changes(page_cache, content, client):
    url = content["liaison"].url
    client.get(url)
    subject = content["subject"]
    subject.name = "Synthetic Chemistry"
    subject.save()
    assert "Synthetic Chemistry" in client.get(url).content.decode()


def test_page_cache_invalidated_when_site_settings_change(page_cache, content, client):
    client.get("/")
    portal_settings = PortalSettings.load()
    portal_settings.footer_text = "Open late during exams"
    portal_settings.save()
    assert "Open late during exams" in client.get("/").content.decode()


def test_footer_and_navigation_follow_changes_for_a_signed_in_visitor(
    site_tree, content, admin_client
):
    """Signed-in pages are never kept whole, but their footer and navigation are cached fragments:
    a settings change or a renamed section shows on the next page."""
    assert "Open late during exams" not in admin_client.get("/news/").content.decode()
    portal_settings = PortalSettings.load()
    portal_settings.footer_text = "Open late during exams"
    portal_settings.save()
    guides = site_tree["guides"]
    guides.title = "Research guides"
    guides.save_revision().publish()
    html = admin_client.get("/news/").content.decode()
    assert "Open late during exams" in html
    assert re.search(r'<a href="/guides/"[^>]*>\s*Research guides\s*</a>', html), html[:3000]


def test_page_cache_ignores_changes_no_page_shows(
    page_cache, content, client, django_assert_num_queries
):
    client.get("/news/")
    UserFactory(email="someone@example.edu")  # accounts are not shown on public pages
    with django_assert_num_queries(0):
        client.get("/news/")


# --- behind a CDN -----------------------------------------------------------------------------


class RecordingBackend(BaseBackend):
    """A CDN that notes what it was asked to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


def test_publishing_purges_the_page_and_the_sections_listing_it_from_a_cdn(content, settings):
    settings.WAGTAILFRONTENDCACHE = {
        "cdn": {"BACKEND": "tests.performance.test_page_cache.RecordingBackend"}
    }
    RecordingBackend.purged = []
    caching.connect()  # connects the purge only where a CDN is configured
    try:
        post = content["post"]
        post.title = "New databases, updated"
        post.save_revision().publish()
    finally:
        page_published.disconnect(dispatch_uid="page-cache-purge-published")
        page_unpublished.disconnect(dispatch_uid="page-cache-purge-unpublished")
    assert {"http://localhost/news/", "http://localhost/"} <= set(RecordingBackend.purged)


# --- several processes (gunicorn workers, app servers) share Redis ----------------------------

REDIS_URL = "redis://127.0.0.1:6379/10"

# What a publish in another process does to the cache: one new generation.
INVALIDATE = """
import django, json, sys
from django.conf import settings
settings.CACHES = json.loads(sys.argv[1])
django.setup()
from core import caching
caching.invalidate()
"""


def redis_is_up():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_is_up(), reason="no Redis at 127.0.0.1:6379")
def test_change_in_another_process_reaches_this_one(page_cache, settings, content, client):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    client.get("/news/")
    type(content["post"]).objects.filter(pk=content["post"].pk).update(title="Edited elsewhere")
    assert "Edited elsewhere" not in client.get("/news/").content.decode()  # kept
    subprocess.run(
        [sys.executable, "-c", INVALIDATE, json.dumps(settings.CACHES)],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        check=True,
        timeout=60,
    )
    assert "Edited elsewhere" in client.get("/news/").content.decode()
