"""The edge where the inbox talks to the outside: building and sending its two emails.

``send()`` turns every transport problem into ``MailError`` so the tasks handle one exception type;
tests swap the transport through ``settings.EMAIL_BACKEND`` and nothing else.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

HEADER_BREAKS = str.maketrans(dict.fromkeys("\r\n\x0b\x0c\x85\u2028\u2029\x00", " "))


class MailError(Exception):
    """An email could not be handed to the mail server."""


@dataclass(frozen=True)
class Email:
    subject: str
    body: str
    to: str
    reply_to: str | None = None


def header_safe(value, limit=200):
    """One line, whatever came in: forms already refuse line breaks, this is the second lock."""
    return " ".join(str(value).translate(HEADER_BREAKS).split())[:limit]


def send(email: Email, connection=None):
    """Hand one email to the configured backend; raise MailError on any failure."""
    try:
        message = EmailMessage(
            subject=header_safe(email.subject),
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
            reply_to=[email.reply_to] if email.reply_to else None,
            connection=connection or get_connection(fail_silently=False),
        )
        sent = message.send()
    except MailError:
        raise
    except Exception as exc:  # SMTP errors, refused headers, encoding problems, timeouts
        raise MailError(f"{type(exc).__name__}: {exc}") from exc
    if not sent:
        raise MailError("The mail backend accepted nothing.")
    return sent


# --- The two emails -----------------------------------------------------------------------------


def notification_email(message, recipient, reply_time):
    liaison_name = message.liaison.title if message.liaison else "the liaison team"
    group = message.sender_group or "not given"
    source = message.get_source_display().lower()
    lines = [
        f"Hello {liaison_name},",
        "",
        f"{message.sender_name} <{message.sender_email}> sent a message through the {source}.",
        f"Programme or department: {group}",
        f"Subject: {message.subject}",
        "",
        message.body,
        "",
        "—",
        "Reply to this email to answer the sender directly.",
        f"Senders are told to expect a reply within {reply_time}.",
        f"Manage it in your inbox: {settings.WAGTAILADMIN_BASE_URL}/admin/inbox/",
    ]
    return Email(
        subject=f"[Library enquiry] {message.subject}",
        body="\n".join(lines) + "\n",
        to=recipient,
        reply_to=message.sender_email,
    )


def acknowledgement_email(message, reply_time):
    if message.liaison:
        who = f"your librarian, {message.liaison.title}"
    else:
        who = "the library's liaison team"
    lines = [
        f"Dear {message.sender_name},",
        "",
        f"Thank you for your message “{message.subject}”. It has reached {who}.",
        f"You can expect a reply within {reply_time}.",
        "",
        "You do not need to send it again. For reference, this is what you wrote:",
        "",
        message.body,
        "",
        f"— {settings.WAGTAIL_SITE_NAME}",
    ]
    return Email(
        subject=f"We have received your message: {message.subject}",
        body="\n".join(lines) + "\n",
        to=message.sender_email,
    )
