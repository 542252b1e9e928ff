"""Interaction timelines: everything that happened between the library and one person, in order.

Each source is a function ``(subject, viewer) -> [Entry]``; ``STUDENT_SOURCES`` and
``ADDRESS_SOURCES`` list them, and consultations, outreach and feedback add theirs there as they
land. Messages pass through ``inbox.permissions.visible_messages``: a liaison sees the messages
addressed to them, never what the person wrote to another librarian; assignment changes (who
looked after the student, from when, why) are shown in full to whoever may open the timeline.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from inbox.models import Message
from inbox.permissions import visible_messages
from students.models import Assignment, SwitchRequest


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    kind: str  # "message", "assignment", "switch-request" (later "consultation", "outreach", …)
    title: str
    detail: str = ""
    url: str = ""


def _message_entries(messages):
    return [
        Entry(
            m.created_at,
            "message",
            f"Message: {m.subject}",
            f"To {m.liaison.title if m.liaison else 'general enquiries'} · {m.get_status_display()}"
            + (f" · first response {m.responded_at:%d %b %Y %H:%M}" if m.responded_at else ""),
            reverse("inbox:edit", args=[m.pk]),
        )
        for m in messages
    ]


def student_messages(student, viewer):
    if not student.user_id:
        return []
    messages = visible_messages(viewer, Message.objects.filter(sender_user_id=student.user_id))
    return _message_entries(messages.select_related("liaison").order_by("created_at")[:500])


def student_assignments(student, viewer):
    entries = []
    for a in Assignment.objects.filter(student=student).select_related("liaison", "created_by"):
        name = a.liaison.title if a.liaison else "a former librarian"
        entries.append(
            Entry(
                a.started_at,
                "assignment",
                f"Assigned to {name}",
                f"{a.get_kind_display()}: {a.reason}",
            )
        )
        if a.ended_at:
            entries.append(Entry(a.ended_at, "assignment", f"Left {name}"))
    return entries


def student_switch_requests(student, viewer):
    entries = []
    for s in SwitchRequest.objects.filter(student=student):
        entries.append(
            Entry(s.created_at, "switch-request", "Asked for another librarian", s.reason)
        )
        if s.decided_at:
            entries.append(
                Entry(
                    s.decided_at,
                    "switch-request",
                    f"Switch request {s.get_status_display().lower()}",
                    s.decision_note,
                )
            )
    return entries


def address_messages(address, viewer):
    messages = visible_messages(viewer, Message.objects.filter(sender_email=address))
    return _message_entries(messages.select_related("liaison").order_by("created_at")[:500])


# Consultations (bookings, outcomes), outreach (sends) and feedback add a source to each list.
STUDENT_SOURCES = [student_messages, student_assignments, student_switch_requests]
ADDRESS_SOURCES = [address_messages]


def build(subject, viewer, sources):
    entries = [entry for source in sources for entry in source(subject, viewer)]
    return sorted(entries, key=lambda e: e.when)


def for_student(student, viewer):
    return build(student, viewer, STUDENT_SOURCES)


def for_address(address, viewer):
    return build(address, viewer, ADDRESS_SOURCES)
