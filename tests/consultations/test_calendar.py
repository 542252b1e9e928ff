"""Calendar-native email: every .ics parses with icalendar, with the right times, one UID per
booking and a rising SEQUENCE; reschedule and cancel work from the signed link alone."""

import re
from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from consultations import links, services
from consultations.delivery import due_reminders
from consultations.models import Booking, Notice
from consultations.tasks import sweep

from .conftest import booking_post

pytestmark = pytest.mark.django_db


def calendars(message):
    """(method from the Content-Type, parsed calendar) for the alternative and the attachment."""
    found = []
    for content, mimetype in message.alternatives:
        assert mimetype.startswith("text/calendar; method=")
        found.append((mimetype.split("method=")[1].split(";")[0], Calendar.from_ical(content)))
    for name, content, mimetype in message.attachments:
        assert name == "invite.ics"
        found.append((mimetype.split("method=")[1], Calendar.from_ical(content)))
    assert len(found) == 2
    return found


def event(cal):
    (ev,) = cal.walk("VEVENT")
    return ev


@pytest.fixture
def booked(client, availability, django_capture_on_commit_callbacks):
    url = reverse("consultations:book", args=[availability.liaison.slug])
    slot = re.findall(r'name="slot" value="([^"]+)"', client.get(url).content.decode())[2]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, booking_post(slot))
    return Booking.objects.get()


def test_invitation_is_an_itip_request_with_the_meeting_in_utc(booked):
    to_client = next(m for m in mail.outbox if m.to == ["sam@partner.example.org"])
    for method, cal in calendars(to_client):
        assert method == "REQUEST"
        assert cal["METHOD"] == "REQUEST"
        ev = event(cal)
        assert ev.decoded("DTSTART") == booked.start.astimezone(UTC)
        assert ev.decoded("DTSTART").utcoffset() == timedelta(0)
        assert b"DTSTART:" + booked.start.strftime("%Y%m%dT%H%M%SZ").encode() in cal.to_ical()
        assert ev.decoded("DTEND") - ev.decoded("DTSTART") == timedelta(minutes=30)
        assert str(ev["UID"]).startswith(str(booked.uid))
        assert ev["SEQUENCE"] == 0
        assert str(ev["ORGANIZER"]) == "mailto:liaison@library.example.edu"
        attendees = sorted(str(a) for a in ev["ATTENDEE"])
        assert attendees == [
            "mailto:ada.byrne@library.example.edu",
            "mailto:sam@partner.example.org",
        ]
        assert str(ev["LOCATION"]) == "Library, room 2.14"
    assert links.manage_url(booked) in to_client.body


def test_reschedule_from_the_signed_link_sends_the_same_uid_with_sequence_one(
    client, booked, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    page = client.get(links.manage_path(booked)).content.decode()
    new_slot = re.findall(r'name="slot" value="([^"]+)"', page)[5]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            links.manage_path(booked), {"action": "reschedule", "slot": new_slot}
        )
    assert response.status_code == 302
    booked.refresh_from_db()
    assert booked.sequence == 1
    assert booked.start.strftime("%Y-%m-%dT%H:%MZ") == new_slot
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.subject.startswith("Moved:")
        for method, cal in calendars(message):
            ev = event(cal)
            assert method == "REQUEST"
            assert str(ev["UID"]).startswith(str(booked.uid))
            assert ev["SEQUENCE"] == 1
            assert ev.decoded("DTSTART") == booked.start


def test_cancel_from_the_signed_link_sends_method_cancel_and_frees_the_slot(
    client, booked, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links.manage_path(booked), {"action": "cancel"})
    booked.refresh_from_db()
    assert booked.is_cancelled
    assert booked.sequence == 1
    for message in mail.outbox:
        for method, cal in calendars(message):
            assert method == "CANCEL"
            assert cal["METHOD"] == "CANCEL"
            ev = event(cal)
            assert ev["STATUS"] == "CANCELLED"
            assert ev["SEQUENCE"] == 1
            assert str(ev["UID"]).startswith(str(booked.uid))
    page = client.get(links.manage_path(booked)).content.decode()
    assert "This consultation is cancelled." in page
    assert "Move my consultation" not in page
    assert booked.start in [s.start for s in services.free_slots_for(booked.liaison.availability)]


def test_a_changed_or_forged_link_opens_nothing(client, booked):
    token = links.manage_token(booked)
    for bad in (token[:-2] + "xx", "x", "a" * 600, booked.uid.hex, "%00"):
        assert client.get(f"/consultations/manage/{bad}/").status_code in (400, 404)
        response = client.post(f"/consultations/manage/{bad}/", {"action": "cancel"})
        assert response.status_code in (400, 403, 404)
    booked.refresh_from_db()
    assert not booked.is_cancelled


def test_the_manage_page_is_not_indexed_and_leaks_no_referrer(client, booked):
    response = client.get(links.manage_path(booked))
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_add_to_calendar_file_is_the_current_invitation(client, booked):
    response = client.get(reverse("consultations:invitation", args=[links.manage_token(booked)]))
    assert response["Content-Type"].startswith("text/calendar")
    ev = event(Calendar.from_ical(response.content))
    assert ev.decoded("DTSTART") == booked.start


def test_reminder_is_sent_once_a_day_before(booked, settings, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    assert due_reminders(now=booked.start - timedelta(hours=25)) == []
    due = due_reminders(now=booked.start - timedelta(hours=23))
    assert [n.kind for n in due] == [Notice.Kind.REMINDER]
    assert due_reminders(now=booked.start - timedelta(hours=22)) == []  # once
    sweep.enqueue()
    (reminder,) = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert reminder.to == ["sam@partner.example.org"]
    assert event(calendars(reminder)[0][1]).decoded("DTSTART") == booked.start


def test_a_failed_send_is_retried_and_then_marked_failed(booked, settings):
    settings.EMAIL_BACKEND = "tests.inbox.backends.FailingBackend"
    settings.INBOX_MAX_ATTEMPTS = 2
    notice = Notice.objects.filter(booking=booked).first()
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.PENDING, attempts=0)
    from consultations.delivery import deliver

    assert deliver(notice.pk) == "retry"
    Notice.objects.filter(pk=notice.pk).update(next_attempt_at=timezone.now())
    assert deliver(notice.pk) == "failed"
    notice.refresh_from_db()
    assert notice.status == Notice.Status.FAILED
    assert "SMTP server unavailable" in notice.last_error


def test_the_liaison_feed_lists_standing_bookings_and_stops_when_renewed(client, booked):
    availability = booked.liaison.availability
    url = reverse("consultations:feed", args=[availability.feed_token])
    response = client.get(url)
    assert response.status_code == 200
    cal = Calendar.from_ical(response.content)
    (ev,) = cal.walk("VEVENT")
    assert ev.decoded("DTSTART") == booked.start
    assert "sam@partner.example.org" in str(ev["DESCRIPTION"])
    availability.renew_feed_token()
    assert client.get(url).status_code == 404
    assert client.get(reverse("consultations:feed", args=["x" * 30])).status_code == 404


def test_private_notes_never_reach_the_client(client, booked, django_capture_on_commit_callbacks):
    booked.private_notes = "Struggles with referencing"
    booked.outcome = Booking.Outcome.CANCELLED_LATE
    booked.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(links.manage_path(booked), {"action": "cancel"})
    assert mail.outbox
    for message in mail.outbox:
        assert "referencing" not in message.message().as_string()
    assert "referencing" not in client.get(links.manage_path(booked)).content.decode()
