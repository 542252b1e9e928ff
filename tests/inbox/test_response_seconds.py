"""A message keeps how long it waited for its first response (``Message.response_seconds``), the
wait the evidence percentiles sort by: set with the first response, whichever way it is saved,
and never moved by a later change."""

from datetime import UTC, datetime, timedelta

import pytest

from inbox.models import Message
from tests.factories import MessageFactory

pytestmark = pytest.mark.django_db

ARRIVED = datetime(2026, 9, 1, 9, 0, 0, 250000, tzinfo=UTC)


def stored(message):
    return Message.objects.values_list("responded_at", "response_seconds").get(pk=message.pk)


def test_open_message_has_no_wait_stored():
    message = MessageFactory(created_at=ARRIVED)
    assert stored(message) == (None, None)


def test_message_answered_when_saved_stores_its_wait_to_the_microsecond():
    message = MessageFactory(created_at=ARRIVED)
    message.status = Message.Status.ANSWERED
    message.save(update_fields=["status"])  # as the inbox saves a status change
    responded, seconds = stored(message)
    assert responded is not None
    assert seconds == (responded - ARRIVED).total_seconds()


def test_message_stored_with_its_first_response_stores_its_wait():
    responded = ARRIVED + timedelta(hours=5, seconds=1)
    message = MessageFactory(
        created_at=ARRIVED, status=Message.Status.ANSWERED, responded_at=responded
    )
    assert stored(message) == (responded, 5 * 3600 + 1)


def test_later_changes_keep_the_first_responses_wait():
    responded = ARRIVED + timedelta(days=2)
    message = MessageFactory(
        created_at=ARRIVED, status=Message.Status.ANSWERED, responded_at=responded
    )
    for status in (Message.Status.READ, Message.Status.CLOSED):
        message.status = status
        message.save()
    assert stored(message) == (responded, 2 * 86400)
