"""The emails about a booking, each with its iTIP calendar message: a ``text/calendar;
method=...`` alternative (what Outlook and Google read as an invitation) and the same file
attached as ``invite.ics`` (for every other program). The client's emails never carry the
librarian's private notes; nothing in them comes from the outcome fields at all."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone

from inbox.mail import MailError, header_safe

from . import ics, links
from .models import Notice
from .surveys import Survey


def _method(notice):
    return "CANCEL" if notice.kind == Notice.Kind.CANCEL else "REQUEST"


def subject_for(notice, booking):
    when = timezone.localtime(booking.start).strftime("%a %d %b %Y, %H:%M")
    if notice.kind == Notice.Kind.CANCEL:
        prefix = "Cancelled"
    elif notice.kind == Notice.Kind.REMINDER:
        prefix = "Reminder"
    elif booking.sequence:
        prefix = "Moved"
    else:
        prefix = "Booked"
    return header_safe(f"{prefix}: library consultation, {when}")


def survey_email(about):
    """The one survey about a booking or an answered message: the librarian's name, the date and
    the signed link, nothing else (not the private notes, not the message's own words)."""
    survey = Survey(about)
    context = {
        "survey": survey,
        "survey_url": links.survey_url(about),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    if survey.is_message:
        subject = f"How was {survey.liaison.title}'s answer to your message?"
    else:
        subject = f"How was your consultation with {survey.liaison.title}?"
    return EmailMultiAlternatives(
        subject=header_safe(subject),
        body=render_to_string("consultations/email/survey.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[survey.email],
    )


def build(notice, booking):
    if notice.kind == Notice.Kind.SURVEY:
        return survey_email(booking)
    to_liaison = notice.to == Notice.To.LIAISON
    method = _method(notice)
    context = {
        "notice": notice,
        "booking": booking,
        "to_liaison": to_liaison,
        "manage_url": links.manage_url(booking),
        "admin_url": f"{settings.WAGTAILADMIN_BASE_URL}/admin/consultations/",
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    body = render_to_string("consultations/email/notice.txt", context)
    recipient = booking.liaison.email if to_liaison else booking.client_email
    reply_to = booking.client_email if to_liaison else booking.liaison.email
    message = EmailMultiAlternatives(
        subject=subject_for(notice, booking),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
        reply_to=[reply_to],
    )
    calendar = ics.invitation(booking, method, for_liaison=to_liaison)
    message.attach_alternative(
        calendar.decode("utf-8"), f"text/calendar; method={method}; charset=utf-8"
    )
    message.attach("invite.ics", calendar, f"application/ics; method={method}")
    return message


def send(message, connection=None):
    try:
        message.connection = connection or get_connection(fail_silently=False)
        sent = message.send()
    except Exception as exc:  # SMTP errors, refused headers, encoding problems, timeouts
        raise MailError(f"{type(exc).__name__}: {exc}") from exc
    if not sent:
        raise MailError("The mail backend accepted nothing.")
    return sent
