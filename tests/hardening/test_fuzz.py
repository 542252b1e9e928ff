"""Property-based tests of hostile input: the search query string, the programme lookup and the
JSON endpoints. The pure functions take 500 examples each and most of the load; each HTTP endpoint
is driven directly with the Hypothesis profile's number (tests/conftest.py). "No 500" is asserted by
the test client, which re-raises any exception a view lets escape."""

import json
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search import text

pytestmark = pytest.mark.slow  # hundreds of HTTP requests per target

# 500 examples per pure-function target; per HTTP target, the Hypothesis profile's number (100 in
# CI, 25 elsewhere: tests/conftest.py). Deadlines, health checks and CI's fixed examples come from
# the profile too.
EXAMPLES = settings(max_examples=500)
HTTP_EXAMPLES = settings()

# Text a hostile visitor might send: any unicode (including NUL, control and surrogate-free
# astral characters), SQL and markup fragments, and very long runs.
ATTACKS = st.sampled_from(
    [
        "' OR 1=1 --",
        '"; DROP TABLE wagtailcore_page; --',
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "%00",
        "\x00",
        "../../etc/passwd",
        "%2e%2e%2f",
        "${jndi:ldap://x}",
        "{{ 7*7 }}",
        "{% debug %}",
        "&amp;&lt;",
        "\u202e\u200b\ufeff",
        "𝕮𝖍𝖊𝖒𝖎𝖘𝖙𝖗𝖞",
        "a" * 5000,
        "chemistry & (physics | !biology)",
        "*",
        ":",
        "\\",
    ]
)
HOSTILE_TEXT = st.one_of(
    st.text(max_size=300),
    ATTACKS,
    st.lists(st.one_of(ATTACKS, st.text(max_size=20)), max_size=6).map("".join),
)


# --- the search query string: pure functions --------------------------------------------------


@EXAMPLES
@given(raw=HOSTILE_TEXT)
def test_clean_query_is_short_single_line_and_stable(raw):
    cleaned = text.clean_query(raw)
    assert len(cleaned) <= text.MAX_QUERY_LENGTH
    assert "\x00" not in cleaned and "\n" not in cleaned
    assert cleaned == cleaned.strip()
    assert text.clean_query(cleaned) == cleaned


@EXAMPLES
@given(raw=HOSTILE_TEXT)
def test_backend_query_passes_only_words_to_the_search_backend(raw):
    query = text.backend_query(text.clean_query(raw))
    terms = query.split()
    assert len(terms) <= text.MAX_TERMS
    assert all(term.isalnum() or "_" in term for term in terms), terms
    assert not set(query) & set("'\"<>;&|!()*:\\%")


@EXAMPLES
@given(body=HOSTILE_TEXT, raw=HOSTILE_TEXT)
def test_highlight_never_lets_markup_through(body, raw):
    terms = text.query_terms(text.clean_query(raw))
    html = str(text.highlight(body, terms))
    without_marks = html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks and ">" not in without_marks
    assert html.count("<mark>") == html.count("</mark>")


# --- the search page over HTTP -----------------------------------------------------------------


@HTTP_EXAMPLES
@given(
    q=HOSTILE_TEXT,
    kind=st.one_of(st.none(), st.sampled_from(["librarian", "guide", "post", "x"]), st.text()),
    page=st.one_of(st.none(), st.integers(-(10**20), 10**20).map(str), st.text(max_size=10)),
)
def test_search_page_answers_any_query_without_error(small_portal, client, q, kind, page):
    params = {"q": q}
    if kind is not None:
        params["type"] = kind
    if page is not None:
        params["page"] = page
    response = client.get("/search/", params)
    assert response.status_code in (200, 400, 404)


# --- the programme lookup ----------------------------------------------------------------------

CODES = st.one_of(
    st.just("CHEM-BSC"),
    st.just("chem-bsc "),
    st.text(max_size=40),
    ATTACKS,
)


