"""The message pipeline: check limits, save in one transaction, then queue the emails on commit.

No path sends mail before the message is stored; a failing mail server never loses a message
(see ``inbox.delivery``).
"""

import datetime
import decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import delivery, ratelimit
from .forms import ENQUIRY_HONEYPOT
from .models import Delivery, Message


def create_message(**fields):
    """Store a message and its two pending deliveries; queue them once the transaction commits."""
    with transaction.atomic():
        message = Message.objects.create(**fields)
        Delivery.objects.bulk_create(
            [Delivery(message=message, kind=kind) for kind in Delivery.Kind.values]
        )
        transaction.on_commit(lambda: delivery.enqueue_all(message.pk))
    return message


def signed_in_user(request):
    """The account that sends a message: the signed-in user, or None for a visitor."""
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def submit_contact_form(form, liaison, request=None, source=Message.Source.PROFILE, programme=None):
    """A valid ContactForm becomes a message to ``liaison``, or, once they have left, to whoever
    answers for them (None: the general enquiries address). Raises ratelimit.RateLimited.
    ``programme``, when given, is the sender's known programme (the form then does not ask)."""
    data = form.cleaned_data
    ratelimit.enforce(request, data["email"])
    programme = programme or data.get("programme")
    return create_message(
        liaison=liaison.answering_librarian() if liaison is not None else None,
        sender_name=data["name"],
        sender_email=data["email"],
        sender_user=signed_in_user(request),
        programme=programme,
        sender_group=programme.name if programme else "",
        subject=data["subject"],
        body=data["message"],
        source=source,
    )


def format_value(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) or "—"
    if isinstance(value, datetime.datetime | datetime.date | decimal.Decimal):
        return value.isoformat() if not isinstance(value, decimal.Decimal) else str(value)
    return str(value)


def enquiry_body(form):
    """The editor's questions and the answers, as plain text lines."""
    lines = []
    for field in form.editor_fields():
        answer = format_value(form.cleaned_data.get(field.name))
        if "\n" in answer:
            lines.append(f"{field.label}:\n{answer}\n")
        else:
            lines.append(f"{field.label}: {answer}")
    return "\n".join(lines) or "(This form has no questions beyond name and email.)"


def submission_data(form):
    """cleaned_data in a JSON-friendly shape for Wagtail's FormSubmission."""
    data = {}
    for name, value in form.cleaned_data.items():
        if name == ENQUIRY_HONEYPOT:
            continue
        if name in ("programme", "department"):
            data[name] = str(value) if value else ""
        elif isinstance(value, datetime.datetime | datetime.date):
            data[name] = value.isoformat()
        elif isinstance(value, decimal.Decimal):
            data[name] = str(value)
        else:
            data[name] = value
    return data


def submit_enquiry(page, form, request=None):
    """An enquiry form submission: Wagtail's FormSubmission and a message, in one transaction."""
    data = form.cleaned_data
    ratelimit.enforce(request, data["sender_email"])
    programme = data.get("programme")
    department = data.get("department")
    group = programme.name if programme else (department.name if department else "")
    if not group and page.for_partners:
        group = str(data.get("organisation") or "")  # the partner's own answer, if asked
    with transaction.atomic():
        submission = page.get_submission_class().objects.create(
            form_data=submission_data(form), page=page
        )
        create_message(
            liaison=page.get_recipient(),
            sender_name=data["sender_name"],
            sender_email=data["sender_email"],
            sender_user=signed_in_user(request),
            programme=programme,
            sender_group=group[:200],
            subject=page.title[:200],
            body=enquiry_body(form),
            source=Message.Source.ENQUIRY,
            enquiry_page=page,
        )
    return submission


def reassign(message, liaison):
    """Give a message to another librarian and tell them (a fresh notification)."""
    with transaction.atomic():
        Message.objects.filter(pk=message.pk).update(liaison=liaison)
        message.liaison = liaison
        delivery.resend(message, kinds=(Delivery.Kind.NOTIFY,), force=True)
    return message


def retention_days():
    """How long a message is kept after it was sent (``INBOX_RETENTION_DAYS``)."""
    return settings.INBOX_RETENTION_DAYS


def purge_expired(now=None, dry_run=False):
    """Delete messages (and the records of their emails) older than the retention period.

    Returns how many messages were, or with ``dry_run`` would be, deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=retention_days())
    expired = Message.objects.filter(created_at__lt=cutoff)
    if dry_run:
        return expired.count()
    with transaction.atomic():
        count = expired.count()
        expired.delete()  # deliveries go with their message (CASCADE)
    return count
