"""vCard 3.0 contact cards for librarians, built with vobject so the escaping is right."""

import vobject
from django.conf import settings

from .text import plain_text


def vcard_for(liaison, request=None):
    card = vobject.vCard()
    card.add("fn").value = liaison.title
    parts = liaison.title.rsplit(" ", 1)
    given, family = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
    card.add("n").value = vobject.vcard.Name(family=family, given=given)
    card.add("title").value = liaison.job_title
    card.add("org").value = [settings.WAGTAIL_SITE_NAME]
    email = card.add("email")
    email.value = liaison.email
    email.type_param = "INTERNET"
    if liaison.phone:
        tel = card.add("tel")
        tel.value = liaison.phone
        tel.type_param = "WORK"
    if liaison.office_location:
        card.add("adr").value = vobject.vcard.Address(extended=liaison.office_location)
    card.add("url").value = liaison.get_full_url(request)
    bio = plain_text(liaison.bio)
    if bio:
        card.add("note").value = bio[:1000]
    return card.serialize()
