"""A student asks to leave their librarian, then changes programme and is moved to another one: the
request about the first librarian closes, and the page no longer says it is waiting."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "a-long-passphrase-42"


def test_a_switch_request_closes_when_a_new_programme_brings_a_new_librarian(
    site, portal, screenshot
):
    from students import services
    from students.models import SwitchRequest
    from tests.factories import StudentFactory

    student = StudentFactory(
        user__email="noor@students.example.edu", name="Noor Haddad", programme=portal["chem_bsc"]
    )
    student.user.set_password(PASSWORD)
    student.user.save()
    EmailAddress.objects.create(
        user=student.user, email=student.user.email, verified=True, primary=True
    )
    services.match_student(student)

    site.goto("/accounts/login/")
    site.get_by_label("Email").fill(student.user.email)
    site.get_by_label("Password").fill(PASSWORD)
    site.get_by_label("Password").press("Enter")
    expect(site).to_have_url(re.compile(r"/my-librarian/$"))
    expect(site.get_by_role("link", name="Ada Byrne").first).to_be_visible()

    site.get_by_label("Why would you like another librarian?").fill(
        "My lab sessions clash with her office hours."
    )
    site.get_by_role("button", name="Ask to switch").click()
    expect(site.get_by_text(re.compile("is waiting for a coordinator"))).to_be_visible()

    site.get_by_role("link", name="Change your programme or names").click()
    site.get_by_label("Programme", exact=True).select_option(label="BA History (HIST-BA)")
    site.get_by_role("button", name=re.compile("^Save")).click()

    expect(site).to_have_url(re.compile(r"/my-librarian/"))
    if "/profile/" in site.url:
        site.get_by_role("link", name="My librarian", exact=True).click()
    expect(site.get_by_role("link", name="Ben Okafor").first).to_be_visible()
    expect(site.get_by_text(re.compile("is waiting for a coordinator"))).to_have_count(0)
    expect(site.get_by_role("button", name="Ask to switch")).to_be_visible()
    screenshot(site, "student-switch-closed")

    request = SwitchRequest.objects.get(student=student)
    assert request.status == SwitchRequest.Status.CLOSED
    assert request.assignment.liaison_id == portal["ada"].pk
