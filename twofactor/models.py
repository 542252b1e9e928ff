"""Groups whose members must sign in with a second factor, chosen by coordinators in the admin.
Coordinators and administrators always must (``twofactor.rules.mfa_required``); this list adds
other groups, such as Liaison, without a deployment."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class RequiredGroup(models.Model):
    group = models.OneToOneField(
        "auth.Group",
        on_delete=models.CASCADE,
        related_name="two_factor_requirement",
        help_text="Everyone in this group is asked to set up two-factor sign-in before they open "
        "the admin, and for a code at every sign-in.",
    )
    required_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    required_since = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["group__name"]
        verbose_name = "group that must use two-factor sign-in"
        verbose_name_plural = "groups that must use two-factor sign-in"

    def __str__(self):
        return self.group.name
