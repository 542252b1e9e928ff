import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    GuidePageFactory,
    LiaisonPageFactory,
    raw_stream,
)
from tests.shared_rows import built_once, per_test_copy

from .conftest import build_tree_and_content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index_for_module")]


def result_titles(response):
    return [r.title for r in response.context["outcome"].page]


HOSTILE = [
    "x" * 5000,
    "'; DROP TABLE wagtailcore_page; --",
    '" OR 1=1 --',
    "stratigraphy AND NOT OR NEAR(",
    "a:* & !b | (c",
    "日本語 ünïcödé 🙂",
    "\x01\x02\x1b[31m\x7f",
    "   ",
    "%",
    "*",
    "\\",
]


@pytest.fixture(scope="class")
def _content_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, build_tree_and_content)


class TestOnSharedContent:
    """The tests that search ``content`` (tests/search/conftest.py): its pages are built and indexed
    once for the class and rolled back after it; each test runs in a savepoint inside, with its own
    copy of the objects (see tests/shared_rows.py). The other tests of this module build their own
    pages on an empty tree: what they count and rank depends on every page in the index."""

    @pytest.fixture
    def _shared(self, db, _content_rows):
        return per_test_copy(_content_rows)

    @pytest.fixture
    def site_tree(self, _shared):
        return _shared["site_tree"]

    @pytest.fixture
    def content(self, _shared):
        return _shared["content"]

    def test_search_finds_guide_by_word_only_in_streamfield_body(self, client, content):
        response = client.get("/search/?q=stratigraphy")
        assert response.status_code == 200
        assert result_titles(response) == ["Rocks and minerals"]

    def test_search_finds_liaison_by_subject_name(self, client, content):
        response = client.get("/search/?q=Palaeontology")
        assert "Ada Byrne" in result_titles(response)

    @pytest.mark.parametrize(
        "query,title",
        [("trilobite", "New fossil database"), ("shapefiles", "GIS and mapping")],
    )
    def test_search_finds_posts_and_services(self, client, content, query, title):
        assert result_titles(client.get(f"/search/?q={query}")) == [title]

    def test_search_never_shows_unpublished_pages(self, client, content):
        response = client.get("/search/?q=zebediah")
        assert result_titles(response) == []
        assert "Secret" not in response.content.decode()

    def test_search_never_shows_private_pages(self, client, site_tree, content):
        from wagtail.models import PageViewRestriction

        PageViewRestriction.objects.create(
            page=content["guide"], restriction_type=PageViewRestriction.LOGIN
        )
        for url in ["/search/?q=stratigraphy", "/search/?q=stratigraphy&type=guide"]:
            assert result_titles(client.get(url)) == []
        assert result_titles(client.get("/search/?q=trilobite")) == ["New fossil database"]

    def test_search_hides_inactive_librarians(self, client, site_tree, content):
        gone = LiaisonPageFactory(parent=site_tree["librarians"], title="Quentin Marsh")
        gone.is_active = False
        gone.save_revision().publish()
        for url in ["/search/?q=quentin", "/search/?q=quentin&type=librarian"]:
            assert result_titles(client.get(url)) == []

    def test_search_counts_per_type_and_filters_by_type(self, client, content):
        # No page has both words, so pages with either count: the post and the service.
        response = client.get("/search/?q=trilobite+georeferencing")
        counts = {t.key: n for t, n in response.context["outcome"].counts}
        assert counts == {"librarian": 0, "guide": 0, "service": 1, "post": 1}
        assert sorted(result_titles(response)) == ["GIS and mapping", "New fossil database"]
        html = response.content.decode()
        assert 'Services <span class="count">(1)</span>' in html
        assert "No page contains all of your words" in html

        services_only = client.get("/search/?q=trilobite+georeferencing&type=service")
        assert result_titles(services_only) == ["GIS and mapping"]

    def test_search_prefers_pages_with_all_the_words(self, client, content):
        response = client.get("/search/?q=borehole+stratigraphy+archive")
        assert result_titles(response) == ["Rocks and minerals"]
        assert "No page contains all" not in response.content.decode()

    def test_search_highlights_terms_in_summary(self, client, content):
        html = client.get("/search/?q=georeferencing").content.decode()
        assert "Help with shapefiles, <mark>georeferencing</mark> and map layouts." in html

    def test_search_empty_result_suggests_close_names(self, client, content):
        from tests.factories import SubjectFactory

        SubjectFactory(name="Volcanology")  # a name the portal knows, on no page yet
        html = client.get("/search/?q=volcanolgy").content.decode()
        assert "Did you mean" in html
        assert 'href="?q=Volcanology"' in html
        assert "browse the librarians" in html

    def test_search_misspelt_word_is_searched_as_the_word_the_portal_uses(self, client, content):
        response = client.get("/search/?q=palaeontolgy")
        assert result_titles(response) == ["Ada Byrne"]
        html = response.content.decode()
        assert "Nothing matched “palaeontolgy”" in html
        assert "results for “<strong>palaeontology</strong>”" in html

    def test_search_without_query_shows_the_form(self, client, content):
        response = client.get("/search/")
        assert response.status_code == 200
        assert response.context["outcome"].page is None
        assert 'id="search-q"' in response.content.decode()

    @pytest.mark.parametrize("query", HOSTILE)
    def test_search_hostile_queries_give_a_normal_page(self, client, content, query):
        response = client.get("/search/", {"q": query, "type": "nonsense", "page": "-1"})
        assert response.status_code == 200
        assert "<h1>Search</h1>" in response.content.decode()

    @pytest.mark.parametrize("query", HOSTILE)
    def test_search_suggestions_hostile_queries_give_json(self, client, content, query):
        response = client.get("/search/suggest/", {"q": query})
        assert response.status_code == 200
        assert isinstance(response.json()["suggestions"], list)

    def test_search_with_nul_character_is_refused_cleanly(self, client, content):
        # The hardening middleware answers NUL characters in a query string with 400, never a 500.
        assert client.get("/search/", {"q": "chem\x00istry"}).status_code == 400

    def test_search_best_bets_show_pinned_live_pages_and_links_above_the_results(
        self, client, content
    ):
        from wagtail.contrib.search_promotions.models import Query, SearchPromotion

        assert client.get("/search/?q=fossils").context["outcome"].best_bets == []  # cached: none
        query = Query.get("Fossils")
        SearchPromotion.objects.create(
            query=query, page=content["guide"], description="Start here."
        )
        SearchPromotion.objects.create(query=query, page=content["drafts"]["guide"])  # unpublished
        SearchPromotion.objects.create(
            query=query,
            external_link_url="https://fossils.example.org/",
            external_link_text="Atlas",
        )
        response = client.get("/search/?q=fossils")
        bets = response.context["outcome"].best_bets
        assert [(b.title, b.url) for b in bets] == [
            ("Rocks and minerals", content["guide"].url),
            ("Atlas", "https://fossils.example.org/"),
        ]
        html = response.content.decode()
        assert (
            html.index("Best bets") < html.index("Start here.") < html.index("New fossil database")
        )
        assert "Secret" not in html

    def test_search_suggestions_complete_the_last_word_as_json(self, client, content):
        response = client.get("/search/suggest/?q=rocks+and+min")
        assert response.status_code == 200
        assert response.json() == {
            "query": "rocks and min",
            "suggestions": [
                {"title": "Rocks and minerals", "url": content["guide"].url, "type": "Guide"}
            ],
        }
        assert client.get("/search/suggest/?q=zebed").json()["suggestions"] == []  # drafts never
        assert client.get("/search/suggest/").json() == {"query": "", "suggestions": []}

    def test_search_without_javascript_lists_pages_starting_with_an_unfinished_word(
        self, client, content
    ):
        html = client.get("/search/?q=datab").content.decode()
        assert "Nothing matched “datab”" in html
        assert "Pages starting with “datab”" in html
        assert f'<a href="{content["post"].url}">New fossil database</a>' in html

    def test_search_boxes_offer_suggestions_from_a_static_script(self, client, content):
        html = client.get("/search/").content.decode()
        assert html.count('data-suggest="/search/suggest/"') == 2  # the header's box and the page's
        assert '<script src="/static/js/search-suggest.js" defer></script>' in html
        assert "<script>" not in html  # nothing inline: the CSP allows scripts from files only


