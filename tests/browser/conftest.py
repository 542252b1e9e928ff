"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every test here is marked ``browser``. Without Debian's Chromium the tests are skipped with the
reason (install it with ``apt-get install -y chromium chromium-headless-shell``), except under
``CI=true``, where a missing browser fails the run. Playwright never downloads a browser of its own.

Each test module marks itself ``django_db(transaction=True, serialized_rollback=True)``: the live
server needs committed data, and the serialized rollback restores the rows that migrations create
(Wagtail's root page and collection, the permission groups), which flushing would otherwise lose.
"""

import os
import sqlite3
import time
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

from tests.browser.chromium import CHROMIUM, MISSING_BROWSER
from tests.conftest import IN_CI

# Playwright keeps an event loop running in the main thread; Django would otherwise refuse to touch
# the database from test code while it runs.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class SingleThreadedWSGIServer(WSGIServer):
    """The live server answers one request at a time (with ``Connection: close``). Django's default
    threaded server lets a page's parallel requests (the Wagtail editor sends several) share the
    in-memory SQLite connection at once, which corrupts its transactions."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = SingleThreadedWSGIServer


BROWSER_DIR = Path(__file__).parent
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}

TIMEOUT_MS = 15_000
# Assertions wait up to 10 s: CI machines are small and the live server is single-threaded.
expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if BROWSER_DIR in Path(str(item.path)).parents]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.slow)
    if browser_items and not CHROMIUM.exists() and not IN_CI:
        skip = pytest.mark.skip(reason=MISSING_BROWSER)
        for item in browser_items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        # Only reached under CI=true (elsewhere the tests were skipped at collection).
        pytest.fail(f"{MISSING_BROWSER} (CI=true, so a missing browser is a failure)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def _one_db_connection(playwright, django_db_blocker):
    """Keep using the test database connections made before Playwright started.

    Django keeps connections in an asgiref ``Local``: once Playwright's event loop runs in the main
    thread, code there sees a fresh set of connection objects, which lack the snapshot that
    ``serialized_rollback`` restores before each test (Wagtail's root page, locale, collection,
    groups). Pointing the new slots at the original connections keeps one connection per database.
    """
    from django.db import connections

    originals = connections._connections._storage  # the thread-local, pre-event-loop slots
    with django_db_blocker.unblock():
        for alias in connections:
            original = getattr(originals, alias, None)
            if original is not None and connections[alias] is not original:
                connections[alias] = original


@pytest.fixture(scope="module", autouse=True)
def _leave_database_as_migrated(leave_database_as_migrated):
    """Transactional tests here empty every table; see tests/conftest.py."""


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    """The test runs twice: at a phone's size and at a desktop's."""
    return request.param


@pytest.fixture
def site(db, live_server, viewport, new_context, _one_db_connection):
    """A browser tab on the live server, at the viewport's size, that fails fast.

    Caches are emptied first: the page cache and allauth's rate limits (one confirmation email per
    address every few minutes) must not carry over from the previous test. ``db`` comes first so
    that the browser closes before the database is emptied after the test.
    """
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    context = new_context(base_url=live_server.url, **VIEWPORTS[viewport])
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context.new_page()
    # Let requests in flight finish before the database is emptied: on SQLite the live server
    # shares the test's connection.
    for page in context.pages:
        page.goto("about:blank")
    time.sleep(0.2)


@pytest.fixture
def screenshot(request, viewport):
    """Save the journey's final page to test-artifacts/screenshots/<journey>-<viewport>.png."""

    def save(page, journey):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{journey}-{viewport}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture(scope="module")
def _kept_worlds():
    """{fixture name: (a copy of the database, what the fixture built)} for the module's tests."""
    kept = {}
    yield kept
    for copy, _ in kept.values():
        copy.close()


def kept(worlds, name, build):
    """What ``build()`` returns, built by the module's first test that asks for it. Later tests get
    the database back as it was just after (copied in with SQLite's backup API, in milliseconds)
    and their own copy of the built objects. Building the portal took about two seconds a test.
    Elsewhere than SQLite in memory, each test builds anew. A test that indexes pages for search
    as they are saved (``search_index``) gets a world built that way."""
    from django.conf import settings
    from django.db import connection

    from tests.migrated_database import in_memory_sqlite
    from tests.shared_rows import per_test_copy

    if not in_memory_sqlite(connection):
        return build()
    name = name, settings.WAGTAILSEARCH_BACKENDS["default"].get("AUTO_UPDATE", True)
    if name not in worlds:
        built = build()
        copy = sqlite3.connect(":memory:")
        connection.connection.backup(copy)
        worlds[name] = copy, per_test_copy(built)
        return built
    copy, built = worlds[name]
    copy.backup(connection.connection)
    return per_test_copy(built)


@pytest.fixture
def portal(db, _kept_worlds):
    """A small, realistic portal: two programmes, two librarians, their guides and a news post."""
    return kept(_kept_worlds, "portal", build_portal)


def build_portal():
    from tests.factories import (
        BlogPostPageFactory,
        DepartmentFactory,
        GuidePageFactory,
        LiaisonPageFactory,
        ProgrammeFactory,
        SubjectFactory,
        build_site_tree,
    )

    site_tree = build_site_tree()
    chemistry = DepartmentFactory(name="Department of Chemistry", slug="chemistry")
    history = DepartmentFactory(name="Department of History", slug="history")
    chem_bsc = ProgrammeFactory(code="CHEM-BSC", name="BSc Chemistry", department=chemistry)
    hist_ba = ProgrammeFactory(code="HIST-BA", name="BA History", department=history)
    subject = SubjectFactory(name="Chemistry", slug="chemistry")
    ada = LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Ada Byrne",
        programmes=[chem_bsc],
        subjects=[subject],
    )
    ada.office_location = "Science Library, room 2.14"
    ada.save_revision().publish()
    ben = LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ben Okafor", programmes=[hist_ba]
    )
    guide = GuidePageFactory(
        parent=site_tree["guides"],
        liaison=ada,
        title="Chemistry research guide",
        summary="Databases, books and tips for chemistry students.",
    )
    guide.subjects.set([subject])
    guide.save_revision().publish()
    ben_guide = GuidePageFactory(
        parent=site_tree["guides"], liaison=ben, title="Archives and manuscripts"
    )
    post = BlogPostPageFactory(
        parent=site_tree["news"], author=ada, title="New spectroscopy databases"
    )
    return {
        **site_tree,
        "chem_bsc": chem_bsc,
        "hist_ba": hist_ba,
        "subject": subject,
        "ada": ada,
        "ben": ben,
        "guide": guide,
        "ben_guide": ben_guide,
        "post": post,
    }


