"""iCalendar (RFC 5545) and iTIP (RFC 5546) for consultations, built with ``icalendar``.

Every message about one booking carries the same ``UID`` (the booking's) and its ``SEQUENCE``
(0 when booked, +1 on each reschedule or cancellation), so calendar programs update or remove the
event they already have. Times are written in UTC (``DTSTART:...Z``), which needs no
``VTIMEZONE`` and is read the same way by every client; the people's own calendars show them in
their time zone. The organizer is the portal's sending address (it is who sends the iTIP
messages); the librarian and the client are attendees.
"""

from datetime import UTC
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Library Liaison//Consultations//EN"


def _address(email, name="", role="REQ-PARTICIPANT", status="ACCEPTED"):
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = vText(name)
    address.params["role"] = vText(role)
    address.params["partstat"] = vText(status)
    return address


def organizer_address():
    name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name, email


def uid_of(booking):
    return f"{booking.uid}@{urlsplit(settings.PORTAL_BASE_URL).hostname or 'localhost'}"


def event_for(booking, method="REQUEST", now=None, for_liaison=False):
    event = Event()
    event.add("uid", uid_of(booking))
    event.add("sequence", booking.sequence)
    event.add("dtstamp", now or timezone.now())
    event.add("dtstart", booking.start.astimezone(UTC))
    event.add("dtend", booking.end.astimezone(UTC))
    event.add("summary", f"Library consultation: {booking.topic}")
    lines = [
        f"With {booking.liaison.title} ({booking.get_mode_display().lower()}).",
        f"Topic: {booking.topic}",
    ]
    if booking.course:
        lines.append(f"Course: {booking.course}")
    if booking.location:
        lines.append(f"Where: {booking.location}")
    if for_liaison:
        lines.append(f"Client: {booking.client_name} <{booking.client_email}>")
    event.add("description", "\n".join(lines))
    if booking.location:
        event.add("location", booking.location)
    name, email = organizer_address()
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["cn"] = vText(name or settings.WAGTAIL_SITE_NAME)
    event.add("organizer", organizer)
    event.add("attendee", _address(booking.liaison.email, booking.liaison.title, "CHAIR"))
    event.add("attendee", _address(booking.client_email, booking.client_name))
    if method == "CANCEL" or booking.is_cancelled:
        event.add("status", "CANCELLED")
    else:
        event.add("status", "CONFIRMED")
    return event


def invitation(booking, method="REQUEST", now=None, for_liaison=False):
    """The .ics bytes for one iTIP message about ``booking`` (``REQUEST`` or ``CANCEL``)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add_component(event_for(booking, method, now, for_liaison))
    return cal.to_ical()


def feed(liaison, bookings, now=None):
    """A librarian's subscription feed: their standing bookings (no METHOD: it is a calendar,
    not a message)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"Consultations — {liaison.title}")
    for booking in bookings:
        cal.add_component(event_for(booking, now=now, for_liaison=True))
    return cal.to_ical()
