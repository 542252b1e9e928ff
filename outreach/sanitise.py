"""An allowlist for the HTML an author writes into a campaign, and its plain-text twin.

Wagtail's editor stores only the features a field allows, but the stored HTML is still input from
a person: this keeps the tags an email needs (paragraphs, headings, emphasis, lists, links with
http(s) or mailto addresses), drops every attribute but a link's ``href``, drops the content of
``script`` and ``style``, and escapes all text. Relative links become absolute on the portal.
"""

from html import escape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

ALLOWED = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ul", "ol", "li", "a"}
VOID = {"br"}
DROP_CONTENT = {"script", "style", "template", "iframe", "object", "noscript", "title", "head"}
SCHEMES = {"http", "https", "mailto"}
BLOCKS = {"p", "h2", "h3", "h4", "li", "ul", "ol"}


def safe_href(href, base):
    href = (href or "").strip()
    if not href or any(ord(c) < 32 for c in href):
        return None
    absolute = urljoin(base.rstrip("/") + "/", href)
    if urlsplit(absolute).scheme.lower() not in SCHEMES:
        return None
    # braces would let a merge field put markup inside the attribute
    return absolute.replace("{", "%7B").replace("}", "%7D")


class _Cleaner(HTMLParser):
    def __init__(self, base):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.out = []
        self.open = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED:
            return
        if tag == "a":
            href = safe_href(dict(attrs).get("href"), self.base)
            self.out.append(f'<a href="{escape(href)}">' if href else "<a>")
        else:
            self.out.append(f"<{tag}>")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == tag:
                break

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def result(self):
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def clean_html(html, base):
    cleaner = _Cleaner(base)
    cleaner.feed(html or "")
    return cleaner.result()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.out.append("\n")
        elif tag == "li":
            self.out.append("\n- ")
        elif tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        elif tag == "img":
            pass

    def handle_endtag(self, tag):
        if tag == "a" and self.hrefs:
            href = self.hrefs.pop()
            if href and not href.startswith("mailto:"):
                self.out.append(f" <{href}>")
        elif tag in BLOCKS:
            self.out.append("\n\n" if tag != "li" else "")

    def handle_data(self, data):
        self.out.append(" ".join(data.split()) if data.strip() else (" " if data else ""))


def to_text(html):
    """A readable plain-text version of cleaned HTML (links written out after their text)."""
    parser = _Text()
    parser.feed(html or "")
    parser.close()
    lines = [line.strip() for line in "".join(parser.out).splitlines()]
    text, blank = [], False
    for line in lines:
        if line:
            text.append(line)
            blank = False
        elif not blank and text:
            text.append("")
            blank = True
    return "\n".join(text).strip() + "\n"
