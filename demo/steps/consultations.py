"""Demo step: every demo librarian takes consultations through the portal, with weekly hours
(demo/data/consultations.yaml), so the Book buttons of `make run` lead to free slots. Safe to run
again: a librarian who has availability keeps it as it is (and any bookings made on it).

Librarians seeded before the portal took bookings carry a placeholder external booking link
(library.example.edu/book/…), which would send the Book button elsewhere; it is taken off in a
published revision, so the page editor does not bring it back."""

import datetime

from consultations.models import Availability, AvailabilityRule
from demo.builder import load
from liaison_pages.models import LiaisonPage

PLACEHOLDER_BOOKING_URL = "https://library.example.edu/book/"


def _time(text):
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


def where(liaison, mode, data):
    if mode == "online":
        return data["meeting_link"].format(slug=liaison.slug)
    if mode == "phone":
        return liaison.phone
    return liaison.office_location


def drop_placeholder_booking_url(liaison):
    if liaison.booking_url.startswith(PLACEHOLDER_BOOKING_URL):
        page = liaison.get_latest_revision_as_object()
        page.booking_url = ""
        page.save_revision().publish()


def seed(context):
    data = load("consultations")
    patterns = data["patterns"]
    liaisons = LiaisonPage.objects.live().filter(is_active=True).order_by("pk")
    added = 0
    for i, liaison in enumerate(liaisons):
        drop_placeholder_booking_url(liaison)
        if Availability.objects.filter(liaison=liaison).exists():
            continue
        availability = Availability.objects.create(liaison=liaison, **data["terms"])
        AvailabilityRule.objects.bulk_create(
            AvailabilityRule(
                availability=availability,
                sort_order=order,
                weekday=rule["day"],
                start=_time(rule["start"]),
                end=_time(rule["end"]),
                mode=rule["mode"],
                location=where(liaison, rule["mode"], data),
            )
            for order, rule in enumerate(patterns[i % len(patterns)])
        )
        added += 1
    stdout = context.get("stdout")
    if stdout:
        stdout.write(
            f"Consultations: {Availability.objects.count()} librarians take bookings "
            f"({added} new), weekly hours in demo/data/consultations.yaml."
        )
