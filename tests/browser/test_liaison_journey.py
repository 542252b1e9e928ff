"""Journeys that end in the Wagtail admin.

Liaison: edit their own profile (office hours, photo), write a guide with a resource list and a
book list, submit it, see it live once a coordinator approves it, and be turned away from another
librarian's guide. Partner: find a service for their audience, send an enquiry, and the librarian
reads it in their admin inbox."""

import re
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from tests.twofactor.helpers import SECRET, totp
from twofactor.rules import mfa_required

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory's password


@pytest.fixture
def roles(portal):
    """The Liaison and Coordinator groups and the guide workflow, as `setup_roles` makes them."""
    from editorial.roles import setup_roles
    from tests.factories import UserFactory

    liaison_group, coordinator_group = setup_roles()
    for librarian in (portal["ada"], portal["ben"]):
        librarian.user.groups.add(liaison_group)
    coordinator = UserFactory(
        email="cora.ordinator@library.example.edu", first_name="Cora", last_name="Ordinator"
    )
    coordinator.groups.add(coordinator_group)
    TOTP.activate(coordinator, SECRET)  # coordinators sign in with a second step
    return {"coordinator": coordinator}


@pytest.fixture
def photo(tmp_path):
    from PIL import Image

    path = Path(tmp_path) / "ada-portrait.png"
    Image.new("RGB", (240, 240), (11, 79, 138)).save(path)
    return path


def admin_login(page, user):
    """Sign in as staff do: the admin sends them to the one sign-in page (allauth's, which wants
    a verified address), through the second step when their role needs one, and back to the
    admin afterwards."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    if mfa_required(user):
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.get_by_label("Code").fill(totp(SECRET))
        page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/admin/"))
    expect(page.get_by_role("heading", level=1).first).not_to_have_text(re.compile("Sign in"))


def textbox(scope, label):
    """An admin form field by its label (Wagtail appends "*" to required ones)."""
    return scope.get_by_role("textbox", name=re.compile(rf"^{re.escape(label)}\*?$"))


WAGTAIL_ERRORS = ":not([hidden]):is(.error-message,.help-critical)"  # wagtailadmin/base.html


def expect_saved(page, text):
    """The editor's message says `text`; when the form was refused instead, fail naming each field
    in error and what it says, not only the admin's "could not be saved" banner."""
    status = page.get_by_role("status").first
    try:
        expect(status).to_contain_text(text)
    except AssertionError:
        # What the editor's own "Go to the first error" counts as an error (field and block
        # errors), each with the field it belongs to; then the form-wide messages.
        errors = page.locator(WAGTAIL_ERRORS).evaluate_all(
            """errors => errors.map(e => {
                const input = e.closest('.w-field')?.querySelector('input, textarea, select');
                const where = input ? `${input.name} = ${JSON.stringify(input.value)}` : 'block';
                return `${where}: ${e.textContent.trim()}`;
            })"""
        )
        banner = page.locator(".messages .error").all_inner_texts()
        raise AssertionError(
            f"expected {text!r}; the form was refused: {errors} {banner}"
        ) from None


def footer_action(page, name):
    """Click an action in the editor's footer, opening "More actions" when it is tucked away."""
    footer = page.get_by_role("navigation", name="Actions (footer)")
    button = footer.get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        footer.get_by_role("button", name="More actions").click()
    button.click()


