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
