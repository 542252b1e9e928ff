"""Enquiry forms liaisons build with Wagtail's form builder: same pipeline, same inbox."""

import re

import pytest
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from inbox.models import EnquiryFormPage, EnquiryIndexPage, Message
from tests.factories import EnquiryFormFieldFactory, EnquiryFormPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(enquiries, liaison):
    """A form Ada made herself: she owns it and left the recipient empty."""
    page = EnquiryFormPageFactory(
        parent=enquiries, title="Request a consultation", owner=liaison.user, liaison=None
    )
    EnquiryFormFieldFactory(page=page, label="Course code", field_type="singleline", required=True)
    EnquiryFormFieldFactory(page=page, label="What do you need help with?", field_type="multiline")
    EnquiryFormFieldFactory(
        page=page, label="Preferred format", field_type="dropdown", choices="In person\nOnline"
    )
    EnquiryFormFieldFactory(page=page, label="Number of students", field_type="number")
    return page


def enquiry_post(**overrides):
    data = {
        "sender_name": "Priya Partner",
        "sender_email": "priya@partner.example.org",
        "course_code": "CHEM501",
        "what_do_you_need_help_with": "Systematic review search strategy.\nTwo sessions please.",
        "preferred_format": "Online",
        "number_of_students": "12",
        "contact_url": "",
    }
    data.update(overrides)
    return data


def test_enquiry_form_recipient_defaults_to_the_owners_profile(consultation, liaison):
    assert consultation.liaison == liaison
    assert consultation.get_recipient() == liaison


def test_enquiry_form_submission_reaches_the_liaisons_inbox_and_email(
    client, consultation, liaison, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(consultation.url, enquiry_post(programme=programme.pk))
    assert response.status_code == 200
    assert "Ada Byrne will reply by email within two working days" in response.content.decode()

    message = Message.objects.get()
    assert message.liaison == liaison
    assert message.source == "enquiry"
    assert message.enquiry_page_id == consultation.pk
    assert message.subject == "Request a consultation"
    assert message.sender_group == "MSc Chemistry"
    assert "Course code: CHEM501" in message.body
    assert "Systematic review search strategy.\nTwo sessions please." in message.body
    assert "Preferred format: Online" in message.body
    assert "Number of students: 12" in message.body

    submission = FormSubmission.objects.get(page=consultation)
    assert submission.form_data["course_code"] == "CHEM501"
    assert submission.form_data["programme"] == str(programme)
    assert "contact_url" not in submission.form_data

    notify = next(m for m in mail.outbox if m.to == [liaison.email])
    assert notify.reply_to == ["priya@partner.example.org"]
    assert "Course code: CHEM501" in notify.body
    ack = next(m for m in mail.outbox if m.to == ["priya@partner.example.org"])
    assert "Ada Byrne" in ack.body


def test_enquiry_form_message_shows_in_the_liaisons_admin_inbox(client, consultation, liaison):
    from django.contrib.auth.models import Permission

    client.post(consultation.url, enquiry_post())
    liaison.user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(liaison.user)
    html = client.get("/admin/inbox/").content.decode()
    assert "Request a consultation" in html


def test_enquiry_form_renders_fixed_and_editor_fields_with_labels(client, consultation):
    html = client.get(consultation.url).content.decode()
    for label in ("Your name", "Your email address", "Course code", "Preferred format"):
        assert f">{label}" in html
    assert "Your enquiry goes to" in html and "Ada Byrne" in html


def test_enquiry_form_invalid_post_stores_nothing(client, consultation):
    response = client.post(consultation.url, enquiry_post(course_code="", sender_email="nope"))
    assert response.status_code == 400
    assert "nothing was sent yet" in response.content.decode()
    assert not Message.objects.exists() and not FormSubmission.objects.exists()


def test_enquiry_form_honeypot_stores_nothing(client, consultation):
    response = client.post(consultation.url, enquiry_post(contact_url="http://spam.example"))
    assert response.status_code == 400
    assert not Message.objects.exists() and not FormSubmission.objects.exists()


def test_enquiry_form_without_recipient_goes_to_general_address(
    client, enquiries, django_capture_on_commit_callbacks
):
    page = EnquiryFormPageFactory(parent=enquiries, title="Partnership enquiry", owner=None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, enquiry_post())
    assert response.status_code == 200
    assert Message.objects.get().liaison is None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ask@library.example.edu",
        "priya@partner.example.org",
    ]


def test_enquiry_index_lists_live_forms(client, consultation, enquiries):
    html = client.get(enquiries.url).content.decode()
    assert "Request a consultation" in html and "Goes to Ada Byrne" in html


