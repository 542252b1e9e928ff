"""Absolute links follow the address the portal is served on (PORTAL_BASE_URL, and Wagtail's Site
record through ``manage.py site_address``): served on a random port, every link in the emails,
feeds, sitemap, API, JSON lookup, vCards and robots.txt points at that port and opens."""

import datetime
import json
import os
import re
import subprocess
import sys
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from xml.etree import ElementTree

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from editorial import services as editorial_services
from editorial.roles import COORDINATOR, setup_roles
from students import services as student_services
from tests.factories import (
    BlogPostPageFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parents[2]
URL = re.compile(r"https?://[^\s<>\"']+")

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module", autouse=True)
def _leave_database_as_migrated(leave_database_as_migrated):
    """Transactional tests here empty every table; see tests/conftest.py."""


@pytest.fixture
def served(live_server, settings, site_tree, mailoutbox):
    """The portal on the live server's random port, as `make run PORT=…` serves it: the base URL
    settings say that address and `site_address` has pointed the Site at it."""
    base = live_server.url
    assert not base.endswith(":8000") and not base.endswith(":80")
    settings.PORTAL_BASE_URL = settings.WAGTAILADMIN_BASE_URL = base
    settings.WAGTAILAPI_BASE_URL = base
    call_command("site_address")
    return base


def fetch(url):
    """(final status, final URL, body) of a GET that follows redirects and keeps cookies."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.url, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, url, error.read().decode("utf-8", "replace")


def assert_opens(base, urls, source):
    assert urls, f"no links in {source}"
    for url in urls:
        assert url.startswith(base + "/"), f"{source}: {url} is not on {base}"
        status, final, _ = fetch(url)
        assert status == 200, f"{source}: {url} → {status} ({final})"
        assert final.startswith(base + "/"), f"{source}: {url} ended at {final}"


def test_every_absolute_link_points_at_the_port_the_portal_is_served_on(served, site_tree):
    base = served
    programme = ProgrammeFactory(code="BSC-GEOL", name="BSc Geology")
    liaison = LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ada Byrne", programmes=[programme]
    )
    guide = GuidePageFactory(
        parent=site_tree["guides"],
        title="Rocks and minerals",
        liaison=liaison,
        owner=liaison.user,
        last_reviewed=datetime.date(2000, 1, 1),
    )
    BlogPostPageFactory(parent=site_tree["news"], title="New fossil database", author=liaison)

    # Emails: welcome, librarian notification, moderation, set-password invitation, reminders.
    student = StudentFactory(programme=programme, user__email="noor@students.example.edu")
    EmailAddress.objects.create(user=student.user, email=student.user.email, verified=True)
    student_services.match_student(student)
    Client().post(
        reverse("contact", args=[liaison.slug]),
        {
            "contact-name": "Noor Haddad",
            "contact-email": "noor@students.example.edu",
            "contact-subject": "Maps",
            "contact-message": "Where are the geological maps?",
            "contact-website": "",
        },
    )
    setup_roles()
    coordinator = UserFactory(email="coordinator@library.example.edu")
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    guide.save_revision(user=liaison.user)
    guide.get_workflow().start(guide, liaison.user)
    newcomer = UserFactory(email="new.librarian@library.example.edu")
    editorial_services.send_invitation(newcomer, "New Librarian")
    editorial_services.send_review_reminders(today=datetime.date(2030, 1, 1))
    subjects = [message.subject for message in mail.outbox]
    expected_emails = (
        "personal librarian",  # a student's welcome
        "[Library enquiry]",  # a message to the librarian
        "moderation",  # Wagtail's "awaiting approval" to the coordinator
        "liaison librarian account",  # the set-password invitation
        "due for review",  # the guide review reminder
    )
    for expected in expected_emails:
        assert any(expected in s for s in subjects), (expected, subjects)
    for message in mail.outbox:  # (the sender's acknowledgement has no link)
        links = URL.findall(message.body)
        if links or any(expected in message.subject for expected in expected_emails):
            assert_opens(base, links, f"email {message.subject!r}")
    invitation = next(m for m in mail.outbox if m.to == [newcomer.email])
    set_password = URL.findall(invitation.body)[0]
    assert 'name="password1"' in fetch(set_password)[2], "the set-password link does not work"

    # Feeds, sitemap, robots.txt.
    _, _, feed = fetch(f"{base}/news/feed/")
    feed_xml = ElementTree.fromstring(feed)  # noqa: S314 - the portal's own feed
    links = [el.text for el in feed_xml.iter() if el.tag in ("link", "guid")]
    assert_opens(base, links, "the news feed")
    _, _, sitemap = fetch(f"{base}/sitemap.xml")
    sitemap_xml = ElementTree.fromstring(sitemap)  # noqa: S314 - the portal's own sitemap
    locs = [el.text for el in sitemap_xml.iter() if el.tag.endswith("loc")]
    assert f"{base}{guide.url}" in locs
    assert_opens(base, locs, "the sitemap")
    _, _, robots = fetch(f"{base}/robots.txt")
    assert_opens(base, re.findall(r"^Sitemap: (\S+)$", robots, re.M), "robots.txt")

    # The API, its index, the JSON lookup and vCards.
    _, _, listing = fetch(f"{base}/api/v2/pages/?limit=50")
    items = json.loads(listing)["items"]
    assert_opens(base, [i["meta"]["detail_url"] for i in items], "API detail_url")
    assert_opens(base, [i["meta"]["html_url"] for i in items], "API html_url")
    _, _, index = fetch(f"{base}/api/v2/")
    endpoints = json.loads(index)["endpoints"].values()
    assert_opens(base, [u for u in endpoints if "{" not in u], "the API index")
    _, _, lookup = fetch(f"{base}/api/librarian-for-programme/BSC-GEOL/")
    librarian = json.loads(lookup)["librarian"]
    assert_opens(base, [librarian["profile_url"], librarian["contact_url"]], "the JSON lookup")
    _, _, card = fetch(f"{base}/api/vcard/{liaison.slug}.vcf")
    assert_opens(base, re.findall(r"^URL:(\S+)", card, re.M), "the vCard")


def test_site_address_points_the_default_site_at_the_base_url(site_tree, settings, db):
    call_command("site_address", "https://portal.example.edu:8443/")
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("portal.example.edu", 8443)
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    call_command("site_address")
    assert Site.objects.get(pk=site.pk).root_url == "http://127.0.0.1:8123"
    with pytest.raises(CommandError, match="not an http"):
        call_command("site_address", "127.0.0.1:8123")


def test_portal_base_url_is_the_one_source_of_the_other_base_urls():
    code = (
        "from django.conf import settings as s; import django; django.setup();"
        "print(s.PORTAL_BASE_URL, s.WAGTAILADMIN_BASE_URL, s.WAGTAILAPI_BASE_URL)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "PORTAL_BASE_URL": "http://127.0.0.1:8123/",
        "WAGTAILADMIN_BASE_URL": "",
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.stdout.split() == ["http://127.0.0.1:8123"] * 3, done.stderr[-2000:]


def test_make_run_passes_host_and_port_to_the_base_url():
    done = subprocess.run(
        ["make", "-n", "run", "PORT=8123", "HOST=127.0.0.1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    commands = [line for line in done.stdout.splitlines() if "manage.py" in line]
    for name in ("seed_demo", "site_address", "runserver", "db_worker"):
        line = next(c for c in commands if f"manage.py {name}" in c)
        assert "PORTAL_BASE_URL=http://127.0.0.1:8123" in line, line
