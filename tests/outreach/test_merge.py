"""Merge fields and the HTML allowlist: what a recipient reads."""

from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from outreach.merge import Guide, Librarian, Recipient, merge, unknown_fields
from outreach.sanitise import ALLOWED, clean_html, to_text

BASE = "https://portal.example.edu"
ADA = Librarian(
    name="Ada Byrne",
    email="ada@library.example.edu",
    photo_url=f"{BASE}/media/ada.jpg",
    booking_url="https://book.example.edu/ada",
)


def test_merge_fills_every_field():
    body = clean_html(
        "<p>Hi {{ preferred_name }} ({{programme}}), {{ librarian_name }} here.</p>"
        "{{ librarian_photo }}{{ booking_link }}{{ programme_guides }}",
        BASE,
    )
    out = merge(
        "Welcome, {{ preferred_name }}",
        body,
        Recipient("Sam", "BSc Chemistry"),
        ADA,
        [Guide("Chemistry databases", f"{BASE}/guides/chem/")],
    )
    assert out.subject == "Welcome, Sam"
    assert "Hi Sam (BSc Chemistry), Ada Byrne here." in out.html
    assert f'<img src="{BASE}/media/ada.jpg" alt="Ada Byrne"' in out.html
    assert (
        '<a href="https://book.example.edu/ada">Book a consultation with Ada Byrne</a>' in out.html
    )
    assert f'<li><a href="{BASE}/guides/chem/">Chemistry databases</a></li>' in out.html
    assert "{{" not in out.html
    assert "Chemistry databases <https://portal.example.edu/guides/chem/>" in out.text


def test_merge_escapes_what_people_typed():
    body = clean_html("<p>Dear {{ preferred_name }}</p>", BASE)
    out = merge(
        "Hi {{ preferred_name }}",
        body,
        Recipient("<script>alert(1)</script>\r\nBcc: x@evil", "P"),
        Librarian(name="<b>Ada</b>", email="a@x"),
    )
    assert "<script>" not in out.html
    assert "&lt;script&gt;" in out.html
    assert "\n" not in out.subject and "\r" not in out.subject


def test_clean_html_drops_scripts_attributes_and_bad_links():
    dirty = (
        '<p onclick="x()" style="color:red">Hi <script>alert(1)</script>'
        '<a href="javascript:alert(1)">bad</a> <a href="/guides/">good</a>'
        '<img src=x onerror=alert(1)><iframe src="https://evil"></iframe></p>'
    )
    clean = clean_html(dirty, BASE)
    assert clean == '<p>Hi <a>bad</a> <a href="https://portal.example.edu/guides/">good</a></p>'


def test_clean_html_keeps_merge_fields_out_of_link_addresses():
    clean = clean_html('<a href="https://x.example/{{ librarian_photo }}">x</a>', BASE)
    out = merge("s", clean, Recipient("Sam", "P"), ADA)
    assert "<img" not in out.html


def test_unknown_fields_are_reported():
    assert unknown_fields("{{ preferred_name }} {{ password }} {{programme}}") == ["password"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, [name for name, _ in attrs], dict(attrs).get("href")))


MARKUP = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<a href='javascript:x'>",
            "<a href=/x>",
            "<script>",
            "</script>",
            "<img",
            " onerror=alert(1)",
            ">",
            "<",
            "&lt;",
            "<style>",
            "{{ librarian_photo }}",
            '"',
            "'",
        ]
    )
    | st.text(max_size=10),
    max_size=30,
).map("".join)


@given(MARKUP)
def test_clean_html_lets_only_allowed_tags_and_safe_links_through(raw):
    parser = _Tags()
    parser.feed(clean_html(raw, BASE))
    for tag, attrs, href in parser.seen:
        assert tag in ALLOWED
        assert set(attrs) <= {"href"}
        assert href is None or href.startswith(("http://", "https://", "mailto:"))
    to_text(clean_html(raw, BASE))  # never fails
