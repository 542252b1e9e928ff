"""Consultations: each librarian's availability, the library's closed days, and bookings.

``Availability`` (one per librarian, edited in the admin with its weekly rules and exceptions)
says when a librarian can meet; ``slots.free_slots`` turns it into free slots; a ``Booking`` is
one meeting. Times are stored in UTC and shown in the library's time zone (``TIME_ZONE``).

Never double-booked: inside the booking transaction the librarian's availability row is locked
and the slot checked again; under that, the database refuses a second standing booking of a
meeting that overlaps another of the same librarian (an exclusion constraint over the time
range on PostgreSQL, added in migration 0002; a unique (librarian, start) row on SQLite, where
writes are serialised anyway).
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from . import slots


class Mode(models.TextChoices):
    IN_PERSON = slots.IN_PERSON, "In person"
    ONLINE = slots.ONLINE, "Online"
    PHONE = slots.PHONE, "Phone"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


def new_feed_token():
    return secrets.token_urlsafe(24)


class Availability(ClusterableModel):
    """When one librarian takes consultations, and on what terms."""

    liaison = models.OneToOneField(
        "liaison_pages.LiaisonPage",
        on_delete=models.CASCADE,
        related_name="availability",
        verbose_name="librarian",
    )
    is_active = models.BooleanField(
        "taking bookings",
        default=True,
        help_text="Untick to stop new bookings; booked meetings stay.",
    )
    slot_minutes = models.PositiveSmallIntegerField(
        "meeting length (minutes)",
        default=30,
        validators=[MinValueValidator(15), MaxValueValidator(120)],
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        "free before each meeting (minutes)", default=0, validators=[MaxValueValidator(120)]
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(
        "free after each meeting (minutes)", default=10, validators=[MaxValueValidator(120)]
    )
    notice_hours = models.PositiveSmallIntegerField(
        "minimum notice (hours)",
        default=24,
        validators=[MaxValueValidator(24 * 14)],
        help_text="Nobody can book a meeting starting sooner than this.",
    )
    window_days = models.PositiveSmallIntegerField(
        "booking window (days)",
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text="How far ahead people can book.",
    )
    max_per_day = models.PositiveSmallIntegerField(
        "at most per day", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    max_per_week = models.PositiveSmallIntegerField(
        "at most per week", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    reminder_hours = models.PositiveSmallIntegerField(
        "reminder (hours before)",
        default=24,
        validators=[MaxValueValidator(24 * 7)],
        help_text="0 sends no reminder.",
    )
    feed_token = models.CharField(max_length=64, default=new_feed_token, editable=False)

    panels = [
        FieldPanel("liaison"),
        FieldPanel("is_active"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("slot_minutes"), FieldPanel("notice_hours")]),
                FieldRowPanel(
                    [FieldPanel("buffer_before_minutes"), FieldPanel("buffer_after_minutes")]
                ),
                FieldRowPanel([FieldPanel("window_days"), FieldPanel("reminder_hours")]),
                FieldRowPanel([FieldPanel("max_per_day"), FieldPanel("max_per_week")]),
            ],
            heading="Terms",
        ),
        InlinePanel("rules", heading="Weekly hours", label="Hours"),
        InlinePanel("exceptions", heading="Exceptions (leave, holidays, extra hours)"),
    ]

    class Meta:
        verbose_name = "availability"
        verbose_name_plural = "availability"

    def __str__(self):
        return f"Availability of {self.liaison.title}"

    def renew_feed_token(self):
        """A new secret feed address; the old one stops working at once."""
        self.feed_token = new_feed_token()
        self.save(update_fields=["feed_token"])
        return self.feed_token

    def policy(self):
        return slots.Policy(
            slot_minutes=self.slot_minutes,
            buffer_before=self.buffer_before_minutes,
            buffer_after=self.buffer_after_minutes,
            notice_minutes=self.notice_hours * 60,
            window_days=self.window_days,
            max_per_day=self.max_per_day,
            max_per_week=self.max_per_week,
        )


class AvailabilityRule(Orderable):
    availability = ParentalKey(Availability, on_delete=models.CASCADE, related_name="rules")
    weekday = models.PositiveSmallIntegerField("day", choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField(
        "room or meeting link", max_length=255, blank=True, help_text="Sent only to who books."
    )

    panels = [
        FieldRowPanel(
            [FieldPanel("weekday"), FieldPanel("start"), FieldPanel("end"), FieldPanel("mode")]
        ),
        FieldPanel("location"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "weekly hours"

    def __str__(self):
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end time must be after the start time."})

    def as_rule(self):
        return slots.Rule(self.weekday, self.start, self.end, self.mode, self.location)


class AvailabilityException(Orderable):
    class Kind(models.TextChoices):
        CLOSED = "closed", "Not available"
        EXTRA = "extra", "Extra hours"

    availability = ParentalKey(Availability, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLOSED)
    start = models.TimeField(
        null=True, blank=True, help_text="Empty with 'not available': all day."
    )
    end = models.TimeField(null=True, blank=True)
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField("room or meeting link", max_length=255, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("mode")]),
        FieldPanel("location"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "exception"

    def __str__(self):
        return f"{self.date}: {self.get_kind_display()}"

    def clean(self):
        if (self.start is None) != (self.end is None):
            raise ValidationError("Give both a start and an end time, or neither.")
        if self.kind == self.Kind.EXTRA and self.start is None:
            raise ValidationError({"start": "Extra hours need a start and an end time."})
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The end time must be after the start time."})

    def as_exception(self):
        return slots.DateException(
            self.date,
            closed=self.kind == self.Kind.CLOSED,
            start=self.start,
            end=self.end,
            mode=self.mode,
            where=self.location,
        )


class ClosedDay(models.Model):
    """A day the whole library is closed: nobody can book a consultation on it."""

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d %b %Y}" + (f" ({self.reason})" if self.reason else "")


class Booking(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Confirmed"
        CANCELLED = "cancelled", "Cancelled"

    class Outcome(models.TextChoices):
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no-show", "No-show"
        CANCELLED_LATE = "cancelled-late", "Cancelled late"

    class Type(models.TextChoices):
        RESEARCH = "research", "Research help"
        INSTRUCTION = "instruction", "Instruction"
        DATA = "data", "Data"
        SYSTEMATIC_REVIEW = "systematic-review", "Systematic review"
        OTHER = "other", "Other"

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage",
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name="librarian",
    )
    start = models.DateTimeField(db_index=True)
    end = models.DateTimeField()
    # the meeting with the librarian's buffers: what no other standing booking may overlap
    block_start = models.DateTimeField(editable=False)
    block_end = models.DateTimeField(editable=False)
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.CharField("room or meeting link", max_length=255, blank=True)
    topic = models.CharField(max_length=200)
    programme = models.ForeignKey(
        "taxonomy.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    course = models.CharField("course or module", max_length=120, blank=True)
    client_name = models.CharField("name", max_length=150)
    client_email = models.EmailField("email", max_length=254)
    client_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultations",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.CONFIRMED, db_index=True
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    consultation_type = models.CharField("type", max_length=20, choices=Type.choices, blank=True)
    private_notes = models.TextField(
        blank=True, max_length=5000, help_text="Only you and coordinators see these; never sent."
    )

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["liaison", "start"],
                condition=Q(status="confirmed"),
                name="consultations_one_booking_per_slot",
            ),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="consultations_ends_after_start"
            ),
        ]
        indexes = [
            # Covers the evidence figures (consultations per month, type and outcome, for one
            # librarian or all) for a period, so they read this index instead of every booking.
            models.Index(
                fields=["start", "liaison", "status", "outcome", "consultation_type"],
                name="consultations_evidence_idx",
            )
        ]

    def __str__(self):
        return f"{self.topic} — {self.client_name} ({self.start:%Y-%m-%d %H:%M} UTC)"

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    def as_busy(self):
        return slots.Busy(self.start, self.end, self.block_start, self.block_end)


# a notice or an answer is about a booking or an inbox message, never both, never neither
ABOUT_ONE_THING = Q(booking__isnull=False, message__isnull=True) | Q(
    booking__isnull=True, message__isnull=False
)


class Notice(models.Model):
    """One email about a booking (an invitation, update, cancellation, reminder or survey to one
    side), or the survey after an answered inbox message, sent through the task pipeline like the
    inbox's deliveries: claimed with a conditional UPDATE, retried with backoff, failed for good
    after ``INBOX_MAX_ATTEMPTS``. A notice is about a booking or a message, never both."""

    class Kind(models.TextChoices):
        REQUEST = "request", "Invitation or update"
        CANCEL = "cancel", "Cancellation"
        REMINDER = "reminder", "Reminder"
        SURVEY = "survey", "Feedback survey"

    class To(models.TextChoices):
        CLIENT = "client", "Client"
        LIAISON = "liaison", "Librarian"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    message = models.ForeignKey(
        "inbox.Message",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_notices",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    to = models.CharField(max_length=10, choices=To.choices)
    sequence = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "kind", "to", "sequence"], name="consultations_one_notice"
            ),
            models.UniqueConstraint(
                fields=["message", "kind", "to"],
                condition=Q(message__isnull=False),
                name="consultations_one_notice_per_message",
            ),
            models.CheckConstraint(
                condition=ABOUT_ONE_THING,
                name="consultations_notice_about_one_thing",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.get_to_display()} ({self.status})"


class Feedback(models.Model):
    """The client's answer to the one survey after an attended consultation or an answered inbox
    message. ``liaison`` is the librarian it is about, kept from when it was given (a message may
    be reassigned later); the comment is seen only by that librarian and coordinators. An
    answer goes with its message when the inbox's retention period deletes the message."""

    booking = models.OneToOneField(
        Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    message = models.OneToOneField(
        "inbox.Message",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_answers",
        verbose_name="librarian",
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "feedback"
        constraints = [
            models.CheckConstraint(
                condition=ABOUT_ONE_THING,
                name="consultations_feedback_about_one_thing",
            ),
        ]

    def __str__(self):
        about = f"booking {self.booking_id}" if self.booking_id else f"message {self.message_id}"
        return f"{self.rating}/5 for {about}"

    def save(self, *args, **kwargs):
        if self.liaison_id is None:
            self.liaison_id = (self.booking or self.message).liaison_id
        return super().save(*args, **kwargs)


class SurveyOptOut(models.Model):
    """An address that asked for no more surveys."""

    email = models.EmailField(max_length=254, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.email
