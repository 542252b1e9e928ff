"""Renew the page cache (and with it the Book button's "takes bookings" answer) when an
availability changes, and ask for
feedback when a librarian answers an inbox message (the inbox knows nothing of surveys: it sits
below this app)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.caching import invalidate
from inbox.models import Message

from . import services
from .models import Availability


@receiver([post_save, post_delete], sender=Availability)
def forget_bookable(sender, instance, **kwargs):
    invalidate()


@receiver(post_save, sender=Message)
def survey_after_answer(sender, instance, created, raw=False, **kwargs):
    """A message saved as answered (the librarian's status change in the inbox) brings its one
    survey. Messages stored already answered (imports, the demo) bring none."""
    if created or raw or instance.status != Message.Status.ANSWERED:
        return
    services.ask_about_answer(instance)
