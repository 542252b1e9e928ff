"""Sending each email about a message exactly once, with retries and crash recovery.

A ``Delivery`` row moves pending → sending → sent, or back to pending with a later
``next_attempt_at`` after a failure, or to failed after ``INBOX_MAX_ATTEMPTS``. Only a task that
wins the conditional UPDATE from pending to sending may send, so two tasks for the same delivery
(a scheduled retry and a `retry_deliveries` sweep, say) never both send. A worker killed while
sending leaves the row in ``sending``; once ``INBOX_SENDING_LEASE_SECONDS`` have passed,
`manage.py retry_deliveries` (or the next sweep) puts it back in the queue.

The one window that cannot be closed without the mail server's help: a worker dying after the
server accepted an email but before the row is marked sent. That email is sent again on recovery
(at-least-once there); every other path sends at most once.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.models import PortalSettings

from . import mail
from .models import Delivery, Message

logger = logging.getLogger(__name__)

SKIPPED = "skipped"
SENT = "sent"
RETRY = "retry"
FAILED = "failed"


def max_attempts():
    return int(getattr(settings, "INBOX_MAX_ATTEMPTS", 5))


def lease():
    return timedelta(seconds=int(getattr(settings, "INBOX_SENDING_LEASE_SECONDS", 900)))


def backoff(attempt):
    """Seconds to wait after failed attempt number ``attempt`` (1-based): 1, 2, 4, 8… minutes."""
    base = float(getattr(settings, "INBOX_RETRY_BASE_SECONDS", 60))
    cap = float(getattr(settings, "INBOX_RETRY_MAX_SECONDS", 3600))
    return min(cap, base * 2 ** max(0, attempt - 1))


def reply_time():
    return PortalSettings.load().reply_time


def general_address():
    return PortalSettings.load().general_enquiries_email


def claim(message_id, kind, now=None):
    """Move the delivery to 'sending' if it is due and nobody else holds it; None otherwise."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .filter(message_id=message_id, kind=kind)
            .select_related("message", "message__liaison")
            .first()
        )
        if delivery is None:
            if not Message.objects.filter(pk=message_id).exists():
                return None
            delivery, _ = Delivery.objects.get_or_create(message_id=message_id, kind=kind)
            delivery = Delivery.objects.select_related("message", "message__liaison").get(
                pk=delivery.pk
            )
        if delivery.status in (Delivery.Status.SENT, Delivery.Status.FAILED):
            return None
        if delivery.status == Delivery.Status.SENDING and (
            delivery.claimed_at and delivery.claimed_at > now - lease()
        ):
            return None  # another worker is sending it right now
        if delivery.status == Delivery.Status.PENDING and (
            delivery.next_attempt_at and delivery.next_attempt_at > now
        ):
            return None  # a later attempt is already scheduled
        won = Delivery.objects.filter(
            pk=delivery.pk, status=delivery.status, attempts=delivery.attempts
        ).update(
            status=Delivery.Status.SENDING,
            attempts=F("attempts") + 1,
            claimed_at=now,
            next_attempt_at=None,
        )
        if not won:
            return None
    delivery.status = Delivery.Status.SENDING
    delivery.attempts += 1
    delivery.claimed_at = now
    return delivery


def build_email(delivery):
    message = delivery.message
    if delivery.kind == Delivery.Kind.NOTIFY:
        recipient = (message.liaison.email if message.liaison else "") or general_address()
        return mail.notification_email(message, recipient, reply_time())
    return mail.acknowledgement_email(message, reply_time())


def deliver(message_id, kind):
    """Send one email about a message unless it was sent already. Returns what happened."""
    delivery = claim(message_id, kind)
    if delivery is None:
        return SKIPPED
    try:
        email = build_email(delivery)
        mail.send(email)
    except mail.MailError as exc:
        return record_failure(delivery, str(exc))
    record_success(delivery, email.to)
    return SENT


def record_success(delivery, recipient):
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=now, recipient=recipient[:254], last_error=""
    )
    if delivery.kind == Delivery.Kind.NOTIFY:
        Message.objects.filter(pk=delivery.message_id).update(notified_at=now, notify_error="")


def record_failure(delivery, error):
    logger.warning(
        "Could not send %s for message %s (attempt %s): %s",
        delivery.kind,
        delivery.message_id,
        delivery.attempts,
        error,
    )
    error = error[:2000]
    if delivery.kind == Delivery.Kind.NOTIFY:
        Message.objects.filter(pk=delivery.message_id).update(notify_error=error)
    if delivery.attempts >= max_attempts():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.FAILED, last_error=error
        )
        return FAILED
    run_after = timezone.now() + timedelta(seconds=backoff(delivery.attempts))
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PENDING, last_error=error, next_attempt_at=run_after
    )
    schedule(delivery.message_id, delivery.kind, run_after)
    return RETRY


# --- Queueing -----------------------------------------------------------------------------------


def _task_for(kind):
    from . import tasks

    return tasks.notify_liaison if kind == Delivery.Kind.NOTIFY else tasks.acknowledge_sender


def schedule(message_id, kind, run_after=None):
    """Queue a delivery task; a backend that cannot defer (tests) leaves it for the next sweep."""
    task = _task_for(kind)
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None
        task = task.using(run_after=run_after)
    return task.enqueue(message_id)


def enqueue_all(message_id):
    for kind in (Delivery.Kind.NOTIFY, Delivery.Kind.ACK):
        schedule(message_id, kind)


def due_deliveries(now=None):
    """Deliveries that should be in the queue: pending and due, or stuck in 'sending' past the lease."""
    now = now or timezone.now()
    return Delivery.objects.filter(
        Q(status=Delivery.Status.PENDING, next_attempt_at__isnull=True)
        | Q(status=Delivery.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Delivery.Status.SENDING, claimed_at__lte=now - lease())
    )


def requeue_due(now=None, include_failed=False):
    """Queue every due delivery again (after a crash or an outage). Returns how many."""
    count = 0
    if include_failed:
        Delivery.objects.filter(status=Delivery.Status.FAILED).update(
            status=Delivery.Status.PENDING, attempts=0, next_attempt_at=None
        )
    for message_id, kind in due_deliveries(now).values_list("message_id", "kind"):
        schedule(message_id, kind)
        count += 1
    return count


def resend(message, kinds=(Delivery.Kind.NOTIFY, Delivery.Kind.ACK), force=False):
    """A coordinator's resend: failed (or, with force, also sent) deliveries start afresh."""
    statuses = [Delivery.Status.FAILED, Delivery.Status.PENDING]
    if force:
        statuses.append(Delivery.Status.SENT)
    for kind in kinds:
        Delivery.objects.get_or_create(message=message, kind=kind)
    reset = Delivery.objects.filter(message=message, kind__in=kinds, status__in=statuses)
    kinds_reset = list(reset.values_list("kind", flat=True))
    reset.update(status=Delivery.Status.PENDING, attempts=0, next_attempt_at=None)
    for kind in kinds_reset:
        transaction.on_commit(lambda kind=kind: schedule(message.pk, kind))
    return kinds_reset
