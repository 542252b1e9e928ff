"""The evidence pages in a real browser at desktop size: axe-core finds no serious or critical
problem on any of them, and each is saved as a screenshot (test-artifacts/screenshots/)."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.browser.test_accessibility import blocking_violations
from tests.evidence.world import build_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SEPTEMBER = "period=custom&from=2026-09-01&to=2026-09-30"


@pytest.fixture
def viewport():
    """The admin's evidence pages are desk work: desktop size only."""
    return "desktop"


def sign_in(page, live_server, user):
    """Reuse a session made by the test client (signed in, second step done)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def evidence_pages(world):
    student = world.ada_students[0]
    address = world.messages["2h"].sender_email
    return [
        ("coordinator", "programme-evidence", f"{reverse('evidence:programme')}?{SEPTEMBER}"),
        ("coordinator", "coverage-map", reverse("evidence:coverage")),
        ("coordinator", "workload", f"{reverse('evidence:workload')}?all=1"),
        ("coordinator", "messages-counted", f"{reverse('evidence:messages')}?{SEPTEMBER}"),
        ("ada", "my-evidence", f"{reverse('evidence:mine')}?{SEPTEMBER}"),
        ("ada", "student-timeline", reverse("evidence:student", args=[student.pk])),
        ("ada", "address-timeline", f"{reverse('evidence:address')}?email={address}"),
        ("ada", "period-error", f"{reverse('evidence:mine')}?period=custom&from=2026-09-30&to=x"),
    ]


def test_evidence_pages_have_no_serious_axe_violations(site, live_server, site_tree, screenshot):
    world = build_world(site_tree)
    failures, signed_in = [], None
    for who, name, url in evidence_pages(world):
        if who != signed_in:
            site.context.clear_cookies()
            sign_in(
                site, live_server, world.coordinator if who == "coordinator" else world.ada.user
            )
            signed_in = who
        site.goto(url)
        assert "/admin/evidence/" in site.url, (name, site.url)
        found = blocking_violations(site)
        if found:
            failures.append(f"{name} ({url}):\n" + "\n".join(found))
        screenshot(site, f"evidence-{name}")
    assert not failures, "axe-core found serious or critical problems:\n" + "\n".join(failures)
