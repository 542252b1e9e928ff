from django import template
from django.urls import reverse

from inbox.forms import ContactForm

register = template.Library()


@register.inclusion_tag("components/contact_form.html", takes_context=True)
def contact_form(context, liaison, form=None):
    """``{% contact_form liaison %}``: the form that writes to ``liaison``, posting to the inbox's
    own uncached address (``contact``). Only pages that are never cached use it (the contact
    page, a student's "my librarian"), as the form carries the visitor's CSRF token."""
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "settings": context.get("settings"),
        "liaison": liaison,
        "contact_form": form or ContactForm(prefix="contact"),
        "action": reverse("contact", args=[liaison.slug]),
    }
