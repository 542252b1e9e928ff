import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path,current",
    [
        ("/search/?q=chemistry", None),
        ("/news/", "News"),
        ("/librarians/find/", "Find your librarian"),
    ],
)
def test_main_nav_marks_only_the_section_the_visitor_is_in(client, site_tree, path, current):
    from bs4 import BeautifulSoup

    html = client.get(path).content.decode()
    marked = [
        a.get_text()
        for a in BeautifulSoup(html, "html.parser").select(
            'nav[aria-label="Main"] a[aria-current="page"]'
        )
    ]
    assert marked == ([current] if current else [])


def _links(html, selector):
    from bs4 import BeautifulSoup

    return [(a.get_text(), a["href"]) for a in BeautifulSoup(html, "html.parser").select(selector)]


@pytest.mark.django_db
def test_main_nav_lists_the_sections_in_the_order_of_the_page_tree(client, site_tree):
    html = client.get("/search/?q=chemistry").content.decode()
    assert _links(html, 'nav[aria-label="Main"] a') == [
        ("Find your librarian", "/librarians/"),
        ("Subject guides", "/guides/"),
        ("News", "/news/"),
    ]


@pytest.mark.django_db
def test_links_follow_a_section_an_editor_renames(client, site_tree):
    client.get("/search/?q=chemistry")  # the sections are cached now
    news = site_tree["news"]
    news.title, news.slug = "Stories", "stories"
    news.save_revision().publish()

    html = client.get("/search/?q=chemistry").content.decode()
    assert ("Stories", "/stories/") in _links(html, 'nav[aria-label="Main"] a')
    assert ("RSS feed", "/stories/feed/") in _links(html, "footer a")


@pytest.mark.django_db
def test_section_not_shown_in_menus_leaves_the_main_nav_only(client, site_tree):
    client.get("/search/?q=chemistry")
    guides = site_tree["guides"]
    guides.show_in_menus = False
    guides.save_revision().publish()

    html = client.get("/search/?q=chemistry").content.decode()
    assert "Subject guides" not in [text for text, _ in _links(html, 'nav[aria-label="Main"] a')]
    assert ("Guides", "/guides/") in _links(html, "footer a")
