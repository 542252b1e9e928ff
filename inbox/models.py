"""Everything a visitor sends. A message is stored before anything is sent about it."""

from django.db import models
from django.utils import timezone


class Message(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        READ = "read", "Read"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"
        SPAM = "spam", "Spam"

    class Source(models.TextChoices):
        PROFILE = "profile", "Profile contact form"
        MY_LIBRARIAN = "my-librarian", "My librarian page"
        ENQUIRY = "enquiry", "Enquiry form"

    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage", null=True, on_delete=models.SET_NULL, related_name="messages"
    )
    sender_name = models.CharField(max_length=150)
    sender_email = models.EmailField(max_length=254)
    programme = models.ForeignKey(
        "taxonomy.Programme", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_group = models.CharField(
        max_length=200,
        blank=True,
        help_text="The sender's programme or department, for counting demand.",
    )
    subject = models.CharField(max_length=200)
    body = models.TextField(max_length=5000)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.PROFILE)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    notify_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} — {self.sender_name}"
