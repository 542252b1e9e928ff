"""Outreach end to end: a coordinator schedules a week-2 campaign, a liaison adapts it for their
students, the student receives it from their own librarian and unsubscribes with one click."""

import datetime
import json
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core import mail
from playwright.sync_api import expect

from tests.browser.test_liaison_journey import admin_login, textbox
from tests.twofactor.helpers import SECRET

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def people(portal):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group, Permission

    from editorial.roles import setup_roles
    from outreach.models import Term
    from students.models import Assignment
    from tests.factories import StudentFactory, UserFactory

    liaison_group, coordinator_group = setup_roles()
    access = Permission.objects.get(codename="access_admin")
    for librarian in (portal["ada"], portal["ben"]):
        librarian.user.groups.add(liaison_group)
        librarian.user.user_permissions.add(access)
    coordinator = UserFactory(
        email="cora.ordinator@library.example.edu", first_name="Cora", last_name="Ordinator"
    )
    coordinator.groups.add(coordinator_group, Group.objects.get_or_create(name="Coordinator")[0])
    TOTP.activate(coordinator, SECRET)
    sam = StudentFactory(name="Sam Student", preferred_name="Sam", programme=portal["chem_bsc"])
    EmailAddress.objects.create(user=sam.user, email=sam.user.email, verified=True, primary=True)
    Assignment.objects.create(student=sam, liaison=portal["ada"], reason="test")
    Term.objects.create(
        name="Autumn 2099",
        kind="autumn",
        start=datetime.date(2099, 9, 28),
        end=datetime.date(2099, 12, 18),
    )
    return {"coordinator": coordinator, "sam": sam}


def write(page, text, field="body"):
    """Type ``text`` into the rich text field ``field``, replacing what it holds, and wait until
    the editor has put it into the form.

    Draftail keeps the text a form posts in a hidden input, which it updates 250 ms after the last
    keystroke (its ``stateSaveInterval``), not as each key is typed. A person always takes longer
    than that to reach the form's button; a test that clicks it straight away posts the field's
    previous value (the campaign's original wording, or nothing at all)."""
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    editor.press("Control+a")
    editor.press("Backspace")
    editor.press_sequentially(text)
    expect(editor).to_contain_text(text)
    # the content state is JSON: the text appears with JSON's escaping
    expect(page.locator(f"input[name={field}]")).to_have_value(
        re.compile(re.escape(json.dumps(text)))
    )


# Desk work in the admin for the coordinator and the librarian; the student's unsubscribe page is
# one heading and one button (its phone layout is no different from a desktop's).
@pytest.mark.parametrize("viewport", ["desktop"])
def test_coordinator_schedules_liaison_adapts_student_unsubscribes(
    site, portal, people, new_context, live_server, viewport, screenshot
):
    from outreach import services
    from outreach.models import Campaign, Subscription

    # 1. The coordinator writes a campaign for week 2 of each autumn term, Tuesday 10:00.
    admin_login(site, people["coordinator"])
    site.goto("/admin/outreach/campaigns/new/")
    textbox(site, "Internal name").fill("Week 2 hello")
    textbox(site, "Subject").fill("Week 2, {{ preferred_name }}")
    write(site, "Hello {{ preferred_name }}, the library is here for {{ programme }}.")
    site.get_by_label("Timing").select_option(label="Relative to the academic calendar")
    site.get_by_label("Term kind").select_option(label="Autumn")
    site.get_by_label("Teaching week").fill("2")
    site.get_by_label("Weekday").select_option(label="Tuesday")
    textbox(site, "Time of day").fill("10:00")
    site.get_by_role("button", name="Create").click()
    expect(site.get_by_role("heading", level=1)).to_contain_text("Week 2 hello")
    expect(site.locator(".outreach-preview")).to_contain_text("Hello Sam")
    site.get_by_role("button", name="Schedule").click()
    expect(site.get_by_text("Scheduled for 06 Oct 2099 10:00")).to_be_visible()
    screenshot(site, "outreach-coordinator-schedules")
    campaign = Campaign.objects.get()
    assert campaign.status == Campaign.Status.SCHEDULED

    # 2. Ada adapts it for her students.
    site.context.clear_cookies()
    admin_login(site, portal["ada"].user)
    site.goto(f"/admin/outreach/campaigns/{campaign.pk}/send/")
    site.get_by_role("link", name="Adapt for my students").click()
    textbox(site, "Subject").fill("Ada here, {{ preferred_name }}")
    write(site, "Hi {{ preferred_name }}, I am {{ librarian_name }}: come and see me.")
    site.get_by_role("button", name="Create").click()
    expect(site.get_by_text(re.compile("created", re.I)).first).to_be_visible()
    site.goto(f"/admin/outreach/campaigns/{campaign.pk}/send/")
    expect(site.locator(".outreach-preview")).to_contain_text("Hi Sam, I am Ada Byrne")
    screenshot(site, "outreach-liaison-adapts")

    # 3. Week 2 comes: Sam receives Ada's version, from Ada.
    services.sweep(now=campaign.scheduled_for)
    received = [m for m in mail.outbox if m.to == [people["sam"].user.email]]
    assert len(received) == 1
    assert received[0].subject == "Ada here, Sam"
    adapted = "Hi Sam, I am Ada Byrne: come and see me."
    assert adapted in received[0].body
    assert adapted in received[0].alternatives[0].content
    assert "the library is here for" not in received[0].body  # not the coordinator's wording
    assert received[0].reply_to == [portal["ada"].email]
    link = received[0].extra_headers["List-Unsubscribe"].strip("<>")

    # 4. He follows the visible link: one button, and it is done.
    site.context.clear_cookies()
    site.goto(link.replace("http://testserver", live_server.url))
    expect(site.get_by_role("heading", level=1)).to_have_text("Stop emails from your librarian?")
    assert not Subscription.objects.get(student=people["sam"]).is_unsubscribed
    site.get_by_role("button", name="Unsubscribe").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    screenshot(site, "outreach-unsubscribed")
    assert Subscription.objects.get(student=people["sam"]).is_unsubscribed
