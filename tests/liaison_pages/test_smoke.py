import pytest

from tests.factories import BlogPostPageFactory, GuidePageFactory, LiaisonPageFactory


@pytest.mark.django_db
def test_pages_render_with_factory_data(client, site_tree):
    liaison = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    guide = GuidePageFactory(
        parent=site_tree["guides"], liaison=liaison, title="Chemistry research"
    )
    post = BlogPostPageFactory(parent=site_tree["news"], author=liaison, title="New databases")
    for url, text in [
        ("/", "Your personal librarian"),
        (liaison.url, "Ada Byrne"),
        (guide.url, "Key databases"),
        (post.url, "New databases"),
        ("/news/", "New databases"),
        ("/guides/", "Chemistry research"),
        ("/librarians/", "Ada Byrne"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url