class TestEnquiryTree(WagtailPageTestCase):
    def test_enquiry_pages_live_under_home_and_the_index(self):
        self.assertAllowedParentPageTypes(EnquiryIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(EnquiryFormPage, {EnquiryIndexPage, HomePage})
        self.assertAllowedSubpageTypes(EnquiryFormPage, set())


def _add_form_page(client, parent, questions):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    data = nested_form_data(
        {
            "title": "Partnership enquiry",
            "slug": "partnership-enquiry",
            "intro": rich_text("<p>Tell us about your idea.</p>"),
            "thank_you_text": rich_text("<p>Thanks.</p>"),
            "form_fields": inline_formset(
                [
                    {"label": label, "field_type": "singleline", "required": False}
                    for label in questions
                ]
            ),
        }
    )
    return client.post(f"/admin/pages/add/inbox/enquiryformpage/{parent.pk}/", data)


def test_page_editor_refuses_a_question_that_clashes_with_the_fixed_fields(admin_client, enquiries):
    response = _add_form_page(admin_client, enquiries, ["Organisation", "Programme"])
    assert response.status_code == 200
    assert "already asks for name, email, programme and department" in response.content.decode()
    assert not EnquiryFormPage.objects.exists()


def test_page_editor_creates_an_enquiry_form_with_questions(admin_client, enquiries):
    response = _add_form_page(admin_client, enquiries, ["Organisation", "Website"])
    assert response.status_code == 302
    page = EnquiryFormPage.objects.get()
    assert [f.clean_name for f in page.form_fields.all()] == ["organisation", "website"]
    assert "website" in page.get_form().fields  # an editor's "Website" is a real question


def test_choice_questions_render_as_fieldsets_and_a_checkbox_inline(client, consultation):
    EnquiryFormFieldFactory(
        page=consultation, label="Session type", field_type="radio", choices="Talk\nWorkshop"
    )
    EnquiryFormFieldFactory(
        page=consultation, label="Topics", field_type="checkboxes", choices="Searching\nCiting"
    )
    EnquiryFormFieldFactory(page=consultation, label="Recording allowed", field_type="checkbox")
    html = client.get(consultation.url).content.decode()
    # a group of choices is a fieldset whose legend names the question
    assert re.search(
        r'<fieldset class="field choice-field[^"]*"[^>]*>\s*<legend>Session type', html
    )
    assert re.search(r'<fieldset class="field choice-field[^"]*"[^>]*>\s*<legend>Topics', html)
    assert html.count('<label class="choice"') == 5  # 2 + 2 choices and the single checkbox
    # a single checkbox sits inside its own label, not in a fieldset
    assert re.search(
        r'<div class="field checkbox-field[^"]*">\s*<label class="choice"[^>]*><input type="checkbox"'
        r"[^>]*> Recording allowed",
        html,
    )
    assert "<legend>Recording allowed" not in html


def test_hole8_form_of_a_departed_librarian_goes_to_their_successor(
    client, consultation, liaison, other_liaison, django_capture_on_commit_callbacks
):
    """Deactivation moves the recipient; a revision published later that still names the departed
    librarian sends to the successor all the same."""
    from editorial.services import deactivate_liaison

    old_revision = consultation.save_revision()
    deactivate_liaison(liaison, transfer_to=other_liaison)
    consultation.refresh_from_db()
    assert consultation.liaison == other_liaison
    old_revision.publish()  # names Ada again
    consultation.refresh_from_db()

    response = client.get(consultation.url)
    assert "Your enquiry goes to" in response.content.decode()
    assert "Ben Okafor" in response.content.decode()
    assert "Ada Byrne" not in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(consultation.url, enquiry_post())
    assert "Ben Okafor will reply by email" in response.content.decode()
    assert Message.objects.get().liaison == other_liaison
    assert [m.to for m in mail.outbox if m.reply_to] == [[other_liaison.email]]
    assert not [m for m in mail.outbox if liaison.email in m.to]


def test_hole8_form_of_a_departed_librarian_without_successor_goes_to_general_enquiries(
    client, consultation, liaison, django_capture_on_commit_callbacks
):
    from editorial.services import deactivate_liaison

    deactivate_liaison(liaison)
    consultation.refresh_from_db()
    assert consultation.liaison is None and consultation.get_recipient() is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(consultation.url, enquiry_post())
    assert "The liaison team will reply by email" in response.content.decode()
    assert Message.objects.get().liaison is None
    assert [m.to for m in mail.outbox if m.reply_to] == [["ask@library.example.edu"]]


def test_enquiry_form_for_outside_partners_does_not_ask_for_programme_or_department(
    client, enquiries, django_capture_on_commit_callbacks
):
    page = EnquiryFormPageFactory(
        parent=enquiries, title="Partnership enquiry", owner=None, for_partners=True
    )
    EnquiryFormFieldFactory(page=page, label="Organisation", field_type="singleline", required=True)
    form_page = client.get(page.url).content.decode()
    assert "Your programme" not in form_page and "Your department" not in form_page
    assert "Organisation" in form_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page.url,
            {
                "sender_name": "Priya Partner",
                "sender_email": "priya@partner.example.org",
                "organisation": "Riverside Museum",
                "programme": "1",  # a crafted value for a question not asked is ignored
                "contact_url": "",
            },
        )
    assert response.status_code == 200
    message = Message.objects.get()
    assert message.programme is None
    assert message.sender_group == "Riverside Museum"


def test_enquiry_form_for_the_university_still_asks_for_programme_and_department(
    client, consultation
):
    form_page = client.get(consultation.url).content.decode()
    assert "Your programme" in form_page and "Your department" in form_page
