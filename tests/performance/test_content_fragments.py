"""A page's content is kept as a fragment under the page cache's generation (core.caching), for
signed-in visitors too, whom the page cache never serves: a change shows at once, a preview shows
the draft and is never kept, and what belongs to one visitor (a form's token, a "sent" notice) is
never shared."""

import re

import pytest
import wagtail_factories
from django.test import Client

from tests.factories import (
    GuidePageFactory,
    LiaisonPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    SubjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def ada(site_tree):
    subject = SubjectFactory(name="Organic Chemistry")
    return LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Ada Byrne",
        bio="<p>Published bio.</p>",
        subjects=[subject],
    )


@pytest.fixture
def signed_in():
    client = Client()
    client.force_login(UserFactory())
    return client


def test_signed_in_visitor_sees_a_published_change_at_once(ada, signed_in):
    assert "Published bio." in signed_in.get(ada.url).content.decode()
    ada.bio = "<p>Revised bio.</p>"
    ada.save_revision().publish()
    html = signed_in.get(ada.url).content.decode()
    assert "Revised bio." in html and "Published bio." not in html


def test_a_renamed_subject_shows_on_a_kept_profile(ada, signed_in):
    assert "Organic Chemistry" in signed_in.get(ada.url).content.decode()
    subject = ada.subjects.get()
    subject.name = "Synthetic Chemistry"
    subject.save()
    assert "Synthetic Chemistry" in signed_in.get(ada.url).content.decode()


def test_a_new_guide_shows_on_its_owners_kept_profile(site_tree, ada, signed_in):
    assert "Chemistry guide" not in signed_in.get(ada.url).content.decode()
    GuidePageFactory(parent=site_tree["guides"], liaison=ada, title="Chemistry guide")
    assert "Chemistry guide" in signed_in.get(ada.url).content.decode()


def test_preview_shows_the_draft_and_is_never_kept(ada, client):
    assert "Published bio." in client.get(ada.url).content.decode()  # the content is kept
    ada.bio = "<p>Draft bio, not yet published.</p>"
    preview = ada.make_preview_request()
    preview.render()
    assert "Draft bio, not yet published." in preview.content.decode()
    assert "Published bio." not in preview.content.decode()
    html = client.get(ada.url).content.decode()
    assert "Published bio." in html and "Draft bio" not in html
    ada.bio = "<p>Another draft.</p>"  # a second preview is not the first one kept
    second = ada.make_preview_request()
    second.render()
    assert "Another draft." in second.content.decode()


def test_the_sent_notice_is_only_for_whoever_sent(ada, client):
    client.get(ada.url)
    sent = client.get(f"{ada.url}?sent=1").content.decode()
    assert "your message has been received" in sent
    assert "your message has been received" not in client.get(ada.url).content.decode()


def test_each_visitor_gets_their_own_form_token_on_a_kept_service_page(site_tree, ada):
    services = ServiceIndexPageFactory(parent=site_tree["home"])
    service = ServicePageFactory(parent=services, title="GIS and mapping", liaisons=[ada])
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        html = visitor.get(service.url).content.decode()
        assert "Librarians who offer this service" in html and "Ada Byrne" in html
        token = TOKEN_RE.search(html).group(1)
        response = visitor.post(
            service.url,
            {
                "csrfmiddlewaretoken": token,
                "request-name": "Dr Lee",
                "request-email": "not-an-address",
                "request-message": "Keep me",
            },
        )
        assert response.status_code == 400  # the token was this visitor's: the form was checked
        assert "Keep me" in response.content.decode()
        tokens.append(token)
    assert tokens[0] != tokens[1]


def test_a_retitled_photo_shows_on_a_kept_profile(ada, signed_in):
    """A photo's title is its alt text on the profile; images renew what is kept."""
    ada.photo = wagtail_factories.ImageFactory(title="Ada at the reference desk")
    ada.save_revision().publish()
    assert 'alt="Ada at the reference desk"' in signed_in.get(ada.url).content.decode()
    ada.photo.title = "Ada Byrne, liaison librarian"
    ada.photo.save()
    assert 'alt="Ada Byrne, liaison librarian"' in signed_in.get(ada.url).content.decode()
