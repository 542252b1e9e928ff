"""Security headers on a public page, an admin page and an API response; the production profile
passes Django's deployment checklist."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

REPO = Path(__file__).resolve().parents[2]


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:]
        for part in (piece.strip() for piece in header.split(";"))
        if part
    }


def test_public_page_has_strict_csp_and_security_headers(site_tree, client):
    response = client.get("/")
    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


def test_public_page_html_has_no_inline_script(site_tree, client):
    html = client.get("/").content.decode()
    for chunk in html.split("<script")[1:]:
        opening = chunk.split(">", 1)[0]
        assert "src=" in opening or "application/json" in opening or "ld+json" in opening, opening


def test_admin_page_gets_its_relaxations_only_under_admin(site_tree, admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    directives = csp_directives(response)
    assert "'unsafe-inline'" in directives["script-src"]
    assert "'self'" in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    # the same signed-in editor on a public page gets the strict policy again
    public = admin_client.get("/")
    assert "'unsafe-inline'" not in public["Content-Security-Policy"]


def test_api_response_has_security_headers_and_cors(site_tree, client):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://elsewhere.example")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_framable_views_drop_frame_ancestors(rf):
    from django.http import HttpResponse
    from django.views.decorators.clickjacking import xframe_options_exempt

    from ops.middleware import PortalCSPMiddleware

    @xframe_options_exempt
    def widget(request):
        return HttpResponse("widget")

    middleware = PortalCSPMiddleware(widget)
    response = middleware(rf.get("/api/widget/librarian/X/"))
    assert "frame-ancestors" not in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


@override_settings(
    CONTENT_SECURITY_POLICY=None,
    CONTENT_SECURITY_POLICY_REPORT_ONLY={"DIRECTIVES": {"default-src": ["'self'"]}},
)
def test_report_only_mode_sends_report_only_header(site_tree, client):
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert response["Content-Security-Policy-Report-Only"] == "default-src 'self'"


def _production_env(**extra):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_ALLOWED_HOSTS="library.example.edu",
        **extra,
    )
    return env


def test_production_settings_pass_check_deploy_without_warnings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=_production_env(DJANGO_SECRET_KEY="x" * 20 + "-production-like-secret-key-0123456789"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


# --- every header, with the production profile's values -------------------------------------

# What portal.settings.production decides about response headers, read from a process that loads
# it (importing it here would change the test profile's shared CSP dict).
HEADER_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_REPORT_ONLY",
    "PORTAL_CSP_ADMIN_PREFIXES",
    "PORTAL_CSP_ADMIN_UPDATE",
    "PORTAL_PERMISSIONS_POLICY",
    "PORTAL_CORP_CROSS_ORIGIN_PREFIXES",
]


@pytest.fixture(scope="module")
def production_headers():
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name, None) for name in {HEADER_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=_production_env(DJANGO_SECRET_KEY="x" * 50),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    with override_settings(**values):
        yield values


def assert_security_headers(response, *, corp="same-origin", framable=False, document=True):
    """Every header the standard scanners score, as the production profile sends it over HTTPS.
    Files that are not documents (icons, the manifest: WhiteNoise answers before Django's
    clickjacking middleware) need no X-Frame-Options; CSP's frame-ancestors covers them."""
    policy = response["Content-Security-Policy"]
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert "upgrade-insecure-requests" in directives
    assert "'unsafe-eval'" not in policy
    assert "*" not in directives["script-src"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == corp
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]
    if framable:
        assert "X-Frame-Options" not in response
        assert "frame-ancestors" not in directives
    else:
        assert directives["frame-ancestors"] == ["'none'"]
        if document:
            assert response["X-Frame-Options"] == "DENY"


def test_public_page_sends_every_security_header(production_headers, site_tree, client):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_admin_page_sends_every_security_header(production_headers, site_tree, admin_client):
    response = admin_client.get("/admin/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response)


def test_api_response_sends_every_security_header_and_may_be_read_elsewhere(
    production_headers, small_portal, client
):
    for path in ("/api/v2/pages/", "/api/librarian-for-programme/CHEM-BSC/"):
        response = client.get(path, secure=True, HTTP_ORIGIN="https://course.example")
        assert response.status_code == 200, path
        assert_security_headers(response, corp="cross-origin")
        assert response["Access-Control-Allow-Origin"] == "*"


def test_widget_may_be_framed_and_embedded_by_other_sites(production_headers, small_portal, client):
    response = client.get("/api/widget/librarian/CHEM-BSC/", secure=True)
    assert response.status_code == 200
    assert_security_headers(response, corp="cross-origin", framable=True)


def test_site_files_send_the_security_headers_too(production_headers, site_tree, client):
    for path in ("/favicon.ico", "/site.webmanifest", "/.well-known/security.txt"):
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
        assert_security_headers(response, document=False)


def test_plain_http_is_redirected_to_https(production_headers, site_tree, client):
    response = client.get("/librarians/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/librarians/"
