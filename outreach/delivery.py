"""Sending a campaign: each recipient's send record is claimed exactly once, in batches, at a
rate the mail server accepts, with retries, and resumable after a worker dies.

A ``Send`` moves queued → sending → sent (or unsubscribed, or failed after
``OUTREACH_MAX_ATTEMPTS``, or back to queued with a later ``next_attempt_at`` after a failure).
A batch claims its rows with one conditional UPDATE (status queued → sending, stamped with a
fresh claim token); only the rows carrying that token are sent, so two workers never send the same
row. On PostgreSQL the rows are also picked with ``SELECT … FOR UPDATE SKIP LOCKED`` so concurrent
workers take disjoint batches instead of racing for the same one. A worker killed mid-batch
leaves its rows in ``sending``; once ``OUTREACH_SENDING_LEASE_SECONDS`` have passed the next
batch (or ``manage.py send_outreach``) puts them back in the queue.

The one window that cannot be closed without the mail server's help (as in the inbox): a worker
dying after the server accepted an email but before its row is marked sent sends that one email
again on recovery. Every other path sends at most once.

Unsubscribing is checked as each email is about to go, so it is honoured at once, even for a
campaign already queued; transactional mail (inbox, matching, bookings) never looks here.
"""

import logging
import uuid
from datetime import timedelta
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import Count, F, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone

from liaison_pages.models import LiaisonPage
from students.models import Assignment

from .models import Campaign, Send, Subscription
from .rendering import RenderContext, render

logger = logging.getLogger(__name__)


def setting(name, default):
    return getattr(settings, name, default)


def rate_per_minute():
    return max(1, int(setting("OUTREACH_RATE_PER_MINUTE", 600)))


def batch_size():
    return max(1, min(int(setting("OUTREACH_BATCH_SIZE", 200)), rate_per_minute()))


def max_attempts():
    return int(setting("OUTREACH_MAX_ATTEMPTS", 5))


def lease():
    return timedelta(seconds=int(setting("OUTREACH_SENDING_LEASE_SECONDS", 900)))


def backoff(attempt):
    base = float(setting("OUTREACH_RETRY_BASE_SECONDS", 60))
    return min(3600.0, base * 2 ** max(0, attempt - 1))


# --- sending ------------------------------------------------------------------------------------


def release_stale(campaign_id, now):
    """Rows a dead worker held past the lease go back to the queue."""
    return Send.objects.filter(
        campaign_id=campaign_id, status=Send.Status.SENDING, claimed_at__lt=now - lease()
    ).update(status=Send.Status.QUEUED, claim="")


def due_sends(campaign_id, now):
    return Send.objects.filter(campaign_id=campaign_id, status=Send.Status.QUEUED).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def claim_batch(campaign_id, size, now):
    """Claim up to ``size`` due rows for this worker alone and return them."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        pick = due_sends(campaign_id, now).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            pick = pick.select_for_update(skip_locked=True)
        ids = list(pick.values_list("pk", flat=True)[:size])
        Send.objects.filter(pk__in=ids, status=Send.Status.QUEUED).update(
            status=Send.Status.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
        )
    current = Assignment.objects.filter(student_id=OuterRef("student_id"), ended_at__isnull=True)
    return list(
        Send.objects.filter(claim=token, status=Send.Status.SENDING)
        .select_related("student__user", "student__programme")
        .annotate(current_liaison_id=Subquery(current.values("liaison_id")[:1]))
        .order_by("pk")
    )


def subscriptions_for(student_ids):
    """Each student's preferences, created (with a fresh token) for those who have none yet."""
    found = {s.student_id: s for s in Subscription.objects.filter(student_id__in=student_ids)}
    missing = [Subscription(student_id=pk) for pk in student_ids if pk not in found]
    if missing:
        Subscription.objects.bulk_create(missing, ignore_conflicts=True)
        found = {s.student_id: s for s in Subscription.objects.filter(student_id__in=student_ids)}
    return found


def unsubscribe_url(token):
    path = reverse("outreach:unsubscribe", args=[token])
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def build_email(rendered, to, librarian_name, librarian_email, token, connection=None):
    """One outreach email: from the librarian (through the portal's address), replies to them,
    with RFC 8058 one-click unsubscribe headers and a visible unsubscribe link."""
    url = unsubscribe_url(token)
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    footer_text = (
        f"\n--\nYou receive this as a student with a personal librarian.\nUnsubscribe: {url}\n"
    )
    footer_html = (
        '<hr><p style="font-size:small">You receive this as a student with a personal '
        f'librarian. <a href="{url}">Unsubscribe from these emails</a>.</p>'
    )
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text + footer_text,
        from_email=formataddr((f"{librarian_name} (library)", address)),
        to=[to],
        reply_to=[librarian_email] if librarian_email else None,
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )
    message.attach_alternative(rendered.html + footer_html, "text/html")
    return message


