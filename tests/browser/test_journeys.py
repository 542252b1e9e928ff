"""The journeys people take through the portal, in a real browser at phone and desktop sizes.

Each journey asserts what the person sees (text on the page, the message that arrives, the published
guide) and saves a screenshot of its last page under test-artifacts/screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_menu_if_collapsed(page):
    """On a phone the main navigation may sit behind a menu button; open it when it does."""
    toggle = page.locator(".site-header [aria-controls][aria-expanded='false']")
    if toggle.count() and toggle.first.is_visible():
        toggle.first.click()


def test_search_journey(site, portal, screenshot):
    site.goto("/")
    box = site.get_by_role("searchbox", name="Search the portal")
    box.fill("chemistry")
    box.press("Enter")

    expect(site).to_have_url(re.compile(r"/search/\?q=chemistry"))
    expect(site.get_by_role("status")).to_contain_text("for “chemistry”")
    site.get_by_role("link", name="Chemistry research guide").click()

    expect(site.get_by_role("heading", level=1)).to_have_text("Chemistry research guide")
    expect(site.get_by_role("heading", name="Key databases")).to_be_visible()
    screenshot(site, "search")


def test_student_finds_librarian_for_programme(site, portal, screenshot):
    site.goto("/")
    site.get_by_label("Find the librarian for your programme").select_option(label="BSc Chemistry")
    site.get_by_role("button", name="Show my librarian").click()

    expect(site.get_by_role("heading", name="Your librarian for BSc Chemistry")).to_be_visible()
    card_link = site.get_by_role("link", name="Ada Byrne")
    expect(card_link).to_be_visible()
    expect(site.get_by_text("Ben Okafor")).to_have_count(0)

    card_link.first.click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Ada Byrne")
    expect(site.get_by_text("Science Library, room 2.14")).to_be_visible()
    screenshot(site, "student-find-librarian")