def test_search_pagination_tolerates_bad_page_numbers(client, site_tree):
    for i in range(12):
        GuidePageFactory(parent=site_tree["guides"], title=f"Cartography guide {i}")
    first = client.get("/search/?q=cartography")
    assert len(result_titles(first)) == 10
    assert "Page 1 of 2" in first.content.decode()
    last = client.get("/search/?q=cartography&page=999")
    assert len(result_titles(last)) == 2


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def _add_content(site_tree, services_index, n):
    from tests.factories import BlogPostPageFactory, ServicePageFactory

    for i in range(n):
        liaison = LiaisonPageFactory(parent=site_tree["librarians"], title=f"Meridian {n} {i}")
        GuidePageFactory(
            parent=site_tree["guides"],
            title=f"Meridian guide {n} {i}",
            liaison=liaison,
            body=raw_stream([("paragraph", "<p>meridian</p>")]),
        )
        BlogPostPageFactory(
            parent=site_tree["news"], title=f"Meridian news {n} {i}", author=liaison
        )
        ServicePageFactory(parent=services_index, title=f"Meridian service {n} {i}")


@pytest.mark.parametrize("type_key", ["", "librarian", "guide"])
def test_search_queries_do_not_grow_with_results(client, site_tree, services_index, type_key):
    url = f"/search/?q=meridian&type={type_key}"
    _add_content(site_tree, services_index, 1)
    client.get(url)  # warm the site-root cache
    few = _queries(client, url)
    _add_content(site_tree, services_index, 4)
    client.get(url)  # warm again: publishing invalidates the site caches
    # One fetch per page type on the page of results, so fewer types on the page can mean fewer.
    assert _queries(client, url) <= few


