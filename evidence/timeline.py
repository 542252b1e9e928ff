"""Interaction timelines: everything that happened between the library and one person, in order.

Each source is a function ``(subject, viewer) -> [Entry]``; ``STUDENT_SOURCES`` and
``ADDRESS_SOURCES`` list them. Each source shows only rows the viewer may see elsewhere in the
admin: messages pass through ``inbox.permissions.visible_messages`` and consultations (with their
feedback) through ``consultations.permissions.visible``, so a liaison sees what was addressed to
them or booked with them, never what the person wrote to or booked with another librarian;
outreach received shows a liaison the emails that went out from them (coordinators see all).
Assignment changes (who looked after the student, from when, why) are shown in full to whoever may
open the timeline. Each source is one query, however long the history.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from consultations.models import Booking
from consultations.permissions import visible as visible_bookings
from core.roles import is_coordinator, liaison_for
from inbox.models import Message
from inbox.permissions import visible_messages
from outreach.models import Send
from students.models import Assignment, SwitchRequest

LIMIT = 500  # per source: a timeline longer than this is a case for the full listings


@dataclass(frozen=True)
class Entry:
    when: datetime.datetime
    kind: str  # "message", "assignment", "switch-request", "consultation", "feedback", "outreach"
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
    return _message_entries(messages.select_related("liaison").order_by("created_at")[:LIMIT])


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
    return _message_entries(messages.select_related("liaison").order_by("created_at")[:LIMIT])


def _booking_entries(bookings):
    """A consultation at the time of the meeting, and its feedback when it came in."""
    entries = []
    for b in bookings:
        if b.outcome:
            state = b.get_outcome_display()
        elif b.is_cancelled:
            state = "Cancelled"
        else:
            state = "Booked"
        entries.append(
            Entry(
                b.start,
                "consultation",
                f"Consultation: {b.topic}",
                " · ".join(
                    part
                    for part in (
                        f"With {b.liaison.title}",
                        b.get_mode_display(),
                        b.get_consultation_type_display(),
                        state,
                    )
                    if part
                ),
                reverse("consultation_bookings:edit", args=[b.pk]),
            )
        )
        feedback = getattr(b, "feedback", None)
        if feedback is not None:
            entries.append(
                Entry(
                    feedback.created_at,
                    "feedback",
                    f"Feedback: rated {feedback.rating} of 5",
                    feedback.comment,
                )
            )
    return entries


def _bookings(viewer, rule):
    bookings = visible_bookings(viewer, Booking.objects.filter(rule))
    return _booking_entries(
        bookings.select_related("liaison", "feedback").order_by("start", "pk")[:LIMIT]
    )


def student_consultations(student, viewer):
    """Consultations the student booked, signed in or with their account's address."""
    if not student.user_id:
        return []
    rule = Q(client_user_id=student.user_id)
    if student.user.email:
        rule |= Q(client_email__iexact=student.user.email)
    return _bookings(viewer, rule)


def address_consultations(address, viewer):
    return _bookings(viewer, Q(client_email__iexact=address))


def visible_sends(viewer, queryset):
    """Outreach emails this user may see went out: coordinators all, a liaison their own."""
    if is_coordinator(viewer):
        return queryset
    liaison = liaison_for(viewer)
    return queryset.filter(liaison=liaison) if liaison else queryset.none()


def _send_entries(sends):
    return [
        Entry(
            s.sent_at,
            "outreach",
            f"Outreach received: {s.campaign.subject}",
            f"{s.campaign.get_kind_display()} “{s.campaign.title}”, from "
            + (s.liaison.title if s.liaison_id else "a former librarian"),
            reverse("outreach_campaign:send", args=[s.campaign_id]),
        )
        for s in sends
    ]


def _sends(viewer, queryset):
    sends = visible_sends(viewer, queryset.filter(status=Send.Status.SENT, sent_at__isnull=False))
    return _send_entries(
        sends.select_related("campaign", "liaison").order_by("sent_at", "pk")[:LIMIT]
    )


def student_outreach(student, viewer):
    return _sends(viewer, Send.objects.filter(student=student))


def address_outreach(address, viewer):
    return _sends(viewer, Send.objects.filter(student__user__email__iexact=address))


STUDENT_SOURCES = [
    student_messages,
    student_assignments,
    student_switch_requests,
    student_consultations,
    student_outreach,
]
ADDRESS_SOURCES = [address_messages, address_consultations, address_outreach]


def build(subject, viewer, sources):
    entries = [entry for source in sources for entry in source(subject, viewer)]
    return sorted(entries, key=lambda e: e.when)


def for_student(student, viewer):
    return build(student, viewer, STUDENT_SOURCES)


def for_address(address, viewer):
    return build(address, viewer, ADDRESS_SOURCES)
