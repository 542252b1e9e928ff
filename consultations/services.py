"""The adapter around ``slots.free_slots``: read a librarian's availability and bookings, book,
reschedule and cancel inside one transaction that locks the librarian's availability row, and
queue the emails once it commits. Views call these and only translate the results."""

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from inbox.models import Message

from . import slots, tasks
from .models import Availability, Booking, ClosedDay, Notice, SurveyOptOut


class SlotTaken(Exception):  # noqa: N818 - what the person is told
    """The slot is no longer free; ``next_slots`` are the nearest free ones now."""

    def __init__(self, next_slots):
        self.next_slots = next_slots
        super().__init__("That time has just been taken.")


def library_tz():
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def bookable(liaison):
    """The active availability of a librarian who takes bookings through the portal, or None
    (no availability, switched off, the librarian has left, or an external booking link)."""
    if liaison is None or liaison.booking_url or not liaison.is_active:
        return None
    availability = Availability.objects.filter(liaison=liaison, is_active=True).first()
    return availability


def free_slots_for(availability, now=None, exclude=None):
    """The free slots of one librarian now: five queries (rules, exceptions, closed days,
    bookings), whatever the number of bookings."""
    now = now or timezone.now()
    tz = library_tz()
    policy = availability.policy()
    today = now.astimezone(tz).date()
    # bookings from the start of this week count towards the caps
    since = today - timedelta(days=today.weekday() + 1)
    last = today + timedelta(days=policy.window_days + 1)
    standing = Booking.objects.filter(
        liaison_id=availability.liaison_id,
        status=Booking.Status.CONFIRMED,
        start__date__gte=since,
        start__date__lte=last,
    )
    if exclude is not None:
        standing = standing.exclude(pk=exclude.pk)
    busy = [
        slots.Busy(*row) for row in standing.values_list("start", "end", "block_start", "block_end")
    ]
    return slots.free_slots(
        [rule.as_rule() for rule in availability.rules.all()],
        [e.as_exception() for e in availability.exceptions.filter(date__gte=today, date__lte=last)],
        ClosedDay.objects.filter(date__gte=today, date__lte=last).values_list("date", flat=True),
        busy,
        now,
        policy,
        tz,
    )


def _locked(availability_id):
    return (
        Availability.objects.select_for_update().select_related("liaison").get(pk=availability_id)
    )


def _place(booking, slot, availability):
    booking.start, booking.end = slot.start, slot.end
    booking.block_start = slot.start - timedelta(minutes=availability.buffer_before_minutes)
    booking.block_end = slot.end + timedelta(minutes=availability.buffer_after_minutes)
    booking.mode, booking.location = slot.mode, slot.where


def book(
    availability,
    start,
    *,
    topic,
    client_name,
    client_email,
    programme=None,
    course="",
    client_user=None,
    now=None,
):
    """Book the free slot starting at ``start`` (aware) or raise ``SlotTaken``."""
    try:
        with transaction.atomic():
            availability = _locked(availability.pk)
            free = free_slots_for(availability, now)
            slot = slots.is_free(start, free)
            if slot is None or not availability.is_active:
                raise SlotTaken(free[:5])
            booking = Booking(
                liaison=availability.liaison,
                topic=topic,
                client_name=client_name,
                client_email=client_email,
                programme=programme,
                course=course,
                client_user=client_user,
            )
            _place(booking, slot, availability)
            booking.save()
            queue(booking, Notice.Kind.REQUEST)
    except IntegrityError:
        # the database's own guard (another process booked it between our check and our write)
        raise SlotTaken(free_slots_for(availability, now)[:5]) from None
    return booking


def reschedule(booking, start, now=None):
    """Move a standing booking to another free slot: same UID, SEQUENCE + 1."""
    availability = Availability.objects.get(liaison_id=booking.liaison_id)
    try:
        with transaction.atomic():
            availability = _locked(availability.pk)
            booking = Booking.objects.select_for_update().get(pk=booking.pk)
            if booking.is_cancelled:
                raise SlotTaken([])
            free = free_slots_for(availability, now, exclude=booking)
            slot = slots.is_free(start, free)
            if slot is None:
                raise SlotTaken(free[:5])
            _place(booking, slot, availability)
            booking.sequence += 1
            booking.reminder_sent_at = None
            booking.save()
            queue(booking, Notice.Kind.REQUEST)
    except IntegrityError:
        raise SlotTaken(free_slots_for(availability, now, exclude=booking)[:5]) from None
    return booking


def cancel(booking, now=None):
    """Cancel a standing booking (the slot is free again): SEQUENCE + 1, METHOD:CANCEL to both.
    Returns False when it was cancelled already."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.is_cancelled:
            return False
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now or timezone.now()
        booking.sequence += 1
        booking.save(update_fields=["status", "cancelled_at", "sequence"])
        queue(booking, Notice.Kind.CANCEL)
    return booking


def queue(booking, kind, to=(Notice.To.CLIENT, Notice.To.LIAISON)):
    """Store the notices for this version of the booking and send them once the transaction
    commits (nothing is sent about a booking that was not stored)."""
    notices = [
        Notice.objects.get_or_create(
            booking=booking, kind=kind, to=recipient, sequence=booking.sequence
        )[0]
        for recipient in to
    ]
    for notice in notices:
        transaction.on_commit(lambda pk=notice.pk: tasks.schedule(pk))
    return notices


# --- The survey after an attended consultation or an answered message ---------------------------


def declined_surveys(email):
    return SurveyOptOut.objects.filter(email__iexact=email).exists()


def decline_surveys(email):
    SurveyOptOut.objects.get_or_create(email=email.lower())


def _ask(**about):
    """Queue the one survey notice about this booking or message, once."""
    with transaction.atomic():
        notice, created = Notice.objects.get_or_create(
            **about, kind=Notice.Kind.SURVEY, to=Notice.To.CLIENT, sequence=0
        )
        if created:
            transaction.on_commit(lambda pk=notice.pk: tasks.schedule(pk))
    return notice if created else None


def ask_for_feedback(booking):
    """After an attended consultation: one survey to the client, unless they declined surveys or
    were asked already. Returns the notice, or None."""
    if booking.outcome != Booking.Outcome.ATTENDED:
        return None
    if declined_surveys(booking.client_email):
        return None
    if Notice.objects.filter(booking=booking, kind=Notice.Kind.SURVEY).exists():
        return None
    return _ask(booking=booking)


def survey_window():
    """How long after a first answer a message may still bring its survey: an old message saved
    again (reassigned, reopened) must not surprise its sender months later."""
    return timedelta(days=int(getattr(settings, "CONSULTATIONS_MESSAGE_SURVEY_DAYS", 14)))


def ask_about_answer(message, now=None):
    """After a librarian answers an inbox message: the same one survey to the sender, once per
    message, unless they declined surveys. Messages nobody is assigned to, and messages closed
    without an answer, bring none. Returns the notice, or None."""
    now = now or timezone.now()
    if message.status != Message.Status.ANSWERED or message.liaison_id is None:
        return None
    if message.responded_at is None or message.responded_at < now - survey_window():
        return None
    if declined_surveys(message.sender_email):
        return None
    if Notice.objects.filter(message=message, kind=Notice.Kind.SURVEY).exists():
        return None
    return _ask(message=message)
