"""Crawling a portal the way a visitor (or a bot) would: every URL in the sitemap, the site files
browsers and auditors ask for by name, and every same-site link reachable from the home page, then a
list of hostile URLs. Used by ``tests/test_seed_demo.py`` on the seeded demo portal (seeded once for
all its tests) and by ``tests/hardening/`` on smaller portals built with factories."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from wagtail.models import Page

from taxonomy.models import Programme

MAX_PAGES = 300
# Fetched by browsers, app launchers and security scanners without any link pointing at them.
SITE_FILES = [
    "/favicon.ico",
    "/apple-touch-icon.png",
    "/site.webmanifest",
    "/.well-known/security.txt",
]
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/accounts/logout/")

ODD_URLS = [
    "/..",
    "/../",
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/librarians/%2e%2e/",
    "/librarians/..%2F..%2Fsettings.py",
    "/librarians%2Fguides/",
    "/%2F%2F",
    "//evil.example/",
    "/guides/" + "a" * 5000 + "/",
    "/news/" + "b" * 5000,
    "/librarians/ünïcödé-名前/",
    "/%F0%9F%92%A9/",
    "/%C0%AE%C0%AE/",
    "/%ff%fe/",
    "/news/%00",
    "/search/%00/",
    "/news/?page=-1",
    "/news/?page=0",
    "/news/?page=99999",
    "/news/?page=abc",
    "/news/?page=1e9",
    "/news/?page=%00",
    "/news/?tag=%00&author=%00&subject=%00",
    "/librarians/?page=-1",
    "/librarians/?page=99999999999999999999",
    "/librarians/?subject=%00&programme=%00&department=%00&q=%00",
    "/librarians/?subject=" + "s" * 3000,
    "/librarians/find/?programme=%00",
    "/contact/%00/",
    "/contact/no-such-librarian/",
    "/contact/" + "c" * 5000 + "/",
    "/librarians/find/?programme=" + "%F0%9F%92%A9" * 50,
    "/guides/?page=-5",
    "/search/?q=" + "q" * 10_000,
    "/search/?q=%00",
    "/search/?q=%27%20OR%201%3D1--",
    "/search/?q=%3Cscript%3E&type=%3Cscript%3E&page=-1",
    "/search/?page=99999&q=library",
    "/api/v2/pages/?limit=-1",
    "/api/v2/pages/?limit=100000",
    "/api/v2/pages/?offset=-10",
    "/api/v2/pages/?type=auth.User",
    "/api/v2/pages/?fields=*,password",
    "/api/v2/pages/?order=password",
    "/api/v2/pages/?search=%00",
    "/api/v2/pages/99999999999999999999/",
    "/api/v2/pages/-1/",
    "/api/librarian-for-programme/%00/",
    "/api/librarian-for-programme/" + "c" * 5000 + "/",
    "/api/widget/librarian/%2e%2e/",
    "/search/suggest/?q=" + "s" * 10_000,
    "/search/suggest/?q=%27%20OR%201%3D1--%20%22*",
    "/search/suggest/?q=%3Cscript%3E&q=NEAR(",
    "/api/v2/?fields=*,password",
    "/api/openapi.json?format=%3Cscript%3E",
    "/robots.txt?x=%00",
    "/consultations/book/%00/",
    "/consultations/book/" + "z" * 5000 + "/",
    "/consultations/book/nobody/?format=%3Cscript%3E",
    "/consultations/manage/%00/",
    "/consultations/manage/" + "m" * 5000 + "/",
    "/consultations/manage/x:y:z/consultation.ics",
    "/consultations/feed/" + "f" * 100 + ".ics",
    "/consultations/feed/%2e%2e.ics",
    "/consultations/feedback/%00/",
    "/consultations/feedback/" + "t" * 5000 + "/",
    "/consultations/feedback/x:y:z/",
    "/consultations/feedback/message:1/",
    "/consultations/feedback/%2e%2e/",
    "/accounts/signup/?programme=%3Cscript%3E",
    "/accounts/signup/?programme=" + "p" * 5000,
    "/documents/1/../../settings.py",
    "/documents/99999/x.pdf",
    "/media/documents/x.pdf",
    "/media//documents/x.pdf",
    "/media/./documents/x.pdf",
    "/media/%2e/documents/x.pdf",
    "/media/x/../documents/x.pdf",
    "/media/images/%2e%2e/documents/x.pdf",
    "/media/documents%2Fx.pdf",
    "/media/%2Fdocuments%2Fx.pdf",
    "/media/Documents/x.pdf",
    "/media/images\\..\\documents\\x.pdf",
    "/media/images/%00.png",
    "/media/../../etc/passwd",
    "/healthz/../admin/",
    "/.well-known/security.txt?x=%00",
    "/.well-known/%2e%2e/security.txt",
    "/.well-known/security.txt/../../SECURITY.md",
    "/security-policy.txt/..%2F..%2Fportal/settings/base.py",
    "/favicon.ico/../../portal/settings/base.py",
    "/%2e%2e/portal/public/favicon.ico",
    "/sitemap.xml?p=-1",
    "/sitemap.xml?p=abc",
    "/news/feed/?page=-1",
    "/accounts/login/?next=//evil.example/",
    "/accounts/login/?next=%00",
    "/admin/login/?next=//evil.example/",
    "/admin/login/?next=%00",
    "/my-librarian/?x=%00",
    "/accounts/2fa/",
    "/accounts/2fa/authenticate/",
    "/accounts/2fa/authenticate/?next=//evil.example/",
    "/accounts/2fa/reauthenticate/?next=%00",
    "/accounts/2fa/totp/activate/",
    "/accounts/2fa/recovery-codes/download/",
    "/accounts/2fa/webauthn/login/",
    "/admin/two-factor/reset/1/",
    "/admin/two-factor/reset/%00/",
    "/admin/two_factor_groups/",
    "/admin/evidence/?period=custom&from=%00&to=2026-13-45",
    "/admin/evidence/programmes/?liaison=-1&export=xlsx&table=%00",
    "/admin/evidence/messages/?month=9999-99&department=%00",
    "/admin/evidence/coverage/?faculty=x&sort=%00",
    "/admin/evidence/students/999999/",
    "/admin/evidence/address/?email=%00",
    "/outreach/unsubscribe/%00/",
    "/outreach/unsubscribe/" + "a" * 5000 + "/",
    "/outreach/unsubscribe/..%2F..%2Fadmin/",
    "/outreach/unsubscribe/" + "a" * 43 + "/",
    "/outreach/unsubscribe/%3Cscript%3Ealert(1)%3C%2Fscript%3Eaaaaaaaaaaaaaaaa/",
    "/outreach/preferences/?x=%00",
]


class HeadParser(HTMLParser):
    """What a page says about itself: its title (whitespace collapsed), its meta description and
    its headings, in document order."""

    def __init__(self):
        super().__init__()
        self.title = None
        self.description = None
        self.headings = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title" and self.title is None:
            self._in_title, self.title = True, ""
        elif tag == "meta" and (attrs.get("name") or "").lower() == "description":
            self.description = attrs.get("content")
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.headings.append(int(tag[1]))

    def handle_data(self, data):
        if self._in_title:
            self.title = " ".join(f"{self.title} {data}".split())

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False


def read_head(html):
    parser = HeadParser()
    parser.feed(html)
    return parser


def heading_skips(levels):
    """[(from, to), ...] wherever the outline skips a level: the first heading is not an h1, or a
    heading is more than one level below the one before it (h1 → h3). Going back up is fine."""
    skips, previous = [], 0
    for level in levels:
        if level > previous + 1:
            skips.append((previous, level))
        previous = level
    return skips


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link", "form"):
            for name, value in attrs:
                if name in ("href", "action") and value:
                    self.links.append(value)


def same_site_paths(base, html):
    parser = LinkParser()
    parser.feed(html)
    for link in parser.links:
        url = urldefrag(urljoin(base, link)).url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname not in ("testserver", "localhost"):
            continue
        if parts.scheme not in ("", "http", "https"):
            continue  # mailto:, tel:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not path.startswith(SKIP_PREFIXES):
            yield path


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    for chunk in body.split("<loc>")[1:]:
        yield urlsplit(chunk.split("</loc>", 1)[0]).path


def crawl(client, start="/", pages=None):
    """{path: status} for up to MAX_PAGES pages reachable from `start`, the site files and the
    sitemap. Pass a dict as `pages` to also collect {path: html} of every HTML page that opened."""
    seen, statuses = set(), {}
    queue = deque([start, *SITE_FILES, *sitemap_paths(client)])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            html = response.content.decode()
            if pages is not None:
                pages[path] = html
            queue.extend(same_site_paths(path, html))
    return statuses


def open_data_paths():
    """The open-data addresses no page links to: the JSON lookup and the widget for every
    programme, and Wagtail's API for every live public page (one listing plus each detail)."""
    paths = ["/api/v2/pages/?limit=50"]
    for code in Programme.objects.values_list("code", flat=True):
        paths += [f"/api/librarian-for-programme/{code}/", f"/api/widget/librarian/{code}/"]
    for page_id in Page.objects.live().public().filter(depth__gt=1).values_list("id", flat=True):
        paths.append(f"/api/v2/pages/{page_id}/")
    return paths
