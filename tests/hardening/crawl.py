"""Crawling a portal the way a visitor (or a bot) would: every URL in the sitemap and every same-site
link reachable from the home page, then a list of hostile URLs. Used by
``tests/test_seed_demo.py`` on the seeded demo portal (seeded once for all its tests)."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

MAX_PAGES = 300
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
    "/accounts/signup/?programme=%3Cscript%3E",
    "/accounts/signup/?programme=" + "p" * 5000,
    "/documents/1/../../settings.py",
    "/documents/99999/x.pdf",
    "/healthz/../admin/",
    "/sitemap.xml?p=-1",
    "/sitemap.xml?p=abc",
    "/news/feed/?page=-1",
    "/accounts/login/?next=//evil.example/",
    "/accounts/login/?next=%00",
    "/my-librarian/?x=%00",
]


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


def crawl(client, start="/"):
    """{path: status} for up to MAX_PAGES pages reachable from `start` and the sitemap."""
    seen, statuses = set(), {}
    queue = deque([start, *sitemap_paths(client)])
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        statuses[path] = response.status_code
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            queue.extend(same_site_paths(path, response.content.decode()))
    return statuses
