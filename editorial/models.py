"""Editorial records: who was deactivated, by whom, and whether their students still need moving."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class LiaisonDeactivation(models.Model):
    """A liaison who left or paused. Their pages stay published; their students need rebalancing
    until a coordinator moves them (``students.services.rebalance``) and the flag is resolved."""

    liaison = models.ForeignKey(
        "liaison_pages.LiaisonPage", on_delete=models.CASCADE, related_name="deactivations"
    )
    deactivated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deactivated_at = models.DateTimeField(default=timezone.now)
    transferred_to = models.ForeignKey(
        "liaison_pages.LiaisonPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The librarian who took over their guides and posts, if any.",
    )
    pages_transferred = models.PositiveIntegerField(default=0)
    students_to_rebalance = models.PositiveIntegerField(
        default=0, help_text="Open assignments when the liaison was deactivated."
    )
    rebalanced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-deactivated_at", "-pk"]
        permissions = [("manage_liaisons", "Can add and deactivate liaison librarians")]

    def __str__(self):
        return f"{self.liaison} deactivated {self.deactivated_at:%Y-%m-%d}"

    @property
    def needs_rebalancing(self):
        return self.students_to_rebalance > 0 and self.rebalanced_at is None
