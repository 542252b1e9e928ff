"""Keep the cached "takes bookings" answer of the Book button (templatetags) true."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Availability
from .templatetags.consultations import cache_key


@receiver([post_save, post_delete], sender=Availability)
def forget_bookable(sender, instance, **kwargs):
    cache.delete(cache_key(instance.liaison_id))
