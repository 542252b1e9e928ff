"""Files browsers and app launchers fetch by name: the favicon, the apple-touch icon and the web
app manifest (all linked from every page)."""

import io
import json

from PIL import Image


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
