"""A student books a consultation with their librarian, gets the invitation, moves it; the
librarian then records the outcome in the admin, and the student answers the survey from the link
in its email. At phone and desktop sizes, no JavaScript needed by the booking pages themselves."""

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.test_accessibility import blocking_violations
from tests.browser.test_journeys import wait_for_mail
from tests.browser.test_liaison_journey import admin_login

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery"


@pytest.fixture
def booking_portal(portal):
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from editorial.roles import LIAISON, setup_roles
    from students.models import Assignment
    from tests.factories import StudentFactory
    from tests.factories.consultations import AvailabilityFactory

    ada = portal["ada"]
    AvailabilityFactory(liaison=ada)
    setup_roles()
    ada.user.groups.add(Group.objects.get(name=LIAISON))
    student = StudentFactory(preferred_name="Sam", programme=portal["chem_bsc"])
    EmailAddress.objects.create(
        user=student.user, email=student.user.email, verified=True, primary=True
    )
    Assignment.objects.create(student=student, liaison=ada, programme=student.programme)
    return {**portal, "student": student}


def invitation_of(message):
    content, mimetype = message.alternatives[0]
    assert mimetype.startswith("text/calendar; method=REQUEST")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    return event


def test_student_books_reschedules_librarian_records_the_outcome_student_answers_the_survey(
    site, booking_portal, screenshot
):
    from django.core import mail

    from consultations.models import Booking, Feedback

    student = booking_portal["student"]
    site.goto("/accounts/login/")
    site.get_by_label("Email").fill(student.user.email)
    site.get_by_label("Password").fill(PASSWORD)
    site.get_by_role("button", name="Sign in", exact=True).click()
    expect(site).to_have_url(re.compile(r"/my-librarian/"))

    site.get_by_role("link", name="Book a consultation with Ada Byrne").click()
    expect(site.get_by_role("heading", level=1)).to_have_text("Book a consultation with Ada Byrne")
    expect(site.get_by_label("Email")).to_have_value(student.user.email)
    screenshot(site, "consultation-booking")
    assert not blocking_violations(site), "the booking page"
    site.locator("input[name=slot]").nth(2).check()
    site.get_by_label("Topic").fill("Finding spectra for my lab report")
    site.get_by_role("button", name="Book", exact=True).click()

    expect(site.get_by_text("Booked. We have emailed you the invitation.")).to_be_visible()
    invitation = wait_for_mail(lambda m: m.to == [student.user.email])
    first = invitation_of(invitation)
    assert first["SEQUENCE"] == 0
    booking = Booking.objects.get()

    site.locator("input[name=slot]").nth(4).check()
    site.get_by_role("button", name="Move my consultation").click()
    expect(site.get_by_text("Moved. We have emailed you the updated invitation.")).to_be_visible()
    update = wait_for_mail(lambda m: m.to == [student.user.email] and m.subject.startswith("Moved"))
    moved = invitation_of(update)
    assert moved["UID"] == first["UID"]
    assert moved["SEQUENCE"] == 1
    screenshot(site, "consultation-manage")
    assert not blocking_violations(site), "the page that moves or cancels a booking"

    # the meeting has taken place
    start = booking.start - timedelta(days=30)
    Booking.objects.filter(pk=booking.pk).update(
        start=start,
        end=start + timedelta(minutes=30),
        block_start=start,
        block_end=start + timedelta(minutes=30),
    )
    site.context.clear_cookies()
    admin_login(site, booking_portal["ada"].user)
    site.goto("/admin/consultations/?when=needs-outcome")
    expect(site.get_by_text("Finding spectra for my lab report")).to_be_visible()
    site.goto(f"/admin/consultations/edit/{booking.pk}/")
    site.get_by_label("Outcome").select_option("attended")
    site.get_by_label("Type").select_option("research")
    site.get_by_role("button", name="Save").click()
    expect(site.get_by_text("updated")).to_be_visible()
    assert Booking.objects.get().outcome == "attended"
    assert not mail.outbox or all("attended" not in m.body for m in mail.outbox)

    # the student answers the survey from its email, without signing in
    survey = wait_for_mail(
        lambda m: m.to == [student.user.email] and m.subject.startswith("How was your consultation")
    )
    assert survey.subject == "How was your consultation with Ada Byrne?"
    url = re.search(r"https?://\S+(/consultations/feedback/\S+/)", survey.body).group(1)
    site.context.clear_cookies()
    site.goto(url)
    expect(site.get_by_role("heading", level=1)).to_have_text(
        "How was your consultation with Ada Byrne?"
    )
    site.get_by_label("4 of 5").check()
    site.get_by_label("Anything to tell us?").fill("Now I know where to find spectra.")
    screenshot(site, "consultation-survey")
    assert not blocking_violations(site), "the survey"
    site.get_by_role("button", name="Send", exact=True).click()
    expect(site.get_by_text("Thank you: your answer has been recorded.")).to_be_visible()
    feedback = Feedback.objects.get()
    assert (feedback.booking_id, feedback.rating) == (booking.pk, 4)
    assert feedback.comment == "Now I know where to find spectra."
    assert feedback.liaison == booking_portal["ada"]
