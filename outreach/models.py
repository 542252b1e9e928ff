"""Proactive outreach: the academic calendar, campaigns (with their segment and timing), each
liaison's adaptation of a coordinator's campaign, one send record per recipient, and each
student's outreach preferences (digest frequency, unsubscribed, the opaque unsubscribe token).

The rules live in plain modules beside this one: who receives a campaign (``segments``), what each
recipient reads (``merge``), when a campaign is due (``calendar``) and how it is sent exactly once
(``delivery``).
"""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.fields import RichTextField

BODY_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class Term(models.Model):
    """One term of the academic calendar; campaigns are timed relative to its teaching weeks."""

    class Kind(models.TextChoices):
        AUTUMN = "autumn", "Autumn"
        SPRING = "spring", "Spring"
        SUMMER = "summer", "Summer"

    name = models.CharField(max_length=80, help_text="For example: Autumn 2026.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start = models.DateField(help_text="The first day of teaching week 1.")
    end = models.DateField(help_text="The last day of the term, exams included.")
    teaching_weeks = models.PositiveSmallIntegerField(default=11)
    exam_start = models.DateField("exam period starts", null=True, blank=True)
    exam_end = models.DateField("exam period ends", null=True, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="term_ends")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The term must end after it starts."})
        if self.teaching_weeks is not None and not 1 <= self.teaching_weeks <= 52:
            raise ValidationError({"teaching_weeks": "Between 1 and 52 weeks."})
        if bool(self.exam_start) != bool(self.exam_end):
            raise ValidationError("Give both ends of the exam period, or neither.")
        if self.exam_start and self.exam_end:
            if self.exam_end < self.exam_start:
                raise ValidationError({"exam_end": "The exam period must end after it starts."})
            if self.start and self.end and not (self.start <= self.exam_start <= self.end):
                raise ValidationError({"exam_start": "The exam period falls inside the term."})


class Campaign(models.Model):
    """An email to a segment of students, sent from each student's own librarian.

    A coordinator's campaign (no ``liaison``) may reach any student; a liaison's campaign only
    reaches that liaison's currently assigned students (``segments.recipients`` enforces both).
    """

    class Kind(models.TextChoices):
        CAMPAIGN = "campaign", "Campaign"
        MESSAGE = "message", "One-off message"
        DIGEST = "digest", "Digest"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    class Timing(models.TextChoices):
        NOW = "now", "Send as soon as it is scheduled"
        AT = "at", "At a date and time"
        TERM = "term", "Relative to the academic calendar"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CAMPAIGN)
    title = models.CharField(
        "internal name", max_length=150, help_text="Only staff see this, in lists and reports."
    )
    subject = models.CharField(
        max_length=200, help_text="Merge fields work here too, e.g. {{ preferred_name }}."
    )
    body = RichTextField(
        features=BODY_FEATURES,
        help_text=(
            "Merge fields: {{ preferred_name }}, {{ programme }}, {{ librarian_name }}, "
            "{{ librarian_photo }}, {{ booking_link }}, {{ programme_guides }}."
        ),
    )
    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="outreach_campaigns",
        help_text="The librarian whose campaign this is; empty for a programme-wide campaign.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    # The segment: every condition given must hold (an empty one does not narrow).
    programmes = models.ManyToManyField("taxonomy.Programme", blank=True, related_name="+")
    levels = models.JSONField(
        default=list, blank=True, help_text="Programme levels (undergraduate, graduate…)."
    )
    years = models.JSONField(default=list, blank=True, help_text="Years of study (Year 1…).")
    matched_within_days = models.PositiveIntegerField(
        "newly matched within (days)",
        null=True,
        blank=True,
        help_text="Only students matched to their librarian in the last N days.",
    )
    pages = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        help_text="For a digest: the posts and guides it lists.",
    )

    # When
    timing = models.CharField(max_length=10, choices=Timing.choices, default=Timing.NOW)
    send_at = models.DateTimeField(null=True, blank=True)
    term_kind = models.CharField(max_length=10, choices=Term.Kind.choices, blank=True)
    term_week = models.PositiveSmallIntegerField("teaching week", null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, null=True, blank=True)
    time_of_day = models.TimeField(null=True, blank=True)

    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    scheduled_for = models.DateTimeField(null=True, blank=True, db_index=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.timing == self.Timing.AT and not self.send_at:
            raise ValidationError({"send_at": "Choose when to send it."})
        if self.timing == self.Timing.TERM:
            missing = [
                name
                for name in ("term_kind", "term_week", "weekday", "time_of_day")
                if getattr(self, name) in (None, "")
            ]
            if missing:
                raise ValidationError(
                    dict.fromkeys(missing, "Needed for a campaign timed by the calendar.")
                )
            if not 1 <= self.term_week <= 52:
                raise ValidationError({"term_week": "A teaching week from 1 to 52."})

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.SCHEDULED)


class Adaptation(models.Model):
    """A liaison's own wording of a coordinator's campaign, used for that liaison's students."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="adaptations")
    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage", on_delete=models.CASCADE, related_name="outreach_adaptations"
    )
    subject = models.CharField(max_length=200, blank=True, help_text="Empty: the original subject.")
    body = RichTextField(features=BODY_FEATURES, help_text="The same merge fields work here.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "liaison"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "liaison"], name="one_adaptation_each")
        ]

    def __str__(self):
        return f"{self.campaign} ({self.liaison})"


class Send(models.Model):
    """One recipient of one campaign: claimed exactly once, then sent, failed or skipped."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        UNSUBSCRIBED = "unsubscribed", "Unsubscribed"

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sends")
    student = models.ForeignKey(
        "students.Student", on_delete=models.CASCADE, related_name="outreach_sends"
    )
    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The librarian it goes out from: the student's own when it was queued.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "student"], name="one_send_per_student")
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="outreach_send_status_idx")]

    def __str__(self):
        return f"{self.campaign} → {self.student_id} ({self.status})"


DIGEST_GAPS = {
    # a little under a week and a month, so a digest sent on the same weekday always goes
    "weekly": datetime.timedelta(days=6),
    "monthly": datetime.timedelta(days=27),
}


def new_token():
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """A student's outreach preferences. Absent means the defaults (subscribed, monthly digest)."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        NEVER = "never", "Never"

    student = models.OneToOneField(
        "students.Student", on_delete=models.CASCADE, related_name="outreach_subscription"
    )
    digest_frequency = models.CharField(
        "news digests",
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.MONTHLY,
        help_text="How often your librarian may send you a digest of new guides and posts.",
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    def __str__(self):
        return f"Outreach preferences of {self.student_id}"

    @property
    def is_unsubscribed(self):
        return self.unsubscribed_at is not None

    def wants_digest(self, now):
        """Whether a digest may go now: never for "never", at most one a week or a month."""
        gap = DIGEST_GAPS.get(self.digest_frequency)
        if gap is None:
            return False
        return self.last_digest_at is None or self.last_digest_at <= now - gap
