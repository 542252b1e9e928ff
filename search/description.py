"""The sentence search engines show under a page's title: ``<meta name="description">``.

A page's own words come first: its search description (the *Promote* tab), else its intro, bio or
summary as plain text; a page with none of these borrows its section's (the nearest ancestor that
has one). Cut at a word boundary to fit the ~160 characters results pages show.
"""

import html

from .text import plain_text

MAX_LENGTH = 160
# In order of preference; each page type has at most one of intro, bio and summary.
FIELDS = ("search_description", "intro", "bio", "summary")


def shorten(text, max_length=MAX_LENGTH):
    """`text` if it fits, else as many whole words as fit, followed by an ellipsis."""
    if len(text) <= max_length:
        return text
    cut = text[: max_length - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.–—") + "…"


def own_description(page):
    """The page's own description as one line of plain text, or "" when it has none."""
    for field in FIELDS:
        value = getattr(page, field, None)
        text = html.unescape(plain_text(str(value))) if value else ""
        if text:
            return text
    return ""


def page_description(page, max_length=MAX_LENGTH):
    """The description for `page`: its own, else the nearest ancestor's below the tree root, else
    "". Costs no query when the page has words of its own, two per ancestor otherwise."""
    while page is not None:
        text = own_description(page)
        if text:
            return shorten(text, max_length)
        parent = page.get_parent() if page.depth > 2 else None
        page = parent.specific if parent is not None else None
    return ""
