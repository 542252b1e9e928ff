"""The plain-text helpers behind site search, without a database."""

from search import text


def test_clean_query_strips_control_characters_and_extra_space():
    assert text.clean_query("  chem\x00istry\t\n  data\x1b ") == "chem istry data"


def test_clean_query_caps_length():
    assert len(text.clean_query("a" * 10_000)) == text.MAX_QUERY_LENGTH


def test_clean_query_empty_values():
    assert text.clean_query(None) == ""
    assert text.clean_query("   ") == ""


def test_query_terms_keep_only_words_in_any_script():
    assert text.query_terms("'; DROP TABLE pages; -- Ünïcödé 日本語 OR") == [
        "drop",
        "table",
        "pages",
        "ünïcödé",
        "日本語",
        "or",
    ]


def test_query_terms_are_capped_and_deduplicated():
    assert text.query_terms("a a b " + " ".join(f"w{i}" for i in range(50))) == [
        "a",
        "b",
        *[f"w{i}" for i in range(8)],
    ]


def test_highlight_escapes_text_before_marking():
    html = text.highlight("<script>alert(1)</script> Chemistry & physics", ["chemistry"])
    assert html == ("&lt;script&gt;alert(1)&lt;/script&gt; <mark>Chemistry</mark> &amp; physics")


def test_highlight_never_marks_inside_an_escaped_entity():
    assert text.highlight("R&D", ["amp"]) == "R&amp;D"


def test_highlight_treats_terms_as_plain_text():
    assert text.highlight("a.b a+b", [".", "+"]) == "a<mark>.</mark>b a<mark>+</mark>b"


def test_excerpt_starts_near_first_match():
    long_text = "intro " * 100 + "the borehole archive " + "tail " * 100
    snippet = text.excerpt(long_text, ["borehole"])
    assert "borehole" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) <= 245


def test_did_you_mean_finds_close_names():
    names = ["Chemistry", "Chemical Engineering", "History", "Ada Byrne"]
    assert text.did_you_mean("chemestry", names)[0] == "Chemistry"
    assert "Ada Byrne" in text.did_you_mean("ada byrn", names)


def test_did_you_mean_matches_single_words_in_names():
    assert text.did_you_mean("engineerng", ["Chemical Engineering"]) == ["Chemical Engineering"]


def test_did_you_mean_nothing_close():
    assert text.did_you_mean("zzzzqqq", ["Chemistry"]) == []


def test_plain_text_keeps_words_apart_across_paragraphs():
    assert text.plain_text("<p>One.</p><p>Two <b>bold</b></p><ul><li>a</li><li>b</li></ul>") == (
        "One. Two bold a b"
    )


def test_correct_terms_replaces_words_the_portal_never_uses():
    words = text.vocabulary(["Chemistry", "Systematic Reviews", "Tomás Okafor", "Law"])
    assert text.correct_terms(["chemestry"], words) == ["chemistry"]
    assert text.correct_terms(["sytematic", "reviews"], words) == ["systematic", "reviews"]
    assert text.correct_terms(["tomas", "okafor"], words) == ["tomás", "okafor"]


def test_correct_terms_keeps_known_short_and_unmatched_words():
    words = text.vocabulary(["Chemistry", "Law"])
    assert text.correct_terms(["chemistry"], words) is None  # nothing to correct
    assert text.correct_terms(["lew"], words) is None  # too short to guess
    assert text.correct_terms(["georeferencing"], words) is None  # nothing close
