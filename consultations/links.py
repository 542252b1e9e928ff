"""Signed links in the emails: the person who booked manages the booking (reschedule, cancel)
without an account. The token names the booking's UID only; it is signed with the secret key, so
it cannot be guessed or changed, and it keeps working after a reschedule (same UID)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Booking

MANAGE_SALT = "consultations.manage"


def manage_token(booking):
    return signing.dumps(booking.uid.hex, salt=MANAGE_SALT, compress=False)


def booking_for(token):
    """The booking a manage token names, or None for anything else."""
    try:
        uid = signing.loads(str(token)[:500], salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(uid, str) or len(uid) != 32:
        return None
    return Booking.objects.select_related("liaison").filter(uid=uid).first()


def manage_path(booking):
    return reverse("consultations:manage", args=[manage_token(booking)])


def manage_url(booking):
    return settings.PORTAL_BASE_URL + manage_path(booking)


SURVEY_SALT = "consultations.survey"


def survey_token(booking):
    return signing.dumps(booking.uid.hex, salt=SURVEY_SALT, compress=False)


def booking_for_survey(token):
    try:
        uid = signing.loads(str(token)[:500], salt=SURVEY_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(uid, str) or len(uid) != 32:
        return None
    return Booking.objects.select_related("liaison").filter(uid=uid).first()


def survey_url(booking):
    return settings.PORTAL_BASE_URL + reverse("consultations:survey", args=[survey_token(booking)])
