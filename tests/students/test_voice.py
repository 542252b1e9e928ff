"""Every email and message a student sees speaks in the portal's voice, by name, never by the
internal username; staff see the full name with the preferred one in brackets."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache

from students import services
from students.models import Student


@pytest.fixture(autouse=True)
def _no_rate_limits_left_over():
    cache.clear()  # allauth counts confirmation emails per address in the cache


SIGNUP = {
    "email": "shiv@students.example.edu",
    "password1": "a-long-unusual-passphrase-42",
    "password2": "a-long-unusual-passphrase-42",
    "name": "Siobhán Ní Dhuibhir",
    "preferred_name": "Shiv",
    "level": "Year 1",
}


def test_verification_email_greets_the_student_by_name_in_the_portals_voice(
    client, librarians, science, settings
):
    settings.WAGTAIL_SITE_NAME = "Riverside Library Liaisons"
    client.post("/accounts/signup/", {**SIGNUP, "programme": science["chem"].pk})
    email = mail.outbox[-1]
    username = Student.objects.get().user.username
    assert email.body.startswith("Hello Shiv,")
    assert "Riverside Library Liaisons" in email.body
    assert "Hello from" not in email.body
    assert f"user {username}" not in email.body
    assert "has given your email address" not in email.body
    assert re.search(r"http://testserver/accounts/confirm-email/\S+/", email.body)


def test_confirm_page_and_signed_in_message_never_show_the_username(client, librarians, science):
    client.post("/accounts/signup/", {**SIGNUP, "programme": science["chem"].pk})
    user = Student.objects.get().user
    user.username = username = "u-4f9c2e"  # an internal name unlike the address or the names
    user.save()
    path = re.search(r"/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    confirm = client.get(path).content.decode()
    assert username not in confirm
    assert "Shiv" in confirm or SIGNUP["email"] in confirm
    response = client.post(path, follow=True)
    shown = " ".join(str(m) for m in get_messages(response.wsgi_request))
    page = response.content.decode() + shown
    assert username not in page
    assert "Shiv" in page


def test_password_reset_email_speaks_in_the_portals_voice(client, make_student, settings):
    settings.WAGTAIL_SITE_NAME = "Riverside Library Liaisons"
    student = make_student(name="Siobhán Ní Dhuibhir", preferred_name="Shiv")
    student.user.username = "u-4f9c2e"
    student.user.save()
    mail.outbox.clear()
    client.post("/accounts/password/reset/", {"email": student.user.email})
    body = mail.outbox[-1].body
    assert body.startswith("Hello Shiv,")
    assert "Riverside Library Liaisons" in body
    assert "u-4f9c2e" not in body


def test_staff_emails_name_the_student_in_full_with_the_preferred_name(
    librarians, science, make_student, django_capture_on_commit_callbacks
):
    student = make_student(name="Siobhán Ní Dhuibhir", preferred_name="Shiv")
    services.match_student(student)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_programme(student, science["phys"])
    by_recipient = {m.to[0]: m for m in mail.outbox}
    to_student = by_recipient[student.user.email]
    assert "Hello Shiv," in to_student.body
    to_new = by_recipient[librarians["marie"].email]
    assert to_new.subject.endswith("New student: Siobhán Ní Dhuibhir (Shiv)")
    assert "Siobhán Ní Dhuibhir (Shiv)" in to_new.body
    to_previous = by_recipient[librarians["ada"].email]
    assert "Siobhán Ní Dhuibhir (Shiv)" in to_previous.subject + to_previous.body


def test_staff_name_without_a_preferred_name_is_the_full_name(make_student):
    assert make_student(name="Noor Haddad").staff_name == "Noor Haddad"
    assert (
        make_student(
            email="x@students.example.edu", name="Noor Haddad", preferred_name="Noor"
        ).staff_name
        == "Noor Haddad"
    )
