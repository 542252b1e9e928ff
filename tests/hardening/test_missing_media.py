"""A restore without media, or object storage that is briefly unreachable: the image records are
there but their original files are not. Every public page, feed, vCard and API response still
answers, without the pictures, and each missing file is logged once."""

import json
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from wagtail.images import get_image_model

from tests.hardening.crawl import crawl, open_data_paths


def lose_original_files():
    """Delete every original image file from storage and every rendition made from them, as after
    restoring the database without the media folder."""
    Image = get_image_model()
    for image in Image.objects.all():
        image.file.storage.delete(image.file.name)
    Image.get_rendition_model().objects.all().delete()
    cache.clear()  # Wagtail keeps renditions in the cache too


@pytest.fixture
def portal_without_media(full_portal):
    lose_original_files()
    return full_portal


def test_every_public_url_answers_without_a_server_error_when_image_files_are_missing(
    portal_without_media, client
):
    client.raise_request_exception = False  # collect every failure, not just the first
    statuses = crawl(client)
    for path in open_data_paths():
        statuses[path] = client.get(path).status_code

    assert {path: status for path, status in statuses.items() if status >= 500} == {}
    liaison = portal_without_media["liaisons"][0]
    for path in (
        liaison.url,
        f"/api/vcard/{liaison.slug}.vcf",
        portal_without_media["guide_pages"][0].url,
        portal_without_media["post_pages"][0].url,
        "/news/feed/",
        "/api/widget/librarian/CHEM-BSC/",
    ):
        assert statuses.get(path) == 200, path


def test_profile_without_its_photo_file_shows_no_picture_and_no_broken_image(
    portal_without_media, client
):
    liaison = portal_without_media["liaisons"][0]
    html = client.get(liaison.url).content.decode()
    assert "Marie Curie" in html
    assert "<img" not in html
    structured = json.loads(html.split('type="application/ld+json">')[1].split("</script>")[0])
    assert structured["name"] == "Marie Curie"
    assert "image" not in structured


def test_cards_without_photo_files_show_the_initial_instead(portal_without_media, client):
    html = client.get("/librarians/").content.decode()
    assert html.count('avatar avatar-blank" aria-hidden="true">M<') == 1
    assert "<img" not in html


def test_post_and_guide_without_image_files_render_their_text(portal_without_media, client):
    post = client.get(portal_without_media["post_pages"][0].url).content.decode()
    assert "Trial access to database number 0" in post
    assert "<img" not in post
    guide = client.get(portal_without_media["guide_pages"][0].url).content.decode()
    assert "Key databases" in guide
    assert "<img" not in guide
    home = client.get("/").content.decode()
    assert "New chemistry database 0" in home
    assert "<img" not in home


def test_lookup_json_and_widget_leave_the_photo_out(portal_without_media, client):
    data = client.get("/api/librarian-for-programme/CHEM-BSC/").json()
    assert [person["name"] for person in data["librarians"]] == ["Marie Curie", "Rosalind Franklin"]
    assert [person["photo_url"] for person in data["librarians"]] == [None, None]
    widget = client.get("/api/widget/librarian/CHEM-BSC/").content.decode()
    assert "Marie Curie" in widget
    assert "<img" not in widget


def test_each_missing_image_file_is_logged_once(portal_without_media, client, caplog):
    liaison = portal_without_media["liaisons"][0]
    with caplog.at_level(logging.WARNING):
        for _ in range(3):
            client.get(liaison.url)  # the photo at two sizes: page and JSON-LD
            client.get("/librarians/")
    missing = [r for r in caplog.records if "original file is missing" in r.getMessage()]
    assert len(missing) == 2, [r.getMessage() for r in missing]  # both librarians' photos
    assert liaison.photo.file.name in missing[0].getMessage()


def test_images_whose_files_exist_are_still_shown(full_portal, client):
    liaison = full_portal["liaisons"][0]
    html = client.get(liaison.url).content.decode()
    assert 'class="profile-photo"' in html
    assert ".fill-240x240" in html
    data = client.get("/api/librarian-for-programme/CHEM-BSC/").json()
    assert data["librarians"][0]["photo_url"].startswith("http://testserver/media/images/")


def test_templates_load_the_image_tag_that_leaves_missing_files_out():
    """Wagtail's own {% image %} writes a broken <img src="/media/not-found"> for a missing file;
    every template loads portal_images instead."""
    templates = Path(settings.BASE_DIR) / "templates"
    offenders = [
        str(path.relative_to(templates))
        for path in templates.rglob("*.html")
        if "wagtailimages_tags" in path.read_text()
    ]
    assert offenders == []