@pytest.mark.postgres
def test_search_stems_words_on_postgresql(client, site_tree):
    GuidePageFactory(
        parent=site_tree["guides"],
        title="Special collections",
        body=raw_stream([("paragraph", "<p>Medieval manuscripts and early printed books.</p>")]),
    )
    assert result_titles(client.get("/search/?q=manuscript")) == ["Special collections"]


def test_search_all_types_pages_through_every_result_once(client, site_tree, services_index):
    from tests.factories import BlogPostPageFactory, ServicePageFactory

    expected = set()
    for i in range(7):
        expected.add(GuidePageFactory(parent=site_tree["guides"], title=f"Orrery guide {i}").title)
        expected.add(BlogPostPageFactory(parent=site_tree["news"], title=f"Orrery news {i}").title)
    expected.add(ServicePageFactory(parent=services_index, title="Orrery service").title)
    first = client.get("/search/?q=orrery")
    second = client.get("/search/?q=orrery&page=2")
    assert "Page 1 of 2" in first.content.decode()
    assert first.context["outcome"].total == 15
    shown = result_titles(first) + result_titles(second)
    assert len(shown) == 15
    assert set(shown) == expected


@pytest.mark.postgres
def test_postgresql_search_counts_use_the_title_body_index(site_tree):
    """Wagtail matches ``(title || body) @@ query``; the portal's expression index must be usable
    for exactly that expression, or every search reads every entry's text (bench/search_pg.py)."""
    from liaison_pages.models import GuidePage
    from search.site_search import searchable

    GuidePageFactory(parent=site_tree["guides"], title="Herbarium specimens")
    found = searchable(GuidePage).search("herbarium")
    assert found.count() == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_indexes WHERE indexname = 'portal_search_indexentry_title_body_gin'"
        )
        assert cursor.fetchone(), "the migration did not create the index"
    with CaptureQueriesContext(connection) as ctx:
        found = searchable(GuidePage).search("herbarium")
        found.count()
    # the match condition exactly as Wagtail wrote it, planned on its own (on a table this small
    # the planner would rather scan, so scans are switched off for the check)
    match = re.search(
        r'\("wagtailsearch_indexentry"\."title" \|\| "wagtailsearch_indexentry"\."body"\) @@ '
        r"\(to_tsquery\([^)]*\)\)",
        ctx.captured_queries[-1]["sql"],
    )
    assert match, ctx.captured_queries[-1]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN SELECT count(*) FROM wagtailsearch_indexentry WHERE {match[0]}")  # noqa: S608 - Wagtail's own SQL
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "portal_search_indexentry_title_body_gin" in plan, plan