@pytest.mark.parametrize("viewport", ["desktop"])  # editing in the admin is desk work
def test_liaison_edits_profile_writes_guide_and_is_refused_elsewhere(
    site, portal, roles, photo, new_context, live_server, viewport, screenshot
):
    ada, ben_guide = portal["ada"], portal["ben_guide"]
    # No request the editor makes on its own (autosave, previews, choosers) may fail. (Media files
    # are left out: the suite keeps uploads in memory, where the live server cannot serve them.)
    failed = []

    def note_failure(response):
        if response.status >= 400 and "/media/" not in response.url:
            body = response.text()[:300] if response.request.method == "POST" else ""
            failed.append(f"{response.status} {response.request.method} {response.url} {body}")

    site.on("response", note_failure)
    admin_login(site, ada.user)

    # 1. Her own profile: add office hours and upload a photo, then publish.
    site.goto(f"/admin/pages/{ada.pk}/edit/")
    expect(site.get_by_role("heading", level=1)).to_contain_text("Ada Byrne")
    hours = site.get_by_role("region", name="Office hours", exact=True)
    hours.get_by_role("button", name="Add Office hours").click()
    first = hours.get_by_role("region", name="Office hours 1")
    first.get_by_label("Day").select_option(label="Thursday")
    textbox(first, "Start").fill("13:30")
    textbox(first, "End").fill("15:00")
    first.get_by_label("Mode").select_option(label="Online")

    about = site.get_by_role("region", name="About you")
    about.get_by_role("button", name="Choose an image").click()
    chooser = site.get_by_role("dialog")
    chooser.get_by_role("tab", name="Upload").click()
    upload = chooser.get_by_role("tabpanel", name="Upload")
    textbox(upload, "Title").fill("Portrait of Ada Byrne")
    upload.get_by_label("File").set_input_files(str(photo))
    alt = textbox(upload, "Alt text")
    if alt.count():
        alt.fill("Ada Byrne smiling in the science library")
    upload.get_by_role("button", name="Upload").click()
    expect(chooser).to_be_hidden()
    expect(about).to_contain_text("Portrait of Ada Byrne")
    footer_action(site, "Publish")
    expect_saved(site, "published")

    site.goto(ada.url)
    office_hours = site.get_by_role("table", name="Office hours")
    expect(office_hours).to_contain_text("Thursday")
    expect(office_hours).to_contain_text("13:30–15:00")
    expect(office_hours).to_contain_text("Online")
    expect(site.locator("img.profile-photo")).to_have_count(1)

    # 2. A new guide with a resource list and a book list, submitted for approval.
    site.goto(f"/admin/pages/add/liaison_pages/guidepage/{portal['guides'].pk}/")
    # Typed key by key, as a person types: the admin fills in the page's address (its slug) from
    # the title as each key is released, not only when the field loses focus.
    textbox(site, "Title").first.press_sequentially("Spectroscopy for beginners")
    textbox(site, "Summary").fill("Where to find IR, NMR and mass spectra.")
    body = site.get_by_role("region", name="Body", exact=True)
    body.get_by_role("button", name="Insert a block").last.click()
    site.get_by_role("option", name="Resource list").click()
    resources = body.get_by_role("region", name="Resource list")
    textbox(resources, "Heading").fill("Spectra databases")
    textbox(resources, "Title").fill("Spectral Database for Organic Compounds")
    textbox(resources, "Link").fill("https://sdbs.db.aist.go.jp/")
    textbox(resources, "Description").fill("Free IR, NMR and mass spectra.")

    body.get_by_role("button", name="Insert a block").last.click()
    site.get_by_role("option", name="Book list").click()
    books = body.get_by_role("region", name="Book list")
    textbox(books, "Heading").fill("Textbooks")
    textbox(books, "Title").fill("Introduction to Spectroscopy")
    textbox(books, "Author").fill("D. Pavia")
    books.get_by_role("spinbutton", name=re.compile(r"^Year")).fill("2014")
    footer_action(site, "Submit to Coordinator approval")
    expect_saved(site, "submitted")
    assert not failed, f"the editor's own requests failed: {failed}"

    # A coordinator approves it in their own session; then it is live for everyone.
    coordinator_tab = new_context(base_url=live_server.url).new_page()
    admin_login(coordinator_tab, roles["coordinator"])
    coordinator_tab.set_default_timeout(15_000)
    coordinator_tab.goto(f"/admin/pages/{portal['guides'].pk}/")
    coordinator_tab.get_by_role("link", name="Spectroscopy for beginners").first.click()
    expect(coordinator_tab.get_by_role("heading", level=1)).to_contain_text("Spectroscopy")
    footer_action(coordinator_tab, "Approve and Publish")
    expect_saved(coordinator_tab, re.compile("has been updated|published", re.I))

    site.goto("/guides/")
    site.get_by_role("link", name="Spectroscopy for beginners").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Spectroscopy for beginners")
    expect(site.get_by_role("link", name="Spectral Database for Organic Compounds")).to_be_visible()
    expect(site.get_by_text("Introduction to Spectroscopy")).to_be_visible()
    # Ada wrote it, so it is hers without choosing an owner: signed, and listed on her profile.
    expect(site.get_by_role("main").get_by_role("link", name="Ada Byrne").first).to_be_visible()
    screenshot(site, "liaison-guide-live")
    site.goto(ada.url)
    expect(site.get_by_role("link", name="Spectroscopy for beginners")).to_be_visible()

    # 3. Another librarian's guide: the editor is refused.
    site.goto(f"/admin/pages/{ben_guide.pk}/edit/")
    expect(
        site.get_by_text("Sorry, you do not have permission to access this area.")
    ).to_be_visible()
    expect(textbox(site, "Summary")).to_have_count(0)


def test_partner_sends_enquiry_that_the_liaison_reads_in_the_admin_inbox(
    site, portal, roles, services, screenshot
):
    site.goto("/")
    site.get_by_role("navigation", name="Main").get_by_role("link", name="Services").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Services")
    expect(site.get_by_role("link", name="Dissertation clinics")).to_be_visible()

    site.get_by_label("For", exact=True).select_option(label="External partners")
    site.get_by_role("button", name="Filter").click()
    expect(site.get_by_role("status")).to_contain_text("1 service for external partners")
    expect(site.get_by_role("link", name="Dissertation clinics")).to_have_count(0)
    site.get_by_role("link", name="Research partnerships").first.click()

    expect(site.get_by_role("heading", level=1)).to_have_text("Research partnerships")
    site.get_by_role("link", name="Partnership enquiry").click()
    site.get_by_label("Your name").fill("Priya Shah")
    site.get_by_label("Your email address").fill("priya@heritage-trust.example.org")
    site.get_by_label("What would you like to do together?").fill(
        "We hold parish records from 1800 and would like students to catalogue them."
    )
    site.get_by_role("button", name=re.compile("send|submit", re.I)).click()
    expect(site.get_by_text("Your request has been received")).to_be_visible()

    # Ada signs in and finds the enquiry in her inbox.
    admin_login(site, portal["ada"].user)
    site.get_by_role("link", name="Inbox").first.click()
    row = site.get_by_role("row", name=re.compile("Partnership enquiry"))
    expect(row).to_contain_text("Priya Shah")
    row.get_by_role("link", name="Partnership enquiry").first.click()
    expect(site.get_by_text("parish records from 1800")).to_be_visible()
    screenshot(site, "partner-enquiry-inbox")
