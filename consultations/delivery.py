"""Sending each email about a booking (and each survey after an answered message) once, with
retries: the inbox's pipeline (claim with a conditional UPDATE, record the outcome, back off after
a failure), over ``Notice`` rows.

A reminder is a notice of kind ``reminder`` for the booking's current SEQUENCE; a booking moved
to another time gets a new SEQUENCE, so it is reminded again.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from inbox.delivery import backoff, lease, max_attempts
from inbox.mail import MailError
from inbox.models import Message

from . import mail
from .models import Booking, Notice

logger = logging.getLogger(__name__)

SKIPPED, SENT, RETRY, FAILED = "skipped", "sent", "retry", "failed"


def claim(notice_id, now=None):
    now = now or timezone.now()
    notice = Notice.objects.filter(pk=notice_id).first()
    if notice is None or notice.status in (Notice.Status.SENT, Notice.Status.FAILED):
        return None
    if notice.status == Notice.Status.SENDING and notice.claimed_at > now - lease():
        return None
    if (
        notice.status == Notice.Status.PENDING
        and notice.next_attempt_at
        and notice.next_attempt_at > now
    ):
        return None
    won = Notice.objects.filter(
        pk=notice.pk, status=notice.status, attempts=notice.attempts
    ).update(
        status=Notice.Status.SENDING,
        attempts=F("attempts") + 1,
        claimed_at=now,
        next_attempt_at=None,
    )
    if not won:
        return None
    notice.status, notice.attempts, notice.claimed_at = (
        Notice.Status.SENDING,
        notice.attempts + 1,
        now,
    )
    return notice


def deliver(notice_id):
    notice = claim(notice_id)
    if notice is None:
        return SKIPPED
    try:
        if notice.message_id is not None:  # the survey after an answered message
            message = Message.objects.select_related("liaison").get(pk=notice.message_id)
            mail.send(mail.survey_email(message))
            return record_success(notice)
        booking = Booking.objects.select_related("liaison").get(pk=notice.booking_id)
        if notice.kind == Notice.Kind.REMINDER and (
            booking.is_cancelled or booking.sequence != notice.sequence
        ):
            Notice.objects.filter(pk=notice.pk).update(
                status=Notice.Status.SENT, sent_at=timezone.now(), last_error="no longer due"
            )
            return SKIPPED
        mail.send(mail.build(notice, booking))
    except MailError as exc:
        return record_failure(notice, str(exc))
    return record_success(notice)


def record_success(notice):
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return SENT


def record_failure(notice, error):
    logger.warning("Could not send notice %s (attempt %s): %s", notice.pk, notice.attempts, error)
    if notice.attempts >= max_attempts():
        Notice.objects.filter(pk=notice.pk).update(
            status=Notice.Status.FAILED, last_error=error[:2000]
        )
        return FAILED
    run_after = timezone.now() + timedelta(seconds=backoff(notice.attempts))
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.PENDING, last_error=error[:2000], next_attempt_at=run_after
    )
    return RETRY


def due_notices(now=None):
    """Notices that should be in the queue: pending and due, or stuck in 'sending' past the lease."""
    now = now or timezone.now()
    return Notice.objects.filter(
        Q(status=Notice.Status.PENDING, next_attempt_at__isnull=True)
        | Q(status=Notice.Status.PENDING, next_attempt_at__lte=now)
        | Q(status=Notice.Status.SENDING, claimed_at__lte=now - lease())
    )


def due_reminders(now=None):
    """Create the reminders whose time has come; returns their notices (the caller queues them)."""
    now = now or timezone.now()
    due = Booking.objects.filter(
        status=Booking.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        start__gt=now,
        liaison__availability__reminder_hours__gt=0,
    ).select_related("liaison__availability")
    created_notices = []
    for booking in due:
        hours = booking.liaison.availability.reminder_hours
        if booking.start - timedelta(hours=hours) > now:
            continue
        with transaction.atomic():
            if not Booking.objects.filter(pk=booking.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            notice, created = Notice.objects.get_or_create(
                booking=booking,
                kind=Notice.Kind.REMINDER,
                to=Notice.To.CLIENT,
                sequence=booking.sequence,
            )
            if created:
                created_notices.append(notice)
    return created_notices
