"""The contact form of a librarian (linked from their profile, at /contact/<slug>/): saved first, the
librarian emailed, mistakes explained."""

import re

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.urls import reverse

from inbox.models import Message
from tests.factories import LiaisonPageFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.liaison_pages.test_contact.BrokenMailBackend"


class BrokenMailBackend(BaseEmailBackend):
    """The mail server is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unavailable")


@pytest.fixture
def liaison(site_tree):
    return LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ada Byrne", email="ada.byrne@library.example.edu"
    )


def contact_url(liaison):
    return reverse("contact", args=[liaison.slug])


def form_data(**overrides):
    data = {
        "name": "Sam Student",
        "email": "sam@students.example.edu",
        "programme": "",
        "subject": "Sources for my dissertation",
        "message": "Could we meet to talk about my literature search?",
        "website": "",
    }
    data.update(overrides)
    return {f"contact-{key}": value for key, value in data.items()}


def test_profile_links_to_the_contact_form(client, liaison):
    html = client.get(liaison.url).content.decode()
    assert "Send Ada Byrne a message" in html
    assert f'href="{contact_url(liaison)}"' in html


def test_contact_page_shows_labelled_contact_form(client, liaison):
    ProgrammeFactory(name="BSc Chemistry", code="BSC-CHEM")
    html = client.get(contact_url(liaison)).content.decode()
    assert "Send Ada Byrne a message" in html
    # one heading names the form: the page's own, not an h1 and an h2 saying it twice
    assert len(re.findall(r"<h[1-6][^>]*>(Write to|Send) Ada Byrne", html)) == 1
    assert '<h1 id="contact-heading">Send Ada Byrne a message</h1>' in html
    for label in ("Name", "Email", "Programme", "Subject", "Message"):
        assert f">{label}" in html, label
    assert "BSc Chemistry" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_contact_form_saves_message_and_emails_librarian(
    client, liaison, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory(name="BSc Chemistry", code="BSC-CHEM")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(liaison), form_data(programme=programme.pk), follow=True)

    message = Message.objects.get()
    assert message.liaison == liaison
    assert message.sender_email == "sam@students.example.edu"
    assert message.programme == programme
    assert message.body == "Could we meet to talk about my literature search?"
    to_librarian = [m for m in mail.outbox if m.to == ["ada.byrne@library.example.edu"]]
    assert len(to_librarian) == 1
    assert "literature search" in to_librarian[0].body
    assert "your message has been received" in response.content.decode()


@override_settings(EMAIL_BACKEND=FAILING_BACKEND)
def test_contact_form_keeps_message_and_thanks_sender_when_email_fails(
    client, liaison, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(liaison), form_data(), follow=True)

    assert response.status_code == 200
    assert "your message has been received" in response.content.decode()
    assert Message.objects.filter(liaison=liaison, subject="Sources for my dissertation").exists()


def test_contact_form_honeypot_gives_form_error_and_saves_nothing(client, liaison):
    response = client.post(contact_url(liaison), form_data(website="http://spam.example.com"))
    assert response.status_code == 400
    assert "Please correct the errors below" in response.content.decode()
    assert Message.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"name": ""}, "name"),
        ({"message": "x" * 5001}, "message"),
        ({"subject": "Line one\nLine two"}, "subject"),
        ({"programme": "999999"}, "programme"),
    ],
)
def test_contact_form_invalid_input_shows_field_error(client, liaison, overrides, field):
    response = client.post(contact_url(liaison), form_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_contact-{field}_error"' in html
    assert Message.objects.count() == 0


def test_contact_form_keeps_what_was_typed_after_an_error(client, liaison):
    response = client.post(contact_url(liaison), form_data(email="nope"))
    assert "Could we meet to talk about my literature search?" in response.content.decode()


# --- a librarian who has left (issue #13, hole 8) ------------------------------------------------


@pytest.fixture
def successor(site_tree):
    return LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Ben Okafor",
        job_title="Science Liaison Librarian",
        email="ben.okafor@library.example.edu",
    )


def _leave(liaison, transfer_to=None):
    """A coordinator deactivates the librarian (handing their pages to ``transfer_to``)."""
    from editorial.services import deactivate_liaison

    deactivate_liaison(liaison, transfer_to=transfer_to)
    liaison.refresh_from_db()


def test_hole8_departed_librarian_profile_points_to_successor_without_contact_form(
    client, liaison, successor
):
    _leave(liaison, transfer_to=successor)
    response = client.get(liaison.url)
    assert response.status_code == 200  # the profile stays reachable
    html = response.content.decode()
    assert "Ada Byrne has left the liaison team" in html
    assert f'<a href="{successor.url}">Ben Okafor</a>' in html
    assert "ben.okafor@library.example.edu" in html
    assert "Send Ada Byrne a message" not in html
    assert 'name="contact-message"' not in html
    assert contact_url(liaison) not in html
    assert "mailto:ada.byrne@library.example.edu" not in html


def test_hole8_departed_librarian_profile_points_to_general_enquiries(client, liaison):
    _leave(liaison)
    html = client.get(liaison.url).content.decode()
    assert "Ada Byrne has left the liaison team" in html
    assert "general enquiries address" in html and "mailto:ask@library.example.edu" in html
    assert 'name="contact-message"' not in html


def test_hole8_crafted_post_to_departed_librarian_reaches_successor(
    client, liaison, successor, django_capture_on_commit_callbacks
):
    _leave(liaison, transfer_to=successor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(liaison), form_data(), follow=True)

    assert response.status_code == 200
    assert "Ben Okafor will reply by email" in response.content.decode()
    assert Message.objects.get().liaison == successor  # stored first, for the successor
    assert [m.to for m in mail.outbox if "literature search" in m.body and m.reply_to] == [
        ["ben.okafor@library.example.edu"]
    ]
    assert not [m for m in mail.outbox if "ada.byrne@library.example.edu" in m.to]
    ack = next(m for m in mail.outbox if m.to == ["sam@students.example.edu"])
    assert "Ben Okafor" in ack.body


def test_hole8_crafted_post_without_successor_goes_to_general_enquiries(
    client, liaison, django_capture_on_commit_callbacks
):
    _leave(liaison)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact_url(liaison), form_data(), follow=True)

    assert "The library's general enquiries team will reply" in response.content.decode()
    assert Message.objects.get().liaison is None
    notify = next(m for m in mail.outbox if m.reply_to == ["sam@students.example.edu"])
    assert notify.to == ["ask@library.example.edu"]
    assert not [m for m in mail.outbox if "ada.byrne@library.example.edu" in m.to]


# --- who may open the contact page (a public surface: everyone, never cached) -----------------


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "signed-in"])
def test_contact_page_is_open_to_everyone_and_never_cached(client, liaison, signed_in):
    if signed_in:
        client.force_login(UserFactory(email="reader@example.edu"))
    response = client.get(contact_url(liaison))
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_contact_page_of_an_unknown_or_unpublished_librarian_is_not_found(client, liaison):
    assert client.get(reverse("contact", args=["nobody-here"])).status_code == 404
    liaison.unpublish()
    assert client.get(contact_url(liaison)).status_code == 404
    assert client.post(contact_url(liaison), form_data()).status_code == 404
    assert Message.objects.count() == 0


def test_contact_page_of_a_departed_librarian_leads_to_their_profile(client, liaison):
    _leave(liaison)
    response = client.get(contact_url(liaison))
    assert response.status_code == 302
    assert response["Location"] == liaison.url
