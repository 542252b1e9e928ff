"""<meta name="description">: the page's search description, else its intro, bio or summary as
plain text cut to ~160 characters, else its section's."""

from types import SimpleNamespace

from search.description import MAX_LENGTH, own_description, shorten


def test_own_description_prefers_the_search_description():
    page = SimpleNamespace(search_description="Promoted text.", intro="<p>Intro text.</p>")
    assert own_description(page) == "Promoted text."


def test_own_description_reads_rich_text_as_plain_text():
    page = SimpleNamespace(search_description="", bio="<p>Ada &amp; <b>Grace</b></p><p>Hi</p>")
    assert own_description(page) == "Ada & Grace Hi"


def test_own_description_uses_the_summary_of_guides_and_services():
    assert own_description(SimpleNamespace(search_description="", summary="Sum.")) == "Sum."


def test_own_description_is_empty_without_words():
    assert own_description(SimpleNamespace(search_description="", intro="<p> </p>")) == ""


def test_shorten_keeps_whole_words_within_the_limit():
    text = "word " * 60
    short = shorten(text.strip())
    assert len(short) <= MAX_LENGTH
    assert short.endswith("word…")
    assert shorten("Short enough.") == "Short enough."