@HTTP_EXAMPLES
@given(code=CODES)
def test_programme_lookup_json_is_a_200_or_a_404_with_a_json_error(small_portal, client, code):
    response = client.get(f"/api/librarian-for-programme/{quote(code, safe='')}/")
    assert response.status_code in (200, 400, 404)
    if response["Content-Type"].startswith("application/json"):
        data = json.loads(response.content)
        if response.status_code == 200:
            assert data["programme"]["code"] == "CHEM-BSC"
            assert [lib["name"] for lib in data["librarians"]] == ["Marie Curie"]
        elif response.status_code == 404:
            assert data["error"] == "unknown_programme"
        else:
            assert "null character" in data["message"]


@HTTP_EXAMPLES
@given(code=CODES)
def test_find_my_librarian_picker_answers_any_code(small_portal, client, code):
    response = client.get("/librarians/find/", {"programme": code})
    assert response.status_code in (200, 400, 404)
    if response.status_code == 200 and code.strip().lower() == "chem-bsc":
        assert b"Marie Curie" in response.content


@HTTP_EXAMPLES
@given(code=CODES)
def test_widget_answers_any_code(small_portal, client, code):
    response = client.get(f"/api/widget/librarian/{quote(code, safe='')}/")
    assert response.status_code in (200, 400, 404)


@HTTP_EXAMPLES
@given(
    fields=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            ("name", "email", "programme", "subject", "message", "website"), HOSTILE_TEXT
        ),
    ),
    slug=st.one_of(st.just("marie-curie"), HOSTILE_TEXT),
)
def test_contact_form_answers_any_post(small_portal, client, fields, slug):
    """The contact form's own address (/contact/<librarian>/): a message is sent (302) or the
    form comes back with its mistakes (400); an unknown librarian is a 404."""
    data = {f"contact-{name}": value for name, value in fields.items()}
    response = client.post(f"/contact/{quote(slug, safe='')}/", data)
    assert response.status_code in (302, 400, 404)


# --- Wagtail's JSON API ------------------------------------------------------------------------

API_PARAMS = st.dictionaries(
    keys=st.sampled_from(
        [
            "type",
            "fields",
            "order",
            "limit",
            "offset",
            "search",
            "child_of",
            "descendant_of",
            "slug",
            "title",
            "search_operator",
            "locale",
            "id",
            "html_path",
            "show_in_menus",
        ]
    ),
    values=st.one_of(
        HOSTILE_TEXT,
        st.integers(-(10**12), 10**12).map(str),
        st.sampled_from(
            [
                "liaison_pages.LiaisonPage",
                "wagtailcore.Page",
                "*",
                "-title",
                "random",
                "_,title",
                "body",
                "auth.User",
                "students.Student",
                "inbox.Message",
            ]
        ),
    ),
    max_size=4,
)


@HTTP_EXAMPLES
@given(params=API_PARAMS)
def test_pages_api_rejects_bad_parameters_with_a_4xx(small_portal, client, params):
    response = client.get("/api/v2/pages/", params)
    assert response.status_code in (200, 400, 404)
    data = json.loads(response.content)
    if response.status_code == 200:
        for item in data["items"]:  # `fields=_,…` leaves the type out: then nothing shows it
            page_type = item.get("meta", {}).get("type", "")
            assert page_type.split(".")[0] not in {"students", "inbox", "auth"}
    else:
        assert "message" in data


@HTTP_EXAMPLES
@given(page_id=st.one_of(st.integers(-(10**12), 10**12).map(str), st.text(max_size=20)))
def test_pages_api_detail_answers_any_id(small_portal, client, page_id):
    response = client.get(f"/api/v2/pages/{quote(page_id, safe='')}/")
    assert response.status_code in (200, 301, 302, 400, 404)


def test_pages_api_search_with_search_syntax_is_not_an_error(search_index, small_portal, client):
    for query in ['"', "'", "chem*", "a AND (b", "NEAR(x y)", "-", "^"]:
        response = client.get("/api/v2/pages/", {"search": query})
        assert response.status_code == 200, query
    response = client.get("/api/v2/pages/", {"search": '"Marie Curie'})
    assert [item["title"] for item in json.loads(response.content)["items"]] == ["Marie Curie"]
