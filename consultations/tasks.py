"""Background tasks (django-tasks): one per email about a booking, safe to run twice, and the
sweep that queues due reminders and retries."""

from django_tasks import task

from . import delivery


def schedule(notice_id, run_after=None):
    """Queue a send; a backend that cannot defer (tests) leaves a retry for the next sweep."""
    queued = send_notice
    if run_after is not None:
        if not queued.get_backend().supports_defer:
            return None
        queued = queued.using(run_after=run_after)
    return queued.enqueue(notice_id)


@task()
def send_notice(notice_id):
    """Send one invitation, update, cancellation or reminder; on failure, again with backoff."""
    result = delivery.deliver(notice_id)
    if result == delivery.RETRY:
        notice = delivery.Notice.objects.get(pk=notice_id)
        schedule(notice_id, notice.next_attempt_at)
    return result


@task()
def sweep():
    """Queue due reminders and any send that is due again (``manage.py consultation_sweep``,
    every few minutes from cron). Returns how many were queued."""
    delivery.due_reminders()  # stored as pending notices, queued with the others below
    count = 0
    for notice_id in delivery.due_notices().values_list("pk", flat=True):
        schedule(notice_id)
        count += 1
    return count
