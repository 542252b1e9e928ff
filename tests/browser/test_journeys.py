"""The journeys people take through the portal, in a real browser at phone and desktop sizes.

Each journey asserts what the person sees (text on the page, the message that arrives, the published
guide) and saves a screenshot of its last page under test-artifacts/screenshots/.
"""

import io
import re
import time

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_menu_if_collapsed(page):
    """On a phone the main navigation may sit behind a menu button; open it when it does."""
    toggle = page.locator(".site-header [aria-controls][aria-expanded='false']")
    if toggle.count() and toggle.first.is_visible():
        toggle.first.click()


def wait_for_mail(matches, seconds=10):
    """The first email in the outbox that matches; the live server sends from its own thread."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in list(mail.outbox):
            if matches(message):
                return message
        time.sleep(0.1)
    sent = [(m.to, m.subject) for m in mail.outbox]
    raise AssertionError(f"no matching email was sent; the outbox holds {sent}")


def test_search_journey(search_index, site, portal, screenshot):
    site.goto("/")
    box = site.get_by_label("Search the portal")
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


def test_student_signs_up_verifies_and_messages_their_librarian(
    site, portal, mailoutbox, screenshot, settings, live_server
):
    from django.core.management import call_command

    from inbox.models import Message

    # Served where `make run PORT=…` would serve it: an address other than the default :8000.
    assert not live_server.url.endswith(":8000")
    for name in ("PORTAL_BASE_URL", "WAGTAILADMIN_BASE_URL", "WAGTAILAPI_BASE_URL"):
        setattr(settings, name, live_server.url)
    call_command("site_address", stdout=io.StringIO())

    site.goto("/")
    site.get_by_role("link", name="Get my librarian").click()
    expect(site.get_by_role("heading", level=1)).to_have_text(re.compile("sign up", re.I))
    site.get_by_label("Email", exact=True).fill("sam.student@uni.example.edu")
    site.get_by_label("Password", exact=True).fill("a-long-passphrase-42")
    site.get_by_label(re.compile(r"^Password \(again\)")).fill("a-long-passphrase-42")
    site.get_by_label("Full name").fill("Sam Student")
    site.get_by_label("Programme", exact=True).select_option(label="BSc Chemistry (CHEM-BSC)")
    site.get_by_label("Level or year").select_option(label="Year 1")
    site.get_by_role("button", name="Sign up").click()

    expect(site.get_by_role("heading", level=1)).to_have_text(
        re.compile("confirm your email", re.I)
    )
    confirmation = wait_for_mail(lambda m: "sam.student@uni.example.edu" in m.to)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", confirmation.body).group(0)
    assert link.startswith(live_server.url + "/"), link
    site.goto(link)
    site.get_by_role("button", name="Confirm").click()

    # Verified: the student is signed in and matched to the librarian for their programme.
    expect(site.get_by_role("status")).to_contain_text("You have confirmed")
    if "/my-librarian/" not in site.url:
        site.get_by_role("link", name="My librarian", exact=True).click()
    expect(site.get_by_role("heading", level=1)).to_contain_text("Sam")
    expect(site.get_by_role("heading", name="Your personal librarian")).to_be_visible()
    expect(site.get_by_role("link", name="Ada Byrne").first).to_be_visible()

    site.get_by_label("Subject", exact=True).fill("Finding spectra for my lab report")
    site.get_by_label("Message", exact=True).fill("Where do I find IR spectra for benzene?")
    site.get_by_role("button", name="Send message").click()

    expect(site.get_by_role("status")).to_contain_text("your message has been received")
    message = Message.objects.get(subject="Finding spectra for my lab report")
    assert message.liaison_id == portal["ada"].pk
    assert message.sender_email == "sam.student@uni.example.edu"
    wait_for_mail(lambda m: portal["ada"].email in m.to and "Finding spectra" in m.subject)
    screenshot(site, "student-signup-message")
    # Every link in every email the student got leads back to where the portal runs.
    for email in [m for m in mail.outbox if "sam.student@uni.example.edu" in m.to]:
        for url in re.findall(r"https?://[^\s<>\"')]+", email.body):
            assert url.startswith(live_server.url + "/"), f"{email.subject!r} links to {url}"
