"""The anonymous page cache: hits, bypasses, invalidation, CSRF tokens and personal data."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from core.models import PortalSettings
from pagecache import cache as pagecache
from tests.factories import (
    BlogPostPageFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    SubjectFactory,
    UserFactory,
)

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def content(site_tree):
    subject = SubjectFactory(name="Organic Chemistry")
    liaison = LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ada Byrne", subjects=[subject]
    )
    guide = GuidePageFactory(parent=site_tree["guides"], liaison=liaison, title="Chemistry guide")
    post = BlogPostPageFactory(parent=site_tree["news"], author=liaison, title="New databases")
    return {**site_tree, "liaison": liaison, "guide": guide, "post": post, "subject": subject}


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response, response.get(pagecache.HEADER)


@pytest.mark.django_db
def test_page_cache_serves_second_anonymous_visit_from_cache(page_cache, content, client):
    first, state1 = get(client, content["guide"].url)
    second, state2 = get(Client(), content["guide"].url)
    assert (state1, state2) == ("miss", "hit")
    assert "Chemistry guide" in second.content.decode()
    assert second.content == first.content


@pytest.mark.django_db
def test_page_cache_hit_runs_no_sql(page_cache, content, client, django_assert_num_queries):
    get(client, content["post"].url)
    with django_assert_num_queries(0):
        response, state = get(Client(), content["post"].url)
    assert state == "hit"
    assert "New databases" in response.content.decode()


@pytest.mark.django_db
def test_page_cache_key_ignores_query_parameter_order(page_cache, content, client):
    get(client, "/news/?tag=x&page=1")
    assert get(Client(), "/news/?page=1&tag=x")[1] == "hit"
    assert get(Client(), "/news/?page=2&tag=x")[1] == "miss"


@pytest.mark.django_db
def test_page_cache_off_when_seconds_is_zero(settings, content, client):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    get(client, "/guides/")
    response, state = get(Client(), "/guides/")
    assert response.status_code == 200
    assert state is None


@pytest.mark.django_db
def test_page_cache_never_shows_a_signed_in_user_to_anyone_else(page_cache, content):
    user = UserFactory(email="reader@example.edu", first_name="Priya")
    signed_in = Client()
    signed_in.force_login(user)
    mine, state = get(signed_in, content["guide"].url)
    assert state is None  # a session cookie: the cache is not even consulted
    assert "Sign out" in mine.content.decode()
    assert get(signed_in, content["guide"].url)[1] is None

    anonymous, state = get(Client(), content["guide"].url)
    assert state == "miss"
    assert "Sign out" not in anonymous.content.decode()
    assert "Sign in" in anonymous.content.decode()
    # ... and the anonymous copy is never served to the signed-in user.
    again, state = get(signed_in, content["guide"].url)
    assert state is None
    assert "Sign out" in again.content.decode()


@pytest.mark.django_db
def test_page_cache_bypasses_requests_with_session_or_messages_cookie(page_cache, content):
    get(Client(), "/librarians/")
    for cookie in ("sessionid", "messages"):
        visitor = Client()
        visitor.cookies[cookie] = "anything"
        assert get(visitor, "/librarians/")[1] is None, cookie


@pytest.mark.django_db
def test_page_cache_skips_admin_post_and_errors(page_cache, content, client):
    assert get(client, "/admin/login/")[1] is None
    missing, state = get(client, "/no-such-page/")
    assert missing.status_code == 404
    assert state == "bypass"
    assert get(client, "/no-such-page/")[1] == "bypass"
    assert client.post(content["guide"].url).get(pagecache.HEADER) is None


@pytest.mark.django_db
def test_page_cache_stores_no_csrf_token_and_gives_each_visitor_their_own(page_cache, content):
    url = content["liaison"].url
    first_visitor, second_visitor = Client(), Client()
    first, state1 = get(first_visitor, url)
    second, state2 = get(second_visitor, url)
    assert (state1, state2) == ("miss", "hit")
    token1 = TOKEN_RE.search(first.content.decode()).group(1)
    token2 = TOKEN_RE.search(second.content.decode()).group(1)
    assert token1 != token2
    secret1 = first_visitor.cookies["csrftoken"].value
    secret2 = second_visitor.cookies["csrftoken"].value
    assert secret1 != secret2
    assert pagecache._csrf_secret_of(token1) == secret1
    assert pagecache._csrf_secret_of(token2) == secret2
    # What sits in the cache holds a placeholder, not anybody's token.
    entry = cache.get(pagecache.request_key(_fake_request(url)))
    assert pagecache.CSRF_PLACEHOLDER in entry[2]
    assert token1.encode() not in entry[2]
    assert secret1.encode() not in entry[2]


@pytest.mark.django_db
def test_contact_form_on_a_cached_profile_still_posts(page_cache, content):
    url = content["liaison"].url
    get(Client(), url)
    visitor = Client(enforce_csrf_checks=True)
    page, state = get(visitor, url)
    assert state == "hit"
    token = TOKEN_RE.search(page.content.decode()).group(1)
    response = visitor.post(
        url,
        {
            "csrfmiddlewaretoken": token,
            "contact-name": "Sam Student",
            "contact-email": "sam@example.edu",
            "contact-subject": "Help with sources",
            "contact-message": "Could we meet to talk about my literature review?",
        },
    )
    assert response.status_code != 403  # the fresh token from the cached page is accepted


@pytest.mark.django_db
def test_page_cache_invalidated_when_a_page_is_published(page_cache, content, client):
    guide = content["guide"]
    get(client, guide.url)
    assert get(client, "/guides/")[1] == "miss"
    assert get(client, "/guides/")[1] == "hit"

    guide.title = "Chemistry guide, revised"
    guide.save_revision().publish()
    response, state = get(client, "/guides/")
    assert state == "miss"
    assert "Chemistry guide, revised" in response.content.decode()


@pytest.mark.django_db
def test_page_cache_invalidated_when_a_page_is_unpublished(page_cache, content, client):
    post = content["post"]
    assert get(client, post.url)[0].status_code == 200
    assert get(client, post.url)[1] == "hit"
    post.unpublish()
    assert get(client, post.url)[0].status_code == 404
    assert "New databases" not in get(client, "/news/")[0].content.decode()


@pytest.mark.django_db
def test_page_cache_invalidated_when_a_subject_changes(page_cache, content, client):
    url = content["liaison"].url
    get(client, url)
    assert get(client, url)[1] == "hit"
    subject = content["subject"]
    subject.name = "Synthetic Chemistry"
    subject.save()
    response, state = get(client, url)
    assert state == "miss"
    assert "Synthetic Chemistry" in response.content.decode()


@pytest.mark.django_db
def test_page_cache_invalidated_when_a_liaison_profile_changes(page_cache, content, client):
    get(client, "/librarians/")
    liaison = content["liaison"]
    liaison.title = "Ada Byrne-Okafor"
    liaison.save_revision().publish()
    response, state = get(client, "/librarians/")
    assert state == "miss"
    assert "Ada Byrne-Okafor" in response.content.decode()


@pytest.mark.django_db
def test_page_cache_invalidated_when_site_settings_change(page_cache, content, client):
    get(client, "/")
    assert get(client, "/")[1] == "hit"
    portal_settings = PortalSettings.load()
    portal_settings.footer_text = "Open late during exams"
    portal_settings.save()
    response, state = get(client, "/")
    assert state == "miss"
    assert "Open late during exams" in response.content.decode()


@pytest.mark.django_db
def test_hole10_page_cache_change_in_another_process_reaches_this_one(
    page_cache, other_process, content, client
):
    """Another gunicorn worker (file-based generation cache) or app server (Redis) publishes."""
    get(client, "/news/")
    assert get(client, "/news/")[1] == "hit"
    other_process.bump("pagecache")
    assert get(client, "/news/")[1] == "miss"
    assert list(other_process.temp.iterdir()) == []  # no stamp file in the temp folder


@pytest.mark.django_db
def test_page_cache_serves_fresh_pages_while_its_generation_cannot_be_read(
    page_cache, settings, content, client, caplog
):
    get(client, "/news/")
    settings.CACHES = {
        "default": settings.CACHES["default"],
        "generation": {"BACKEND": "tests.performance.test_generation.BrokenCache"},
    }
    settings.PORTAL_GENERATION_CACHE = "generation"
    first, state1 = get(client, "/news/")
    second, state2 = get(client, "/news/")
    assert (first.status_code, state1, state2) == (200, "bypass", "bypass")
    assert "New databases" in second.content.decode()
    assert "Cannot read the pagecache generation" in caplog.text


@pytest.mark.django_db
def test_page_cache_ignores_changes_no_page_shows(page_cache, content, client):
    get(client, "/news/")
    UserFactory(email="someone@example.edu")  # accounts are not shown on public pages
    assert get(client, "/news/")[1] == "hit"


def _fake_request(path):
    from django.test import RequestFactory

    return RequestFactory().get(path)
