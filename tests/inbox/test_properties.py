"""Property tests: arbitrary, unicode, huge, empty and header-injection input to every public form.

Never a 500; whatever a form accepts is stored with every field, and its emails can be sent.
Most examples go through the form and the service directly (fast); fewer go over HTTP.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

from inbox import delivery
from inbox.forms import ContactForm
from inbox.models import Message
from inbox.services import submit_contact_form, submit_enquiry
from tests.factories import EnquiryFormFieldFactory, EnquiryFormPageFactory
from tests.inbox.conftest import contact_url

pytestmark = pytest.mark.django_db

INJECTIONS = [
    "Hello\r\nBcc: victim@example.com",
    "x\nContent-Type: text/html\n\n<script>alert(1)</script>",
    "subject\rTo: all@example.com",
    "line\u2028separator",
    "next\x85line",
    "nul\x00byte",
    '=HYPERLINK("http://evil.example")',
    "<a href='http://evil.example'>click</a>",
    "{{ settings.SECRET_KEY }} {% debug %}",
    "%0d%0aBcc:%20x@y.z",
    "Ωμέγα 漢字 emoji 🧪 ‮reversed",
]

any_text = st.one_of(
    st.text(max_size=80),
    st.text(max_size=400),
    st.text(min_size=4990, max_size=5010),  # around the message limit
    st.just(""),
    st.just("   "),
    st.sampled_from(INJECTIONS),
    st.builds(
        lambda a, b: a + "\r\nBcc: victim@example.com" + b,
        st.text(max_size=20),
        st.text(max_size=20),
    ),
)
any_email = st.one_of(
    st.emails(),
    st.text(max_size=60),
    st.sampled_from(
        [
            "a@b.org\r\nBcc: victim@example.com",
            "a@b.org\nBcc: x@y.z",
            '"quoted\r\n"@example.org',
            "user@xn--bcher-kva.example",
            "user@bücher.example",
            "",
            "a" * 250 + "@b.org",
        ]
    ),
)
# 500 examples straight through the form; over HTTP, the Hypothesis profile's number
# (tests/conftest.py), which also sets deadlines and health checks.
fast = settings(max_examples=500)
http = settings()


def assert_deliverable(message):
    """Both emails about an accepted message can be built and sent, with clean headers."""
    from django.core import mail

    mail.outbox = []
    assert delivery.deliver(message.pk, "notify") == "sent"
    assert delivery.deliver(message.pk, "ack") == "sent"
    for email in mail.outbox:
        head = email.message().as_bytes().split(b"\n\n", 1)[0]
        names = [
            line.split(b":", 1)[0].lower()
            for line in head.splitlines()
            if line and not line[:1].isspace()
        ]
        assert b"bcc" not in names
        assert names.count(b"to") == 1 and names.count(b"content-type") == 1
        assert names.count(b"reply-to") <= 1 and names.count(b"subject") == 1


@fast
@given(
    name=any_text,
    email=any_email,
    subject=any_text,
    message=any_text,
    website=st.sampled_from(["", "", "x"]),
)
def test_contact_form_accepts_or_refuses_and_stores_everything_it_accepts(
    liaison, name, email, subject, message, website
):
    form = ContactForm(
        data={
            "name": name,
            "email": email,
            "subject": subject,
            "message": message,
            "website": website,
        }
    )
    before = Message.objects.count()
    if not form.is_valid():
        assert form.errors
        assert Message.objects.count() == before
        return
    assert website == ""
    data = form.cleaned_data
    for value in (data["name"], data["subject"]):
        assert "\r" not in value and "\n" not in value
    stored = submit_contact_form(form, liaison=liaison)
    stored.refresh_from_db()
    assert (stored.sender_name, stored.sender_email, stored.subject, stored.body) == (
        data["name"],
        data["email"],
        data["subject"],
        data["message"],
    )
    assert stored.deliveries.count() == 2
    assert_deliverable(stored)


@pytest.mark.slow  # HTTP fuzzing
@http
@given(name=any_text, email=any_email, subject=any_text, message=any_text)
def test_contact_page_over_http_never_errors(client, liaison, name, email, subject, message):
    before = Message.objects.count()
    response = client.post(
        contact_url(liaison),
        {
            "contact-name": name,
            "contact-email": email,
            "contact-subject": subject,
            "contact-message": message,
            "contact-website": "",
        },
    )
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert Message.objects.count() == before
        assert "nothing was sent yet" in response.content.decode()
        return
    stored = Message.objects.order_by("-id").first()
    assert Message.objects.count() == before + 1
    assert stored.sender_name == name.strip()
    assert stored.subject == subject.strip()
    assert stored.body == message.strip()
    assert stored.sender_email == email.strip()


@pytest.fixture
def enquiry_page(enquiries, liaison):
    page = EnquiryFormPageFactory(
        parent=enquiries, title="Request an instruction session", liaison=liaison
    )
    EnquiryFormFieldFactory(page=page, label="Course", field_type="singleline", required=True)
    EnquiryFormFieldFactory(page=page, label="Details", field_type="multiline")
    EnquiryFormFieldFactory(page=page, label="Contact email", field_type="email")
    return page


@fast
@given(name=any_text, email=any_email, course=any_text, details=any_text, contact=any_email)
def test_enquiry_form_accepts_or_refuses_and_stores_everything_it_accepts(
    enquiry_page, name, email, course, details, contact
):
    form = enquiry_page.get_form(
        {
            "sender_name": name,
            "sender_email": email,
            "course": course,
            "details": details,
            "contact_email": contact,
            "contact_url": "",
        },
        page=enquiry_page,
    )
    before = (Message.objects.count(), FormSubmission.objects.count())
    if not form.is_valid():
        assert (Message.objects.count(), FormSubmission.objects.count()) == before
        return
    data = form.cleaned_data
    submission = submit_enquiry(enquiry_page, form)
    stored = Message.objects.order_by("-id").first()
    assert (stored.sender_name, stored.sender_email) == (data["sender_name"], data["sender_email"])
    assert f"Course: {data['course']}" in stored.body
    assert (data["details"] or "—") in stored.body
    assert submission.form_data["course"] == data["course"]
    assert submission.form_data["details"] == data["details"]
    assert_deliverable(stored)


@pytest.mark.slow  # HTTP fuzzing
@http
@given(name=any_text, email=any_email, course=any_text, details=any_text)
def test_enquiry_page_over_http_never_errors(client, enquiry_page, name, email, course, details):
    before = Message.objects.count()
    response = client.post(
        enquiry_page.url,
        {
            "sender_name": name,
            "sender_email": email,
            "course": course,
            "details": details,
            "contact_url": "",
        },
    )
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert Message.objects.count() == before
        return
    stored = Message.objects.order_by("-id").first()
    assert Message.objects.count() == before + 1
    assert stored.sender_name == name.strip()
    assert f"Course: {course.strip()}" in stored.body
