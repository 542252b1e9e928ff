"""Production defaults for sign-in (issue #13, hole 10): staff sessions end after a working day
without activity while students keep the normal session, and behind the TLS proxy the settings
assume, rate limits read the real client address."""

import datetime
import json
import subprocess
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from editorial.roles import setup_roles
from tests.factories import StudentFactory, UserFactory

from .test_headers import _production_env

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def clock(monkeypatch):
    """Moves Django's idea of "now" (sessions, their expiry dates) forward on request."""
    real_now = timezone.now
    offset = [datetime.timedelta(0)]
    monkeypatch.setattr(timezone, "now", lambda: real_now() + offset[0])

    class Clock:
        def advance(self, delta):
            offset[0] += delta

    return Clock()


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def verified_user(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, user, **extra):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]


def test_hole10_idle_staff_session_is_refused_while_an_active_one_continues(
    client, site_tree, clock
):
    liaison_group, _ = setup_roles()
    librarian = verified_user(email="ada.byrne@library.example.edu")
    librarian.groups.add(liaison_group)
    idle = datetime.timedelta(seconds=settings.PORTAL_STAFF_SESSION_IDLE_SECONDS)
    assert idle == 8 * HOUR

    sign_in(client, librarian, remember="on")  # "Remember me" does not lengthen a staff session
    assert client.get("/admin/").status_code == 200
    for _ in range(3):  # a long day of work: every request moves the deadline
        clock.advance(idle - HOUR)
        assert client.get("/admin/").status_code == 200

    clock.advance(idle + datetime.timedelta(seconds=1))  # a night away from the desk
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def session_writes(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def test_staff_session_deadline_is_written_at_most_once_a_minute(client, site_tree, clock):
    """Moving the deadline is a session write: not on every admin page, but at least once a
    minute of activity."""
    liaison_group, _ = setup_roles()
    librarian = verified_user(email="ada.byrne@library.example.edu")
    librarian.groups.add(liaison_group)
    sign_in(client, librarian)
    client.get("/admin/")
    assert session_writes(client, "/admin/") == []
    clock.advance(datetime.timedelta(seconds=61))
    assert session_writes(client, "/admin/") != []
    assert session_writes(client, "/admin/") == []


def test_student_session_keeps_the_normal_lifetime(client, site_tree, clock):
    student = StudentFactory(user=verified_user(email="sam@students.example.edu"))
    sign_in(client, student.user, remember="on")
    clock.advance(3 * 24 * HOUR)  # three days without a visit
    response = client.get("/my-librarian/")
    assert response.status_code == 200
    assert "Hello," in response.content.decode()


PROXY_PROBE = """
import django
django.setup()
import json
from allauth.core.internal.ratelimit import get_ip
from django.conf import settings
from django.test import RequestFactory
from inbox.ratelimit import client_ip

request = RequestFactory().get(
    "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
)
print(json.dumps({
    "count": settings.TRUSTED_PROXY_COUNT,
    "inbox": client_ip(request),
    "allauth": get_ip(request),
}))
"""


def probe_production(**env):
    result = subprocess.run(
        [sys.executable, "-c", PROXY_PROBE],
        cwd=REPO,
        env=_production_env(DJANGO_SECRET_KEY="x" * 50, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_hole10_production_rate_limits_read_the_client_behind_the_tls_proxy():
    # The proxy in front (trusted for X-Forwarded-Proto) appended the address it saw; the client's
    # own "6.6.6.6" is ignored, and the proxy's address is not everybody's bucket.
    assert probe_production() == {"count": 1, "inbox": "203.0.113.7", "allauth": "203.0.113.7"}
    # Clients connecting directly: set it to 0 and the header is ignored.
    assert probe_production(DJANGO_TRUSTED_PROXY_COUNT="0") == {
        "count": 0,
        "inbox": "10.0.0.2",
        "allauth": "10.0.0.2",
    }
