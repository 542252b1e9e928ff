"""Student profiles and their librarian assignments: the only place student data lives.

An assignment is history, not a field: a student's current librarian is their one open assignment
(``ended_at`` is empty), and a librarian's load is the number of open assignments they hold.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Student(models.Model):
    class Level(models.TextChoices):
        YEAR_1 = "Year 1", "Year 1"
        YEAR_2 = "Year 2", "Year 2"
        YEAR_3 = "Year 3", "Year 3"
        YEAR_4 = "Year 4", "Year 4"
        YEAR_5 = "Year 5+", "Year 5 or later"
        POSTGRADUATE = "Postgraduate", "Postgraduate (taught)"
        DOCTORAL = "Doctoral", "Doctoral / research"
        OTHER = "Other", "Other"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student"
    )
    name = models.CharField("full name", max_length=150, blank=True)
    preferred_name = models.CharField(
        max_length=80, blank=True, help_text="What your librarian calls you, on pages and emails."
    )
    programme = models.ForeignKey(
        "taxonomy.Programme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="students",
    )
    level = models.CharField("level or year", max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The preferred name, else the full name, else the part of the email before the @."""
        if self.preferred_name:
            return self.preferred_name
        if self.name:
            return self.name
        return (self.user.email or "student").split("@", 1)[0]

    @property
    def staff_name(self):
        """How staff see the student: the full name, with the preferred name in brackets when it
        adds something ("Siobhán Ní Dhuibhir (Shiv)")."""
        if not self.name:
            return self.display_name
        if self.preferred_name and self.preferred_name not in self.name.split():
            return f"{self.name} ({self.preferred_name})"
        return self.name

    @property
    def email(self):
        return self.user.email

    def current_assignment(self):
        return (
            self.assignments.filter(ended_at__isnull=True)
            .select_related("liaison", "programme")
            .first()
        )


class Assignment(models.Model):
    """One period during which a librarian looked after a student, and why."""

    class Kind(models.TextChoices):
        AUTOMATIC = "automatic", "Automatic match"
        MANUAL = "manual", "Reassigned by a coordinator"
        REBALANCE = "rebalance", "Rebalance"
        PROGRAMME_CHANGE = "programme-change", "Programme change"
        SWITCH_REQUEST = "switch-request", "Switch request"
        IMPORT = "import", "Roster import"

    student = models.ForeignKey(
        Student,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
        help_text="Empty once the student deleted their account; the history stays.",
    )
    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage",
        null=True,
        on_delete=models.SET_NULL,
        related_name="student_assignments",
    )
    programme = models.ForeignKey(
        "taxonomy.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The student's programme when the assignment started (kept without the student).",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AUTOMATIC)
    reason = models.CharField(max_length=300)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["student"],
                condition=Q(ended_at__isnull=True),
                name="one_open_assignment_per_student",
            )
        ]
        indexes = [
            models.Index(fields=["liaison", "ended_at"], name="assignment_load_idx"),
            # Cover the evidence figures, so they read an index instead of every assignment:
            # students per month-end and assignments started and ended in a period, per
            # librarian (read in librarian order, so grouping needs no sort) ...
            models.Index(
                fields=["liaison", "started_at", "ended_at"], name="assignment_history_idx"
            ),
            # ... and students per programme now (by end, then programme).
            models.Index(
                fields=["ended_at", "programme", "liaison", "started_at"],
                name="assignment_ended_idx",
            ),
        ]

    def __str__(self):
        return f"{self.student or 'deleted student'} → {self.liaison or 'no librarian'}"

    @property
    def is_open(self):
        return self.ended_at is None


class SwitchRequest(models.Model):
    """A student asking for another librarian; a coordinator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        CLOSED = "closed", "Closed: librarian changed"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="switch_requests")
    from_liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignment = models.ForeignKey(
        Assignment,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="switch_requests",
        help_text="The assignment the student asked to leave; deciding acts on this one only.",
    )
    reason = models.TextField(max_length=1000)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.CharField(max_length=300, blank=True)
    result = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Switch request from {self.student}"
