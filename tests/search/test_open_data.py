"""Open data: API v2, the librarian-for-programme JSON, the widget, JSON-LD, vCards, sitemap, feed."""

import json
import re

import pytest
import vobject

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree(shared_content):
    """Every test here reads ``content``: the tree and its pages are built once for the module
    (tests/search/conftest.py ``shared_content_rows``), each test in a savepoint inside it."""
    return shared_content["site_tree"]


@pytest.fixture
def content(shared_content):
    return shared_content["content"]


# --- unpublished pages never leak ----------------------------------------------------------------


def test_api_pages_lists_only_live_pages(client, content):
    response = client.get("/api/v2/pages/?limit=50")
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert "Ada Byrne" in titles and "GIS and mapping" in titles
    assert not [t for t in titles if t.startswith("Secret")]


def test_api_page_detail_of_unpublished_page_is_404(client, content):
    draft = content["drafts"]["service"]
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_api_exposes_service_fields(client, content):
    service = content["service"]
    data = client.get(f"/api/v2/pages/{service.pk}/").json()
    assert data["summary"] == "Help with shapefiles, georeferencing and map layouts."
    assert data["meta"]["type"] == "services.ServicePage"


def test_api_is_read_only(client, content):
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code in (403, 405)


def test_sitemap_lists_only_live_pages(client, content):
    xml = client.get("/sitemap.xml").content.decode()
    assert content["guide"].url in xml and content["service"].url in xml
    assert "secret" not in xml.lower()


def test_news_feed_lists_only_live_posts(client, content):
    xml = client.get("/news/feed/").content.decode()
    assert "New fossil database" in xml
    assert "zebediah" not in xml.lower()


# --- librarian-for-programme JSON and widget ----------------------------------------------------


def test_librarian_for_programme_json(client, content):
    response = client.get(
        "/api/librarian-for-programme/bsc-geol/", HTTP_ORIGIN="https://lms.example.org"
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] in ("*", "https://lms.example.org")
    data = response.json()
    assert data["programme"]["code"] == "BSC-GEOL"
    [librarian] = data["librarians"]
    assert librarian["name"] == "Ada Byrne"
    assert librarian["title"] == "Earth Sciences Librarian"
    assert librarian["email"] == "ada-byrne@library.example.edu"
    assert librarian["profile_url"] == "http://testserver/librarians/ada-byrne/"
    assert librarian["contact_url"] == "http://testserver/librarians/ada-byrne/#contact"
    assert librarian["photo_url"] is None
    assert librarian["reason"] == "serves BSc Geology"
    assert "max-age=300" in response["Cache-Control"]


def test_librarian_for_programme_unknown_code_is_json_404(client, content):
    response = client.get("/api/librarian-for-programme/NOPE-999/", HTTP_ORIGIN="https://x.example")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "unknown_programme"
    assert "Access-Control-Allow-Origin" in response


def test_librarian_for_programme_rejects_writes(client, content):
    assert client.post("/api/librarian-for-programme/BSC-GEOL/").status_code == 405


def test_widget_renders_librarian_and_may_be_framed(client, content):
    response = client.get("/api/widget/librarian/BSC-GEOL/", HTTP_ORIGIN="https://lms.example.org")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Your librarian for BSc Geology" in html
    assert "Ada Byrne" in html and "ada-byrne@library.example.edu" in html
    assert "X-Frame-Options" not in response
    assert "frame-ancestors" not in response.get("Content-Security-Policy", "")


def test_widget_unknown_programme_is_404_page(client, content):
    response = client.get("/api/widget/librarian/NOPE/")
    assert response.status_code == 404
    assert "We don't know a programme" in response.content.decode()


def test_ordinary_pages_still_refuse_framing(client, content):
    assert client.get("/librarians/")["X-Frame-Options"] == "DENY"


# --- JSON-LD ---------------------------------------------------------------------------------------


def jsonld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, blocks
    return json.loads(blocks[0])


@pytest.mark.parametrize(
    "key,schema_type",
    [("liaison", "Person"), ("guide", "Article"), ("post", "BlogPosting"), ("service", "Service")],
)
def test_pages_carry_jsonld_of_the_right_type(client, content, key, schema_type):
    page = content[key]
    data = jsonld(client.get(page.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type
    assert data["url"] == page.get_full_url()


def test_jsonld_escapes_markup(client, site_tree):
    from tests.factories import LiaisonPageFactory

    page = LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Eve </script><script>alert(1)</script> & Co",
        slug="eve",
    )
    html = client.get(page.url).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert json.loads(raw)["name"] == "Eve </script><script>alert(1)</script> & Co"


# --- vCard -----------------------------------------------------------------------------------------


def test_vcard_parses_with_vobject(client, content):
    response = client.get("/api/vcard/ada-byrne.vcf")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/vcard")
    card = vobject.readOne(response.content.decode())
    assert card.fn.value == "Ada Byrne"
    assert card.email.value == "ada-byrne@library.example.edu"
    assert card.title.value == "Earth Sciences Librarian"
    assert card.url.value == "http://localhost/librarians/ada-byrne/"


def test_vcard_of_unpublished_librarian_is_404(client, content):
    draft = content["drafts"]["liaison"]
    assert client.get(f"/api/vcard/{draft.slug}.vcf").status_code == 404
