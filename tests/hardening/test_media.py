"""Uploaded media: only image files are served from ``/media/``; documents only through Wagtail's
serve view (``/documents/<id>/<name>``), which checks the collection's privacy. Checked in both URL
configurations: development (``DEBUG=True``) and a single production machine (``DEBUG=False``)."""

import importlib
from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from django.urls import clear_url_caches
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

import portal.urls
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = b"Confidential: exam access arrangements for the 2025 cohort"
IMAGE = b"\x89PNG\r\n\x1a\n not really a picture"


@contextmanager
def url_configuration(debug):
    """portal.urls as it is built with this DEBUG value (it decides at import which media URLs
    exist), restored afterwards."""
    try:
        with override_settings(DEBUG=debug):
            importlib.reload(portal.urls)
            clear_url_caches()
            yield
    finally:
        importlib.reload(portal.urls)
        clear_url_caches()


@pytest.fixture
def media_on_disk(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(MEDIA_ROOT=tmp_path, STORAGES=storages):
        yield tmp_path


@pytest.fixture
def private_document(db, media_on_disk):
    root = Collection.get_first_root_node()
    staff_only = root.add_child(name="Staff only")
    CollectionViewRestriction.objects.create(
        collection=staff_only, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(title="Arrangements", collection=staff_only)
    document.file.save("arrangements.txt", ContentFile(SECRET))
    assert (media_on_disk / document.file.name).read_bytes() == SECRET
    return document


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def hostile_media_urls(file_name):
    """Every way we know of to reach ``documents/<file_name>`` under /media/."""
    name = file_name.split("/", 1)[1]
    return [
        f"/media/documents/{name}",
        f"/media//documents/{name}",
        f"/media///documents/{name}",
        f"/media/./documents/{name}",
        f"/media/.//documents/{name}",
        f"/media/%2e/documents/{name}",
        f"/media/%2E/documents/{name}",
        f"/media/x/../documents/{name}",
        f"/media/x/%2e%2e/documents/{name}",
        f"/media/images/../documents/{name}",
        f"/media/original_images/../documents/{name}",
        f"/media/images/%2e%2e/documents/{name}",
        f"/media/documents/./{name}",
        f"/media/documents%2F{name}",
        f"/media/documents%2f{name}",
        f"/media/%2Fdocuments/{name}",
        f"/media/%2fdocuments%2f{name}",
        f"/media/Documents/{name}",
        f"/media/DOCUMENTS/{name}",
        f"/media/images/../DOCUMENTS/{name}",
        f"/media/images\\..\\documents\\{name}",
        f"/media/%5Cdocuments%5C{name}",
    ]


@pytest.mark.parametrize("debug", [True, False], ids=["development", "production"])
def test_hole4_no_media_path_serves_a_private_document(private_document, debug):
    staff = UserFactory(email="staff@library.example.edu")
    with url_configuration(debug):
        anonymous = Client()
        served = {}
        for url in hostile_media_urls(private_document.file.name):
            response = anonymous.get(url)
            if SECRET in body(response) or response.status_code >= 500:
                served[url] = response.status_code
        assert served == {}

        # The document itself is still reachable, but only through the privacy check.
        response = anonymous.get(private_document.url)
        assert response.status_code == 302
        assert "/login/" in response["Location"]
        signed_in = Client()
        signed_in.force_login(staff)
        assert body(signed_in.get(private_document.url)) == SECRET


@pytest.mark.parametrize("debug", [True, False], ids=["development", "production"])
def test_media_still_serves_images_and_renditions(media_on_disk, debug):
    for folder in ("images", "original_images"):
        (media_on_disk / folder).mkdir()
        (media_on_disk / folder / "portrait.png").write_bytes(IMAGE)
    (media_on_disk / "other").mkdir()
    (media_on_disk / "other" / "notes.txt").write_bytes(SECRET)
    with url_configuration(debug):
        client = Client()
        assert body(client.get("/media/images/portrait.png")) == IMAGE
        assert body(client.get("/media/original_images/portrait.png")) == IMAGE
        assert body(client.get("/media/images/../original_images/portrait.png")) == IMAGE
        for url in ("/media/other/notes.txt", "/media/images/", "/media/images/missing.png"):
            assert client.get(url).status_code == 404, url
