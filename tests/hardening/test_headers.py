"""Security headers on a public page, an admin page and an API response; the production profile
passes Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

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
