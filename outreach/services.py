"""Scheduling, starting, cancelling and resuming campaigns: the adapter between the admin, the
calendar, the recipients rule and the sending tasks (``outreach.delivery`` sends each batch)."""

from django.db import transaction
from django.utils import timezone

from . import calendar, delivery, tasks
from .models import Campaign, Send, Term
from .segments import authority, recipients

QUEUE_CHUNK = 2000


def due_at(campaign, now=None):
    """When the campaign should go out, or None when the calendar has no such term yet."""
    now = now or timezone.now()
    if campaign.timing == Campaign.Timing.NOW:
        return now
    if campaign.timing == Campaign.Timing.AT:
        return campaign.send_at
    terms = [
        calendar.TermDates(t.kind, t.start, t.end, t.teaching_weeks)
        for t in Term.objects.filter(kind=campaign.term_kind, end__gte=now.date())
    ]
    timing = calendar.TermTiming(
        campaign.term_kind, campaign.term_week, campaign.weekday, campaign.time_of_day
    )
    return calendar.next_occurrence(terms, timing, now, timezone.get_current_timezone())


def schedule(campaign, now=None):
    """Draft → scheduled at its resolved moment; starts at once when that moment has come.
    Returns the moment, or None when it cannot be resolved (nothing changes then)."""
    now = now or timezone.now()
    when = due_at(campaign, now)
    if when is None:
        return None
    updated = Campaign.objects.filter(
        pk=campaign.pk, status__in=[Campaign.Status.DRAFT, Campaign.Status.SCHEDULED]
    ).update(status=Campaign.Status.SCHEDULED, scheduled_for=when)
    if not updated:
        return None
    campaign.status, campaign.scheduled_for = Campaign.Status.SCHEDULED, when
    if when <= now:
        transaction.on_commit(lambda: start_due(now))
    return when


def cancel(campaign):
    """Stop a campaign that has not finished: nothing more is sent. Returns whether it stopped."""
    stopped = Campaign.objects.filter(
        pk=campaign.pk,
        status__in=[Campaign.Status.DRAFT, Campaign.Status.SCHEDULED, Campaign.Status.SENDING],
    ).update(status=Campaign.Status.CANCELLED, finished_at=timezone.now())
    if stopped:
        campaign.status = Campaign.Status.CANCELLED
    return bool(stopped)


def start(campaign_id, now=None):
    """Scheduled → sending (exactly once), queue a send record per recipient, start sending."""
    now = now or timezone.now()
    won = Campaign.objects.filter(pk=campaign_id, status=Campaign.Status.SCHEDULED).update(
        status=Campaign.Status.SENDING, queued_at=None
    )
    if not won:
        return 0
    return queue_and_send(Campaign.objects.get(pk=campaign_id), now)


def queue_and_send(campaign, now):
    """Queue every recipient (again, harmlessly, after a crash while queueing), mark the
    campaign queued, and start its first batch."""
    count = queue_recipients(campaign, now=now)
    Campaign.objects.filter(pk=campaign.pk).update(queued_at=now)
    tasks.queue_batch(campaign.pk)
    return count


def start_due(now=None):
    """Start every scheduled campaign whose moment has come; returns how many started."""
    now = now or timezone.now()
    due = Campaign.objects.filter(status=Campaign.Status.SCHEDULED, scheduled_for__lte=now)
    started = 0
    for pk in due.values_list("pk", flat=True):
        start(pk, now)
        started += 1
    return started


def queue_recipients(campaign, sender=None, now=None):
    """A send record for each recipient, in chunks (bounded memory); safe to run again."""
    sender = sender or authority(campaign)
    count, chunk = 0, []
    for student_id, liaison_id in recipients(campaign, sender, now):
        chunk.append(Send(campaign_id=campaign.pk, student_id=student_id, liaison_id=liaison_id))
        if len(chunk) >= QUEUE_CHUNK:
            Send.objects.bulk_create(chunk, ignore_conflicts=True)
            count, chunk = count + len(chunk), []
    if chunk:
        Send.objects.bulk_create(chunk, ignore_conflicts=True)
        count += len(chunk)
    return count


def sweep(now=None):
    """Start due campaigns and resume every sending one (after a restart): what
    ``manage.py send_outreach`` runs every minute. Returns how many batches were queued."""
    now = now or timezone.now()
    start_due(now)
    queued = 0
    sending = Campaign.objects.filter(status=Campaign.Status.SENDING)
    for campaign in sending.filter(queued_at__isnull=True):
        queue_and_send(campaign, now)  # a worker died while queueing its recipients
    for pk in sending.values_list("pk", flat=True):
        delivery.release_stale(pk, now)
        if delivery.due_sends(pk, now).exists():
            tasks.queue_batch(pk)
            queued += 1
        else:
            delivery.finish_if_done(pk)
    return queued