# --- ranking, stemming, corrections, best bets and suggestions (issue 14) -----------------------


def _long_body(topic, words=400):
    filler = " ".join(["library catalogue holdings"] * (words // 3))
    return raw_stream([("paragraph", f"<p>{filler} {topic}.</p>")])


def test_search_finds_singular_and_plural_alike(client, site_tree):
    GuidePageFactory(parent=site_tree["guides"], title="Systematic reviews")
    for query in ["systematic reviews", "systematic review", "reviews", "review"]:
        assert result_titles(client.get("/search/", {"q": query})) == ["Systematic reviews"], query


def test_search_a_title_match_comes_before_a_mention_in_a_long_body(client, site_tree):
    GuidePageFactory(
        parent=site_tree["guides"], title="Herbarium specimens", body=_long_body("orchids")
    )
    GuidePageFactory(parent=site_tree["guides"], title="Plants", summary="Orchids and ferns.")
    GuidePageFactory(
        parent=site_tree["guides"], title="Orchids", body=_long_body("tropical plants")
    )
    assert result_titles(client.get("/search/?q=orchids"))[0] == "Orchids"


def test_search_news_comes_after_an_evergreen_page_that_matches_as_well(
    client, site_tree, services_index
):
    from tests.factories import BlogPostPageFactory, ServicePageFactory

    # the post says it once more than the guide, yet the guide comes first; a service that only
    # mentions it, deep in a long text, comes last
    BlogPostPageFactory(
        parent=site_tree["news"], title="Mapping the coastline", intro="Coastline maps."
    )
    GuidePageFactory(parent=site_tree["guides"], title="Mapping the coastline", summary="Maps.")
    filler = " ".join(["opening hours and reading rooms"] * 80)
    ServicePageFactory(
        parent=services_index, title="Map room", body=f"<p>{filler} coastline {filler}</p>"
    )
    titles_and_types = [
        (r.title, r.type.key) for r in client.get("/search/?q=coastline").context["outcome"].page
    ]
    assert titles_and_types == [
        ("Mapping the coastline", "guide"),
        ("Mapping the coastline", "post"),
        ("Map room", "service"),
    ]


def test_search_a_name_finds_the_librarian_before_posts_that_mention_them(client, site_tree):
    from tests.factories import BlogPostPageFactory

    ada = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Quennell")
    for n in range(4):
        BlogPostPageFactory(
            parent=site_tree["news"],
            title=f"Drop-in session {n}",
            intro="Bring your questions to Ada Quennell at the weekly session.",
            author=ada,
        )
    titles = result_titles(client.get("/search/?q=ada+quennell"))
    assert titles[0] == "Ada Quennell" and len(titles) == 5


def test_search_a_subject_query_puts_that_subjects_librarians_first(client, site_tree):
    from tests.factories import SubjectFactory

    from .conftest import reindex

    volcanology = SubjectFactory(name="Volcanology")
    guide = GuidePageFactory(parent=site_tree["guides"], title="Volcanology", summary="Lava.")
    keeper = LiaisonPageFactory(
        parent=site_tree["librarians"], title="Rhea Stone", subjects=[volcanology]
    )
    reindex(guide, keeper)
    assert result_titles(client.get("/search/?q=volcanology")) == ["Rhea Stone", "Volcanology"]
    # a word of the subject is not the subject: the guide titled with it comes first
    assert result_titles(client.get("/search/?q=volcanology+lava")) == ["Volcanology"]
    lava = GuidePageFactory(parent=site_tree["guides"], title="Lava")
    assert result_titles(client.get("/search/?q=lava"))[0] == "Lava"  # no subject "Lava" yet
    volcanology.name = "Lava"  # renamed: the subject the query names follows at once
    volcanology.save()
    reindex(guide, keeper, lava)
    assert result_titles(client.get("/search/?q=lava")) == ["Rhea Stone", "Lava", "Volcanology"]
