"""The message pipeline: save first, then tell the librarian. Sending never loses a message."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import Message

logger = logging.getLogger(__name__)


def submit_contact_form(form, liaison, request=None, source=Message.Source.PROFILE):
    data = form.cleaned_data
    programme = data.get("programme")
    with transaction.atomic():
        message = Message.objects.create(
            liaison=liaison,
            sender_name=data["name"],
            sender_email=data["email"],
            programme=programme,
            sender_group=programme.name if programme else "",
            subject=data["subject"],
            body=data["message"],
            source=source,
        )
        transaction.on_commit(lambda: notify_liaison(message.pk))
    return message


def notify_liaison(message_pk):
    """Email the librarian; a failure is recorded on the message, never raised to the sender."""
    message = Message.objects.select_related("liaison").get(pk=message_pk)
    if message.liaison is None:
        return False
    email = EmailMessage(
        subject=f"[Library contact] {message.subject}",
        body=(
            f"{message.sender_name} <{message.sender_email}> wrote through your profile page"
            f"{' (' + message.sender_group + ')' if message.sender_group else ''}:\n\n{message.body}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.liaison.email],
        reply_to=[message.sender_email],
    )
    try:
        email.send()
    except Exception as exc:  # any transport failure: keep the message, record why
        logger.warning("Could not email librarian about message %s: %s", message.pk, exc)
        Message.objects.filter(pk=message.pk).update(notify_error=str(exc)[:1000])
        return False
    Message.objects.filter(pk=message.pk).update(notified_at=timezone.now(), notify_error="")
    return True
