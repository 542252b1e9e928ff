"""The "Book a consultation" button that profile and my-librarian pages include, so those apps
need not know about consultations: ``{% load consultations %}{% booking_button liaison %}``.

An external booking link on the profile wins (the librarian books elsewhere); otherwise the
button points at the portal's booking page when the librarian takes bookings here. Whether they
do is kept in the cache (renewed whenever their availability is saved or deleted, see
``consultations.signals``), so profile pages cost no query for it.
"""

from django import template
from django.core.cache import cache
from django.urls import reverse

from ..models import Availability

CACHE_SECONDS = 24 * 3600


def cache_key(liaison_id):
    return f"consultations:bookable:{liaison_id}"


def takes_bookings(liaison):
    key = cache_key(liaison.pk)
    found = cache.get(key)
    if found is None:
        found = Availability.objects.filter(liaison=liaison, is_active=True).exists()
        cache.set(key, found, CACHE_SECONDS)
    return found


register = template.Library()


@register.inclusion_tag("consultations/includes/booking_button.html")
def booking_button(liaison, label="Book a consultation", css="button"):
    url = ""
    if liaison is not None and getattr(liaison, "is_active", False):
        if liaison.booking_url:
            url = liaison.booking_url
        elif takes_bookings(liaison):
            url = reverse("consultations:book", args=[liaison.slug])
    return {"url": url, "label": label, "css": css}


@register.simple_tag
def booking_url(liaison):
    """The address where people book this librarian, or "" (for emails and plain links)."""
    return booking_button(liaison)["url"]
