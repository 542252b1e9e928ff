"""Hostile input on the booking and survey pages: any text in any field, any token, any slot
value gives a form error or a 4xx, never a 500 (the test client re-raises anything a view lets
escape); nothing is booked from input that is not a free slot, and no survey answer is stored
that is not a rating from 1 to 5 with a comment of at most 2,000 characters."""

from urllib.parse import quote, urlencode

import pytest
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from consultations import links
from consultations.models import Booking, Feedback, Notice, SurveyOptOut
from tests.factories import MessageFactory
from tests.factories.consultations import BookingFactory
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


# --- the survey after a consultation or an answered message ------------------------------------


@pytest.fixture
def survey_urls(liaison):
    """The survey page of an attended consultation and of an answered message."""
    booking = BookingFactory(liaison=liaison, outcome=Booking.Outcome.ATTENDED)
    message = MessageFactory(liaison=liaison, status="answered")
    Notice.objects.create(message=message, kind=Notice.Kind.SURVEY, to=Notice.To.CLIENT)
    return [
        reverse("consultations:survey", args=[links.survey_token(about)])
        for about in (booking, message)
    ]


def post_raw(client, url, fields):
    """POST a form body exactly as given: NUL bytes and all (the test client's own encoding of a
    dict refuses some of them)."""
    return client.post(url, urlencode(fields), content_type="application/x-www-form-urlencoded")


@HTTP_EXAMPLES
@given(token=HOSTILE_TEXT, rating=HOSTILE_TEXT, action=HOSTILE_TEXT)
@example(token="message:1", rating="5", action="")
@example(token="\x00", rating="\x00", action="decline")
def test_survey_answers_any_token_with_a_4xx(client, survey_urls, token, rating, action):
    url = f"/consultations/feedback/{quote(token, safe='') or 'x'}/"
    assert client.get(url).status_code in (400, 404)  # 400: NUL in the path (core middleware)
    response = post_raw(client, url, {"rating": rating, "action": action})
    assert response.status_code in (400, 404)
    assert not Feedback.objects.exists()
    assert not SurveyOptOut.objects.exists()


@HTTP_EXAMPLES
@given(
    which=st.sampled_from([0, 1]),
    data=st.dictionaries(st.sampled_from(["rating", "comment", "action"]), HOSTILE_TEXT),
)
@example(which=0, data={"rating": "5", "comment": "\x00"})
@example(which=1, data={"rating": "3\x00", "comment": "ok"})
@example(which=1, data={"rating": "5", "comment": "c" * 100_000})
def test_survey_form_answers_any_input_without_error(client, survey_urls, which, data):
    response = post_raw(client, survey_urls[which], data)
    assert response.status_code in (200, 400)
    for feedback in Feedback.objects.all():
        assert 1 <= feedback.rating <= 5
        assert len(feedback.comment) <= 2000
        assert "\x00" not in feedback.comment


@pytest.mark.parametrize("which", [0, 1])
@pytest.mark.parametrize("rating", ["0", "6", "-1", "3.5", "1e1", "５", " ", "[]", "5\x00"])
def test_survey_refuses_a_rating_outside_1_to_5_with_a_form_error(
    client, survey_urls, which, rating
):
    response = post_raw(client, survey_urls[which], {"rating": rating, "comment": "x"})
    assert response.status_code == 400
    assert "Please choose a rating; nothing was recorded yet." in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("which", [0, 1])
def test_survey_refuses_a_huge_comment_and_keeps_nothing(client, survey_urls, which):
    response = post_raw(client, survey_urls[which], {"rating": "4", "comment": "é" * 2001})
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("which", [0, 1])
def test_survey_refuses_nul_bytes_in_the_comment(client, survey_urls, which):
    response = post_raw(client, survey_urls[which], {"rating": "4", "comment": "fine\x00"})
    assert response.status_code == 400
    assert "Null characters are not allowed." in response.content.decode()
    assert not Feedback.objects.exists()


def test_survey_refuses_a_body_over_the_upload_limit(client, survey_urls, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = post_raw(client, survey_urls[1], {"rating": "4", "comment": "c" * 20_000})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "t" * 5000,
        "x:y:z",
        signing.dumps("message:99999999999999999999", salt=links.SURVEY_SALT),
        signing.dumps("message:-1", salt=links.SURVEY_SALT),
        signing.dumps("message:１２", salt=links.SURVEY_SALT),
        signing.dumps(["message", 1], salt=links.SURVEY_SALT),
        signing.dumps("z" * 32, salt=links.SURVEY_SALT),
        signing.dumps(None, salt=links.SURVEY_SALT),
    ],
    # names, not the tokens: a signed token carries the second it was made, and each xdist worker
    # collects on its own, so ids made from tokens could differ between workers
    ids=[
        "short",
        "long",
        "colons",
        "huge-id",
        "negative-id",
        "full-width-digits",
        "a-list",
        "booking-shaped",
        "null",
    ],
)
def test_survey_garbage_and_odd_signed_tokens_are_a_clear_404(client, survey_urls, token):
    response = client.get(f"/consultations/feedback/{token}/")
    assert response.status_code == 404
    assert "This survey link does not work" in response.content.decode()
