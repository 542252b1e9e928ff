"""Messages are kept for INBOX_RETENTION_DAYS and then deleted by `manage.py purge_messages`."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from inbox.models import Delivery, Message


def make_message(liaison, days_old):
    message = Message.objects.create(
        liaison=liaison,
        sender_name="Sam",
        sender_email="sam@students.example.edu",
        subject=f"{days_old} days old",
        body="…",
        created_at=timezone.now() - timedelta(days=days_old),
    )
    Delivery.objects.create(message=message, kind=Delivery.Kind.NOTIFY, recipient="ada@example.edu")
    return message


def test_purge_messages_deletes_only_messages_past_retention(liaison, settings):
    settings.INBOX_RETENTION_DAYS = 30
    make_message(liaison, 31)
    kept = make_message(liaison, 29)
    out = io.StringIO()
    call_command("purge_messages", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "1 message older than 30 days would be deleted."
    assert Message.objects.count() == 2
    out = io.StringIO()
    call_command("purge_messages", stdout=out)
    assert out.getvalue().strip() == "1 message older than 30 days deleted."
    assert list(Message.objects.all()) == [kept]
    assert Delivery.objects.get().message == kept
