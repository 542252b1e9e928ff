"""Uploads through the Wagtail admin: only real raster images are accepted as images, within size
and pixel limits (a decompression bomb is a form error, not a 500), SVG and HTML never become
images, and documents are served so a browser never runs them."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


def png_bytes(size=(40, 30), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def upload_image(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Upload",
            "description": "An uploaded picture",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": "1",
        },
    )


def test_a_real_png_is_accepted(admin_client):
    response = upload_image(admin_client, "portrait.png", png_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Upload").exists()


def test_a_decompression_bomb_is_a_form_error_not_a_500(admin_client):
    # 9,000 x 9,000 pixels (81 million) in a small file; the limit is 64 million.
    bomb = png_bytes(size=(9000, 9000), mode="1")
    assert len(bomb) < 2 * 1024 * 1024
    response = upload_image(admin_client, "bomb.png", bomb)
    assert response.status_code == 200
    assert b"too many pixels" in response.content
    assert not get_image_model().objects.exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_an_oversized_image_is_a_form_error(admin_client):
    noisy = PILImage.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3))
    buffer = io.BytesIO()
    noisy.save(buffer, format="PNG")
    big = buffer.getvalue()
    assert len(big) > 1024
    response = upload_image(admin_client, "big.png", big)
    assert response.status_code == 200
    assert b"This file is too big" in response.content
    assert not get_image_model().objects.exists()


def test_svg_is_not_accepted_as_an_image(admin_client):
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
    )
    response = upload_image(admin_client, "logo.svg", svg, content_type="image/svg+xml")
    assert response.status_code == 200
    assert b"Not a supported image format" in response.content
    assert not get_image_model().objects.exists()


def test_html_renamed_to_png_is_not_accepted_as_an_image(admin_client):
    response = upload_image(admin_client, "innocent.png", b"<html><script>alert(1)</script>")
    assert response.status_code == 200
    assert b"errors" in response.content.lower()
    assert not get_image_model().objects.exists()


@pytest.fixture
def disk_storage(settings, tmp_path):
    """Documents are served from disk in production; InMemoryStorage has no real files."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": "1"},
    )


def test_html_documents_are_refused(admin_client):
    response = upload_document(admin_client, "page.html", b"<script>alert(1)</script>")
    assert response.status_code == 200
    assert b"File extension" in response.content or b"not allowed" in response.content
    assert not get_document_model().objects.exists()


def test_documents_other_than_pdf_download_as_attachments(disk_storage, admin_client, client):
    response = upload_document(admin_client, "notes.txt", b"<html><script>alert(1)</script>")
    assert response.status_code == 302
    document = get_document_model().objects.get()
    served = client.get(document.url)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment")
    assert not served["Content-Type"].startswith("text/html")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'"


def test_pdf_documents_open_inline(disk_storage, admin_client, client):
    response = upload_document(admin_client, "guide.pdf", b"%PDF-1.4\n%%EOF\n")
    assert response.status_code == 302
    served = client.get(get_document_model().objects.get().url)
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("inline")
