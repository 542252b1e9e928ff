from django import template
from django.urls import reverse

from inbox.forms import ContactForm

register = template.Library()


@register.inclusion_tag("components/contact_form.html", takes_context=True)
def contact_form(context, liaison, form=None, page_heading=False):
    """``{% contact_form liaison %}``: the form that writes to ``liaison``, posting to the inbox's
    own uncached address (``contact``). Only pages that are never cached use it (the contact
    page, a student's "my librarian"), as the form carries the visitor's CSRF token. With
    ``page_heading=True`` the page's own ``<h1 id="contact-heading">`` names the form, not an h2."""
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "settings": context.get("settings"),
        "liaison": liaison,
        "contact_form": form or ContactForm(prefix="contact"),
        "action": reverse("contact", args=[liaison.slug]),
        "page_heading": page_heading,
    }
