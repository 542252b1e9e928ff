"""The crawler over a portal where a librarian takes bookings: the booking page is reached from
the profile, and it, the manage page, the survey pages (after a consultation and after an
answered message) and the odd consultation URLs answer without a 5xx."""

import re

import pytest

from consultations import links, services
from consultations.models import Booking
from tests.factories import MessageFactory
from tests.hardening.crawl import ODD_URLS, crawl

from .conftest import booking_post

pytestmark = pytest.mark.django_db


def test_crawler_reaches_the_booking_page_and_finds_no_server_error(client, availability):
    availability.liaison.save_revision().publish()
    client.raise_request_exception = False
    statuses = crawl(client)
    book = f"/consultations/book/{availability.liaison.slug}/"
    assert statuses.get(book) == 200, statuses
    slot = re.findall(r'name="slot" value="([^"]+)"', client.get(book).content.decode())[0]
    client.post(book, booking_post(slot))
    manage = links.manage_path(Booking.objects.get())
    statuses.update(crawl(client, start=manage))
    assert statuses[manage] == 200
    booking = Booking.objects.get()
    booking.outcome = Booking.Outcome.ATTENDED
    booking.save()
    message = MessageFactory(liaison=availability.liaison)
    message.status = "answered"
    message.save()
    assert services.ask_for_feedback(booking) is not None
    assert message.survey_notices.exists()
    for about in (booking, message):
        survey = links.survey_url(about).removeprefix("http://testserver")
        statuses.update(crawl(client, start=survey))
        assert statuses[survey] == 200
    for url in [u for u in ODD_URLS if u.startswith("/consultations/")]:
        statuses[url[:80]] = client.get(url).status_code
    assert {path: status for path, status in statuses.items() if status >= 500} == {}
