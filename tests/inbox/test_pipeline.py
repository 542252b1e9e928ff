"""The contact pipeline: stored first, then a notification and an acknowledgement, each sent once."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from inbox import delivery
from inbox.forms import ContactForm
from inbox.models import Delivery, Message
from inbox.services import submit_contact_form
from tests.inbox.conftest import DB_TASKS, FAILING, KILLED, contact_post, contact_url

pytestmark = pytest.mark.django_db


def valid_form(**overrides):
    data = {
        "name": "Sam Student",
        "email": "sam@students.example.edu",
        "subject": "Finding sources",
        "message": "Where do I start?",
        "website": "",
    }
    data.update(overrides)
    form = ContactForm(data=data)
    assert form.is_valid(), form.errors
    return form


def inbox_tasks():
    """Queued inbox tasks (other apps may queue their own, e.g. Wagtail's reference index)."""
    return DBTaskResult.objects.filter(task_path__startswith="inbox.tasks.")


def run_worker():
    """The real `db_worker --batch`, minus its connection recycling (tests run in a transaction)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--no-reload",
            "--interval",
            "0",
            verbosity=0,
        )


def test_contact_page_post_stores_message_and_sends_both_emails(
    client, liaison, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(liaison), contact_post(programme=programme.pk))
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.liaison, message.sender_group) == (liaison, "MSc Chemistry")
    notify, ack = sorted(mail.outbox, key=lambda m: m.to[0])
    assert notify.to == ["ada.byrne@library.example.edu"]
    assert notify.reply_to == ["sam@students.example.edu"]
    assert "Programme or department: MSc Chemistry" in notify.body
    assert "Where do I start with my literature review?" in notify.body
    assert ack.to == ["sam@students.example.edu"]
    assert "your librarian, Ada Byrne" in ack.body
    assert "within two working days" in ack.body
    assert set(message.deliveries.values_list("status", flat=True)) == {"sent"}
    message.refresh_from_db()
    assert message.notified_at is not None


def test_submit_contact_form_queues_nothing_before_commit(
    liaison, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_contact_form(valid_form(), liaison=liaison)
    assert Message.objects.count() == 1
    assert Delivery.objects.filter(status="pending").count() == 2
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_message_without_liaison_goes_to_general_address(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit_contact_form(valid_form(), liaison=None, source=Message.Source.MY_LIBRARIAN)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ask@library.example.edu", "sam@students.example.edu"]
    ack = next(m for m in mail.outbox if m.to == ["sam@students.example.edu"])
    assert "the library's liaison team" in ack.body


@override_settings(EMAIL_BACKEND=FAILING)
def test_failed_send_keeps_message_and_schedules_retry(liaison, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = submit_contact_form(valid_form(), liaison=liaison)
    notify = message.deliveries.get(kind="notify")
    assert notify.status == "pending"
    assert notify.attempts == 1
    assert "SMTP server unavailable" in notify.last_error
    assert notify.next_attempt_at > timezone.now() + timedelta(seconds=50)
    message.refresh_from_db()
    assert "SMTP server unavailable" in message.notify_error


def test_backoff_doubles_and_is_capped(settings):
    settings.INBOX_RETRY_BASE_SECONDS = 60
    settings.INBOX_RETRY_MAX_SECONDS = 600
    assert [delivery.backoff(n) for n in range(1, 6)] == [60, 120, 240, 480, 600]


@override_settings(EMAIL_BACKEND=FAILING, INBOX_MAX_ATTEMPTS=3)
def test_delivery_marked_failed_after_last_attempt(liaison):
    message = submit_contact_form(valid_form(), liaison=liaison)  # on_commit not run
    outcomes = []
    for _ in range(3):
        Delivery.objects.update(next_attempt_at=None)  # time passes
        outcomes.append(delivery.deliver(message.pk, "notify"))
    assert outcomes == ["retry", "retry", "failed"]
    notify = message.deliveries.get(kind="notify")
    assert (notify.status, notify.attempts) == ("failed", 3)
    assert delivery.deliver(message.pk, "notify") == "skipped"
    assert message.delivery_summary == "failed"


def test_deliver_twice_sends_once(liaison):
    message = submit_contact_form(valid_form(), liaison=liaison)
    assert delivery.deliver(message.pk, "notify") == "sent"
    assert delivery.deliver(message.pk, "notify") == "skipped"
    assert len(mail.outbox) == 1


def test_coordinator_resend_restarts_a_failed_delivery(liaison):
    message = submit_contact_form(valid_form(), liaison=liaison)
    Delivery.objects.filter(message=message).update(status="failed", attempts=5)
    assert sorted(delivery.resend(message)) == ["ack", "notify"]
    assert delivery.deliver(message.pk, "notify") == "sent"
    assert mail.outbox[0].to == ["ada.byrne@library.example.edu"]


# --- Fault injection with the database-backed queue and the real worker -------------------------


def test_fault_injection_all_messages_stored_queued_then_delivered_exactly_once(
    client, liaison, settings, django_capture_on_commit_callbacks
):
    n = 6
    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = FAILING
    for i in range(n):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                contact_url(liaison),
                contact_post(email=f"s{i}@students.example.edu", subject=f"Q{i}"),
            )
        assert response.status_code == 302
    assert Message.objects.count() == n
    assert inbox_tasks().ready().count() == 2 * n  # queued, not yet run

    run_worker()  # the mail server is down: every attempt fails and is rescheduled
    assert mail.outbox == []
    assert Delivery.objects.filter(status="pending", attempts=1).count() == 2 * n
    waiting = inbox_tasks().filter(status="READY")
    assert waiting.count() == 2 * n and inbox_tasks().ready().count() == 0

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # it recovers
    past = timezone.now() - timedelta(seconds=1)
    waiting.update(run_after=past)  # time passes: the retries fall due
    Delivery.objects.update(next_attempt_at=past)
    call_command("retry_deliveries", verbosity=0)  # a sweep queues the same deliveries again
    assert inbox_tasks().ready().count() == 4 * n
    run_worker()

    assert len(mail.outbox) == 2 * n  # no duplicates despite two tasks per delivery
    for i in range(n):
        sender = f"s{i}@students.example.edu"
        assert [m.to for m in mail.outbox if m.reply_to == [sender]] == [[liaison.email]]
        assert sum(m.to == [sender] for m in mail.outbox) == 1
    assert Delivery.objects.filter(status="sent").count() == 2 * n


def test_worker_killed_mid_send_leaves_delivery_to_be_retried(
    liaison, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DB_TASKS
    settings.EMAIL_BACKEND = KILLED
    with django_capture_on_commit_callbacks(execute=True):
        message = submit_contact_form(valid_form(), liaison=liaison)
    run_worker()  # the process "dies" inside both sends
    assert set(message.deliveries.values_list("status", flat=True)) == {"sending"}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("retry_deliveries", verbosity=0)
    run_worker()
    assert mail.outbox == []  # still inside the lease: maybe another worker is sending

    Delivery.objects.update(claimed_at=timezone.now() - timedelta(hours=1))  # lease expires
    call_command("retry_deliveries", verbosity=0)
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == [liaison.email, "sam@students.example.edu"]
    assert list(message.deliveries.values_list("status", "attempts")) == [("sent", 2)] * 2


def test_retry_deliveries_command_reports_and_can_include_failed(liaison, capsys):
    message = submit_contact_form(valid_form(), liaison=liaison)
    Delivery.objects.filter(message=message, kind="ack").update(status="failed", attempts=5)
    call_command("retry_deliveries")
    assert "Queued 1 delivery" in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [[liaison.email]]
    call_command("retry_deliveries", "--include-failed")
    assert len(mail.outbox) == 2
