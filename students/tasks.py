"""Emails about a student's librarian, sent after the change is committed (never during sign-up)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from liaison_pages.models import LiaisonPage

from .models import Assignment

logger = logging.getLogger(__name__)


def _site_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(subject, template, context, to, reply_to=None):
    body = render_to_string(
        template, {**context, "my_librarian_url": _site_url(reverse("students:my_librarian"))}
    )
    message = EmailMessage(
        subject=f"[Library] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=to,
        reply_to=reply_to,
    )
    try:
        message.send()
    except Exception as exc:  # a transport failure must not undo the match
        logger.warning("Could not send %r to %s: %s", subject, to, exc)
        return False
    return True


@task()
def send_welcome_emails(assignment_ids):
    """Introduce each newly matched student to their librarian. Returns how many were sent."""
    sent = 0
    assignments = Assignment.objects.filter(
        pk__in=assignment_ids, ended_at__isnull=True, student__isnull=False
    ).select_related("student__user", "student__programme", "liaison")
    for assignment in assignments.iterator(chunk_size=500):
        student, liaison = assignment.student, assignment.liaison
        if liaison is None or not student.user.email:
            continue
        sent += _send(
            f"Meet your personal librarian, {liaison.title}",
            "students/email/welcome.txt",
            {"student": student, "liaison": liaison, "assignment": assignment},
            [student.user.email],
            reply_to=[liaison.email],
        )
    return sent


@task()
def send_handoff_emails(assignment_id, previous_liaison_id):
    """Introduce the new librarian to the student and tell both librarians."""
    assignment = (
        Assignment.objects.filter(pk=assignment_id, student__isnull=False)
        .select_related("student__user", "student__programme", "liaison")
        .first()
    )
    if assignment is None or assignment.liaison is None:
        return 0
    previous = LiaisonPage.objects.filter(pk=previous_liaison_id).first()
    context = {
        "student": assignment.student,
        "liaison": assignment.liaison,
        "previous": previous,
        "assignment": assignment,
    }
    sent = _send(
        f"Your personal librarian is now {assignment.liaison.title}",
        "students/email/handoff_student.txt",
        context,
        [assignment.student.user.email],
        reply_to=[assignment.liaison.email],
    )
    sent += _send(
        f"New student: {assignment.student.staff_name}",
        "students/email/handoff_new_liaison.txt",
        context,
        [assignment.liaison.email],
    )
    if previous is not None and previous.pk != assignment.liaison_id:
        sent += _send(
            f"{assignment.student.staff_name} now has another librarian",
            "students/email/handoff_previous_liaison.txt",
            context,
            [previous.email],
        )
    return sent
