"""Background tasks (django-tasks): one per email about a message. Both are safe to run twice."""

from django_tasks import task

from .delivery import deliver
from .models import Delivery


@task()
def notify_liaison(message_id):
    """Email the librarian (Reply-To: the sender). Retries itself with backoff on failure."""
    return deliver(message_id, Delivery.Kind.NOTIFY)


@task()
def acknowledge_sender(message_id):
    """Tell the sender who will answer and by when. Retries itself with backoff on failure."""
    return deliver(message_id, Delivery.Kind.ACK)
