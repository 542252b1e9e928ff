"""Merge fields: what each recipient reads. ``merge`` is pure (cleaned HTML and plain records in,
subject, HTML and text out); ``outreach.rendering`` loads the records.

Values a student or librarian typed are escaped; the HTML around them (the photo, the booking
link, the list of guides) is the portal's own. Unknown fields are left as written, and forms refuse
them before a campaign is saved (``unknown_fields``).
"""

import re
from dataclasses import dataclass
from html import escape

from .sanitise import to_text

TOKEN = re.compile(r"\{\{\s*([A-Za-z_]+)\s*\}\}")
FIELDS = (
    "preferred_name",
    "programme",
    "librarian_name",
    "librarian_photo",
    "booking_link",
    "programme_guides",
)
HEADER_BREAKS = str.maketrans(dict.fromkeys("\r\n\x0b\x0c\x85\u2028\u2029\x00", " "))


@dataclass(frozen=True)
class Recipient:
    preferred_name: str
    programme: str


@dataclass(frozen=True)
class Librarian:
    name: str
    email: str
    photo_url: str = ""
    booking_url: str = ""


@dataclass(frozen=True)
class Guide:
    title: str
    url: str


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str


def unknown_fields(text):
    return sorted({name for name in TOKEN.findall(text or "") if name not in FIELDS})


def one_line(value, limit=200):
    return " ".join(str(value).translate(HEADER_BREAKS).split())[:limit]


def html_values(recipient, librarian, guides):
    photo = ""
    if librarian.photo_url:
        photo = (
            f'<img src="{escape(librarian.photo_url)}" alt="{escape(librarian.name)}" '
            'width="120" height="120">'
        )
    booking = ""
    if librarian.booking_url:
        booking = (
            f'<a href="{escape(librarian.booking_url)}">'
            f"Book a consultation with {escape(librarian.name)}</a>"
        )
    listing = ""
    if guides:
        items = "".join(f'<li><a href="{escape(g.url)}">{escape(g.title)}</a></li>' for g in guides)
        listing = f"<ul>{items}</ul>"
    return {
        "preferred_name": escape(recipient.preferred_name),
        "programme": escape(recipient.programme),
        "librarian_name": escape(librarian.name),
        "librarian_photo": photo,
        "booking_link": booking,
        "programme_guides": listing,
    }


def text_values(recipient, librarian):
    return {
        "preferred_name": recipient.preferred_name,
        "programme": recipient.programme,
        "librarian_name": librarian.name,
        "librarian_photo": "",
        "booking_link": librarian.booking_url,
        "programme_guides": "",
    }


def fill(template, values):
    return TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def merge(subject, clean_body, recipient, librarian, guides=()):
    """The email one recipient gets. ``clean_body`` must already be cleaned (``sanitise``)."""
    html = fill(clean_body, html_values(recipient, librarian, guides))
    return Rendered(
        subject=one_line(fill(subject, text_values(recipient, librarian))),
        html=html,
        text=to_text(html),
    )