@pytest.fixture
def services(portal, _kept_worlds):
    """A partnership service with an enquiry form that goes to Ada, and a students-only service."""
    return kept(_kept_worlds, "services", lambda: build_services(portal))


def build_services(portal):
    from services.models import Audience
    from tests.factories import (
        EnquiryFormFieldFactory,
        EnquiryFormPageFactory,
        EnquiryIndexPageFactory,
        ServiceIndexPageFactory,
        ServicePageFactory,
    )

    enquiries = EnquiryIndexPageFactory(parent=portal["home"])
    form = EnquiryFormPageFactory(
        parent=enquiries, title="Partnership enquiry", liaison=portal["ada"]
    )
    EnquiryFormFieldFactory(
        page=form, label="What would you like to do together?", field_type="multiline"
    )
    index = ServiceIndexPageFactory(parent=portal["home"])
    partnership = ServicePageFactory(
        parent=index,
        title="Research partnerships",
        summary="Data and archive collaborations with local organisations.",
        audiences=[Audience.objects.get(slug="external-partners")],
    )
    partnership.request_page = form
    partnership.save_revision().publish()
    ServicePageFactory(
        parent=index,
        title="Dissertation clinics",
        audiences=[Audience.objects.get(slug="students")],
    )
    return {"index": index, "partnership": partnership, "form": form}
