"""The "Book a consultation" button that profile and my-librarian pages include, so those apps
need not know about consultations: ``{% load consultations %}{% booking_button liaison %}``.

An external booking link on the profile wins (the librarian books elsewhere); otherwise the
button points at the portal's booking page when the librarian takes bookings here. Whether they
do is kept under the page cache's generation (``core.caching.get_or_set``), which a saved or
deleted availability renews (``consultations.signals``) with every cached page that shows the
button, so profile pages cost no query for it.
"""

from django import template
from django.urls import reverse

from core.caching import get_or_set

from ..models import Availability


def takes_bookings(liaison):
    return get_or_set(
        f"bookable.{liaison.pk}",
        lambda: Availability.objects.filter(liaison=liaison, is_active=True).exists(),
    )


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
