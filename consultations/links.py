"""Signed links in the emails: the person who booked manages the booking (reschedule, cancel)
without an account. The token names the booking's UID only; it is signed with the secret key, so
it cannot be guessed or changed, and it keeps working after a reschedule (same UID).

The survey link after an attended consultation or an answered inbox message is signed the same
way with its own salt (a manage token opens no survey), and expires."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from inbox.models import Message

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
MESSAGE_PREFIX = "message:"


class SurveyLinkExpired(Exception):  # noqa: N818 - what the person is told
    """A genuine survey link, older than ``CONSULTATIONS_SURVEY_LINK_DAYS``."""


def survey_link_days():
    return int(getattr(settings, "CONSULTATIONS_SURVEY_LINK_DAYS", 60))


def survey_token(about):
    """The signed survey link of a booking (its UID, as links sent so far) or an inbox message
    (``message:<id>``); the signature carries the time it was made, so links expire."""
    payload = about.uid.hex if isinstance(about, Booking) else f"{MESSAGE_PREFIX}{about.pk}"
    return signing.dumps(payload, salt=SURVEY_SALT, compress=False)


def survey_about(token):
    """The booking or inbox message a survey token names, or None for anything else (a forged,
    changed or truncated token, another link's token). Raises ``SurveyLinkExpired``."""
    try:
        payload = signing.loads(
            str(token)[:500], salt=SURVEY_SALT, max_age=survey_link_days() * 86400
        )
    except signing.SignatureExpired:
        raise SurveyLinkExpired from None
    except signing.BadSignature:
        return None
    if not isinstance(payload, str):
        return None
    if payload.startswith(MESSAGE_PREFIX):
        pk = payload.removeprefix(MESSAGE_PREFIX)
        if not pk.isascii() or not pk.isdigit() or len(pk) > 18:
            return None
        return Message.objects.select_related("liaison").filter(pk=int(pk)).first()
    if len(payload) != 32 or not all(c in "0123456789abcdef" for c in payload):
        return None
    return Booking.objects.select_related("liaison").filter(uid=payload).first()


def survey_url(about):
    return settings.PORTAL_BASE_URL + reverse("consultations:survey", args=[survey_token(about)])