def _mark(send, status, **fields):
    Send.objects.filter(pk=send.pk, claim=send.claim).update(status=status, claim="", **fields)


def _failed(send, error, now):
    error = error[:500]
    logger.warning("Outreach send %s failed (attempt %s): %s", send.pk, send.attempts, error)
    if send.attempts >= max_attempts():
        _mark(send, Send.Status.FAILED, last_error=error)
    else:
        later = now + timedelta(seconds=backoff(send.attempts))
        _mark(send, Send.Status.QUEUED, last_error=error, next_attempt_at=later)


def send_batch(campaign_id, now=None, context=None):
    """Send one batch of a campaign. Returns how many rows it handled (0: nothing due)."""
    now = now or timezone.now()
    campaign = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).first()
    if campaign is None:
        return 0
    release_stale(campaign_id, now)
    sends = claim_batch(campaign_id, batch_size(), now)
    if not sends:
        finish_if_done(campaign_id)
        return 0
    context = context or RenderContext(campaign)
    subscriptions = subscriptions_for([s.student_id for s in sends])
    liaisons = LiaisonPage.objects.in_bulk({s.current_liaison_id for s in sends} - {None})
    mail = get_connection(fail_silently=False)
    try:
        mail.open()
        for send in sends:
            liaison = liaisons.get(send.current_liaison_id)
            subscription = subscriptions.get(send.student_id)
            deliver_one(campaign, send, liaison, subscription, context, mail, now)
    finally:
        mail.close()
    finish_if_done(campaign_id)
    return len(sends)


def deliver_one(campaign, send, liaison, subscription, context, mail, now):
    """One recipient: from their librarian now (who may have changed since it was queued); a
    liaison's own campaign is never sent to a student who has since moved to someone else."""
    if subscription is None or subscription.is_unsubscribed:
        _mark(send, Send.Status.UNSUBSCRIBED)
        return
    is_digest = campaign.kind == Campaign.Kind.DIGEST
    if is_digest and not subscription.wants_digest(now):
        _mark(send, Send.Status.UNSUBSCRIBED, last_error="Not due by the student's digest choice.")
        return
    student = send.student
    if liaison is None or (campaign.liaison_id and liaison.pk != campaign.liaison_id):
        _mark(send, Send.Status.FAILED, last_error="No longer this librarian's student.")
        return
    if not student.user.email:
        _mark(send, Send.Status.FAILED, last_error="No email address.")
        return
    rendered = render(campaign, student, liaison, context)
    email = build_email(
        rendered, student.user.email, liaison.title, liaison.email, subscription.token, mail
    )
    try:
        if not email.send():
            raise RuntimeError("The mail backend accepted nothing.")
    except Exception as exc:  # SMTP errors, refused headers, timeouts: retried with backoff
        _failed(send, f"{type(exc).__name__}: {exc}", now)
        return
    _mark(send, Send.Status.SENT, sent_at=timezone.now(), liaison_id=liaison.pk, last_error="")
    if is_digest:
        Subscription.objects.filter(pk=subscription.pk).update(last_digest_at=now)


def finish_if_done(campaign_id):
    open_rows = Send.objects.filter(
        campaign_id=campaign_id, status__in=[Send.Status.QUEUED, Send.Status.SENDING]
    )
    if not open_rows.exists():
        Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).update(
            status=Campaign.Status.SENT, finished_at=timezone.now()
        )


def progress(campaign_ids):
    """{campaign id: {status: count}} for the admin's progress column, in one query."""
    counts = {}
    rows = (
        Send.objects.filter(campaign_id__in=campaign_ids)
        .values("campaign_id", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts.setdefault(row["campaign_id"], {})[row["status"]] = row["n"]
    return counts


def is_sending(campaign_id):
    return Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SENDING).exists()


def next_retry(campaign_id):
    return Send.objects.filter(campaign_id=campaign_id, status=Send.Status.QUEUED).aggregate(
        at=Min("next_attempt_at")
    )["at"]
