"""Files browsers, app launchers and security auditors fetch by name: the favicon, the apple-touch
icon, the web app manifest (all linked from every page) and /.well-known/security.txt."""

import datetime
import io
import json
import re

from django.test import override_settings
from django.utils import timezone
from PIL import Image

from ops.wellknown import security_txt_fields


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(body(response)))
    assert icon.format == "ICO"
    assert (32, 32) in icon.info["sizes"]


def test_apple_touch_icon_is_a_180_pixel_png(client):
    response = client.get("/apple-touch-icon.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(body(response))).size == (180, 180)


def test_web_app_manifest_is_served_with_its_icons(client):
    response = client.get("/site.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(body(response))
    assert manifest["name"] and manifest["start_url"] == "/"
    sizes = set()
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200, icon["src"]
        image = Image.open(io.BytesIO(body(served)))
        assert f"{image.width}x{image.height}" == icon["sizes"]
        sizes.add(icon["sizes"])
    assert {"192x192", "512x512"} <= sizes


def test_every_page_links_the_icons_and_the_manifest(site_tree, client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert '<link rel="apple-touch-icon" href="/apple-touch-icon.png">' in html
    assert '<link rel="manifest" href="/site.webmanifest">' in html


# --- security.txt (RFC 9116) ---

FIELD = re.compile(r"^(?P<name>[A-Za-z0-9-]+): (?P<value>\S.*)$")
KNOWN_FIELDS = {"Acknowledgments", "Canonical", "Contact", "Encryption", "Expires", "Hiring"}
KNOWN_FIELDS |= {"Policy", "Preferred-Languages", "CSAF"}


def parse_security_txt(text):
    """{field: [values]} of an RFC 9116 file; fails on any line that is not a field or comment."""
    fields = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = FIELD.match(line)
        assert match, f"not an RFC 9116 field: {line!r}"
        fields.setdefault(match["name"], []).append(match["value"])
    return fields


@override_settings(PORTAL_SECURITY_CONTACT=["security@uni.example", "https://uni.example/report"])
def test_security_txt_names_contact_expiry_policy_language_and_canonical_address(site_tree, client):
    response = client.get("/.well-known/security.txt", secure=True)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = parse_security_txt(response.content.decode())
    assert set(fields) <= KNOWN_FIELDS
    assert fields["Contact"] == ["mailto:security@uni.example", "https://uni.example/report"]
    assert fields["Canonical"] == ["https://testserver/.well-known/security.txt"]
    assert fields["Policy"] == ["https://testserver/security-policy.txt"]
    assert fields["Preferred-Languages"] == ["en"]
    assert len(fields["Expires"]) == 1


def test_security_txt_expires_in_the_future_and_within_a_year(site_tree, client):
    fields = parse_security_txt(client.get("/.well-known/security.txt").content.decode())
    expires = datetime.datetime.fromisoformat(fields["Expires"][0].replace("Z", "+00:00"))
    now = timezone.now()
    assert now + datetime.timedelta(days=30) < expires < now + datetime.timedelta(days=366)


def test_security_txt_expiry_moves_with_the_date_and_the_setting():
    now = datetime.datetime(2031, 5, 17, 15, 30, tzinfo=datetime.UTC)
    fields = dict(security_txt_fields(now, ["a@b.example"], 90, "https://p", "https://c"))
    assert fields["Expires"] == "2031-08-15T00:00:00Z"


@override_settings(PORTAL_SECURITY_POLICY_URL="https://uni.example/disclosure")
def test_security_txt_can_point_to_a_university_wide_policy(site_tree, client):
    fields = parse_security_txt(client.get("/.well-known/security.txt").content.decode())
    assert fields["Policy"] == ["https://uni.example/disclosure"]


def test_security_policy_it_links_to_is_served_as_plain_text(site_tree, client):
    response = client.get("/security-policy.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Reporting a vulnerability" in response.content.decode()


def test_security_txt_and_policy_refuse_anything_but_reading(site_tree, client):
    for path in ("/.well-known/security.txt", "/security-policy.txt"):
        assert client.post(path, {"Contact": "mailto:evil@example.com"}).status_code == 405
        assert client.head(path).status_code == 200


def test_paths_around_the_site_files_reach_nothing_else(site_tree, client):
    for path in (
        "/.well-known/security.txt/../../SECURITY.md",
        "/favicon.ico/../../portal/settings/base.py",
        "/%2e%2e/portal/public/favicon.ico",
        "/.well-known/security.md",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert b"SECRET_KEY" not in response.content
