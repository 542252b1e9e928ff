"""Background tasks (django-tasks): one batch of a campaign per run. Safe to run twice."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from . import delivery


@task()
def send_campaign(campaign_id):
    """Send the next batch of a campaign, then queue the one after it, spaced so the campaign
    keeps to ``OUTREACH_RATE_PER_MINUTE``. A backend that cannot defer (the tests' immediate
    one) leaves later retries to the sweep (``manage.py send_outreach``)."""
    started = timezone.now()
    handled = delivery.send_batch(campaign_id, now=started)
    if not delivery.is_sending(campaign_id):
        return handled
    if delivery.due_sends(campaign_id, timezone.now()).exists():
        pause = timedelta(seconds=60 * handled / delivery.rate_per_minute())
        queue_batch(campaign_id, run_after=started + pause if handled else None)
    else:
        retry_at = delivery.next_retry(campaign_id)
        if retry_at is not None:
            queue_batch(campaign_id, run_after=retry_at)
    return handled


def queue_batch(campaign_id, run_after=None):
    task = send_campaign
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return None
        task = task.using(run_after=run_after)
    return task.enqueue(campaign_id)
