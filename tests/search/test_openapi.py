"""Open data a campus developer can use without reading the code: the API index, the OpenAPI
description (valid, and true of the real responses), the public fields of each page type in API v2,
and robots.txt."""

import pytest
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import validate

from liaison_pages.models import OfficeHour
from tests.factories import LiaisonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_tree(shared_content):
    """Every test here reads ``content``: the tree and its pages are built once for the module
    (tests/search/conftest.py ``shared_content_rows``), each test in a savepoint inside it."""
    return shared_content["site_tree"]


@pytest.fixture
def content(shared_content):
    return shared_content["content"]


def spec(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def conforms(document, schema_name, instance):
    """Validate ``instance`` against a component schema of the OpenAPI ``document``."""
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    OAS31Validator(schema, format_checker=oas31_format_checker).validate(instance)


def test_openapi_description_is_a_valid_openapi_document(client, content):
    document = spec(client)
    validate(document)  # raises on any error
    assert document["servers"] == [{"url": "http://testserver"}]
    assert set(document["paths"]) >= {
        "/api/librarian-for-programme/{code}/",
        "/api/widget/librarian/{code}/",
        "/api/vcard/{slug}.vcf",
    }


def test_openapi_describes_the_real_responses(client, content):
    document = spec(client)
    paths = document["paths"]
    found = client.get("/api/librarian-for-programme/BSC-GEOL/")
    assert "200" in paths["/api/librarian-for-programme/{code}/"]["get"]["responses"]
    conforms(document, "LibrarianForProgramme", found.json())
    missing = client.get("/api/librarian-for-programme/NOPE/")
    assert missing.status_code == 404
    conforms(document, "Error", missing.json())
    conforms(document, "Suggestions", client.get("/search/suggest/?q=rock").json())
    conforms(document, "ApiIndex", client.get("/api/v2/").json())
    widget = client.get("/api/widget/librarian/BSC-GEOL/")
    assert widget["Content-Type"].startswith("text/html")
    assert (
        "text/html" in paths["/api/widget/librarian/{code}/"]["get"]["responses"]["200"]["content"]
    )
    card = client.get(f"/api/vcard/{content['liaison'].slug}.vcf")
    assert card["Content-Type"].startswith("text/vcard")
    assert "text/vcard" in paths["/api/vcard/{slug}.vcf"]["get"]["responses"]["200"]["content"]


def test_openapi_catches_a_response_that_breaks_it(client, content):
    document = spec(client)
    data = client.get("/api/librarian-for-programme/BSC-GEOL/").json()
    data["librarian"]["status"] = "your_librarian"
    with pytest.raises(Exception, match="is not valid|is not one of"):
        conforms(document, "LibrarianForProgramme", data)


def test_api_index_lists_endpoints_and_fields(client, content):
    response = client.get("/api/v2/")
    assert response.status_code == 200
    data = response.json()
    assert data["endpoints"]["pages"] == "http://testserver/api/v2/pages/"
    assert data["endpoints"]["openapi"] == "http://testserver/api/openapi.json"
    assert data["endpoints"]["librarian_for_programme"].endswith("/{code}/")
    fields = data["page_types"]["liaison_pages.LiaisonPage"]["fields"]
    assert {"job_title", "email", "phone", "subject_names", "programmes", "office_hours"} <= set(
        fields
    )


def test_api_exposes_librarians_public_fields(client, content):
    liaison = content["liaison"]
    liaison.phone = "+44 20 7946 0100"
    liaison.save_revision().publish()
    OfficeHour.objects.create(page=liaison, day=0, start="10:00", end="12:00")
    fields = "job_title,email,phone,subject_names,programmes,office_hours,photo"
    data = client.get(f"/api/v2/pages/{liaison.pk}/?fields={fields}").json()
    assert data["job_title"] == "Earth Sciences Librarian"
    assert data["email"] == "ada-byrne@library.example.edu"
    assert data["phone"] == "+44 20 7946 0100"
    assert data["subject_names"] == ["Palaeontology"]
    assert data["programmes"] == [{"code": "BSC-GEOL", "name": "BSc Geology"}]
    assert data["office_hours"] == [
        {"day": "Monday", "start": "10:00", "end": "12:00", "mode": "In person"}
    ]
    assert data["photo"] is None
    listing = client.get("/api/v2/pages/?type=liaison_pages.LiaisonPage&fields=job_title")
    assert listing.status_code == 200, listing.content  # no more "unknown field"
    assert "user" not in data and "capacity" not in data and "owner" not in data["meta"]


def test_api_exposes_guides_posts_and_services_public_fields(client, content):
    guide = client.get(
        f"/api/v2/pages/{content['guide'].pk}/?fields=librarian,subject_names,last_reviewed"
    ).json()
    assert guide["librarian"] == {"id": content["liaison"].pk, "name": "Ada Byrne"}
    assert guide["subject_names"] == []
    assert guide["last_reviewed"] == content["guide"].last_reviewed.isoformat()
    post = client.get(f"/api/v2/pages/{content['post'].pk}/?fields=date,author,intro").json()
    assert post["author"]["name"] == "Ada Byrne" and post["intro"].startswith("Trial access")
    service = client.get(
        f"/api/v2/pages/{content['service'].pk}/?fields=audience_names,turnaround"
    ).json()
    assert "audience_names" in service and "turnaround" in service


def test_api_leaves_out_inactive_librarians(client, site_tree, content):
    gone = LiaisonPageFactory(parent=site_tree["librarians"], title="Quentin Marsh")
    gone.is_active = False
    gone.save_revision().publish()
    titles = [i["title"] for i in client.get("/api/v2/pages/?limit=50").json()["items"]]
    assert "Ada Byrne" in titles and "Quentin Marsh" not in titles
    assert client.get(f"/api/v2/pages/{gone.pk}/").status_code == 404


def test_robots_txt_points_at_the_sitemap_and_keeps_private_areas_out(client, content):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    for path in ("/admin/", "/accounts/", "/my-librarian/"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://localhost/sitemap.xml" in lines  # the site's own address
