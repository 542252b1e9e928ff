"""Hostile input on the booking pages: any text in any field, any token, any slot value gives a
form error or a 4xx, never a 500 (the test client re-raises anything a view lets escape), and
nothing is booked from input that is not a free slot."""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from consultations.models import Booking
from tests.hardening.test_fuzz import HOSTILE_TEXT, HTTP_EXAMPLES

pytestmark = pytest.mark.django_db

FIELDS = ["slot", "topic", "programme", "course", "name", "email", "format"]


@HTTP_EXAMPLES
@given(data=st.dictionaries(st.sampled_from(FIELDS), HOSTILE_TEXT, max_size=7))
def test_booking_form_answers_any_input_without_error(client, availability, data):
    cache.clear()  # the rate limit is not what is tested here
    before = Booking.objects.count()
    data = {k: v.replace("\x00", "") if k != "slot" else v for k, v in data.items()}
    try:
        response = client.post(
            reverse("consultations:book", args=[availability.liaison.slug]), data
        )
    except ValueError:  # the test client refuses NUL bytes in its own encoding
        return
    assert response.status_code in (302, 400, 409, 429)
    if "slot" not in data or response.status_code != 302:
        assert Booking.objects.count() == before


@HTTP_EXAMPLES
@given(token=HOSTILE_TEXT, action=HOSTILE_TEXT)
def test_manage_and_feed_answer_any_token(client, availability, token, action):
    quoted = quote(token, safe="") or "x"
    for url in (f"/consultations/manage/{quoted}/", f"/consultations/feed/{quoted}.ics"):
        assert client.get(url).status_code in (400, 404)
    response = client.post(f"/consultations/manage/{quoted}/", {"action": action[:100]})
    assert response.status_code in (400, 403, 404)


@HTTP_EXAMPLES
@given(slug=HOSTILE_TEXT, fmt=HOSTILE_TEXT)
def test_booking_page_answers_any_slug_and_format(client, availability, slug, fmt):
    url = f"/consultations/book/{quote(slug, safe='') or 'x'}/?format={quote(fmt, safe='')}"
    assert client.get(url).status_code in (200, 400, 404)
