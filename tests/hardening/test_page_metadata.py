"""What search engines and assistive technology read from every public page: a meta description
of its own (the page's words, else its section's) and headings that never skip a level. Checked
over a crawl of a portal with every kind of public page; tests/test_seed_demo.py checks the same
on the demo."""

import pytest
from django.test import Client

from liaison_pages.blocks import outline
from liaison_pages.models import GuidePage
from tests.factories import build_site_tree, raw_stream
from tests.hardening.conftest import make_full_portal
from tests.hardening.crawl import crawl, heading_skips, read_head
from tests.shared_rows import built_once, per_test_copy


@pytest.fixture(scope="module")
def crawled_portal(django_db_setup, django_db_blocker):
    """The full portal and {path: html} of its crawl, built once for the module (the tests only
    read them; see tests/shared_rows.py)."""

    def build():
        portal = make_full_portal(build_site_tree())
        pages = {}
        crawl(Client(), pages=pages)
        return portal, pages

    yield from built_once(django_db_blocker, build)


@pytest.fixture
def full_portal(db, crawled_portal):
    return per_test_copy(crawled_portal[0])


@pytest.fixture
def crawled(db, crawled_portal):
    pages = crawled_portal[1]
    assert len(pages) >= 15
    return pages


def duplicate_descriptions(pages):
    """{description: [paths]} for descriptions shared by different pages (query strings are the
    same page, filtered; account forms share one description)."""
    by_text = {}
    for path, html in pages.items():
        if not path.startswith("/accounts/"):
            by_text.setdefault(read_head(html).description, set()).add(path.split("?")[0])
    return {text: sorted(paths) for text, paths in by_text.items() if len(paths) > 1}


def test_every_crawled_page_has_a_meta_description(crawled):
    missing = [path for path, html in crawled.items() if not read_head(html).description]
    assert missing == []


def test_meta_descriptions_are_unique_per_page(crawled):
    assert duplicate_descriptions(crawled) == {}


def test_no_crawled_page_skips_a_heading_level(crawled):
    skips = {path: heading_skips(read_head(html).headings) for path, html in crawled.items()}
    assert {path: found for path, found in skips.items() if found} == {}


def test_description_comes_from_search_description_then_intro_bio_or_summary(full_portal, client):
    def description(url):
        return read_head(client.get(url).content.decode()).description

    patents, chemistry = full_portal["guide_pages"][1], full_portal["guide_pages"][0]
    assert description(patents.url) == (
        "Patent searching in five minutes, with the databases to start from."
    )
    assert description(chemistry.url) == "Databases, handbooks and patents for chemists."
    assert description(full_portal["liaisons"][0].url) == (
        "Marie Curie helps chemists find data, patents and papers."
    )
    assert description("/").startswith("Every student has a personal librarian")


def test_page_without_words_of_its_own_borrows_its_sections_description(full_portal, client):
    index = full_portal["librarians"]
    index.intro = "<p>Every department has a liaison librarian &amp; a deputy.</p>"
    index.save_revision().publish()
    liaison = full_portal["liaisons"][1]
    liaison.bio = ""
    liaison.save_revision().publish()
    html = client.get(liaison.url).content.decode()
    assert read_head(html).description == "Every department has a liaison librarian & a deputy."


def test_long_intro_is_cut_after_a_whole_word_within_160_characters(full_portal, client):
    post = full_portal["post_pages"][0]
    post.intro = "Trial access " + "to many more databases " * 20
    post.save_revision().publish()
    text = read_head(client.get(post.url).content.decode()).description
    assert 140 <= len(text) <= 160
    assert text.endswith("…")
    kept = text.removesuffix("…")
    assert post.intro.startswith(kept + " ")


def test_services_listing_puts_its_cards_one_level_below_the_title(full_portal, client):
    html = client.get("/services/").content.decode()
    assert read_head(html).headings[:2] == [1, 2]
    assert '<h2 class="card-title"><a href="/services/systematic-review-support/">' in html


def test_guide_that_starts_with_a_list_gives_the_list_a_second_level_heading(full_portal, client):
    html = client.get(full_portal["guide_pages"][1].url).content.decode()
    assert "<h2>Where to look</h2>" in html


def test_outline_never_lets_a_block_skip_a_level():
    body = GuidePage(
        body=raw_stream(
            [
                ("resource_list", {"heading": "Start", "resources": []}),
                ("heading", {"text": "Section", "level": "h2"}),
                ("book_list", {"heading": "Books", "books": []}),
                ("heading", {"text": "Too deep", "level": "h4"}),
                ("heading", {"text": "Back up", "level": "h2"}),
            ]
        )
    ).body
    assert [level for _, level in outline(body)] == [2, 2, 3, 3, 2]
