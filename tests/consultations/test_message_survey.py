"""The same one survey after a librarian answers an inbox message: sent once per message from the
inbox's own status change, answered once from a signed link, honouring "no more surveys",
counted with the consultation answers; the message's own words never travel with it."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from consultations import links
from consultations.models import Feedback, Notice, SurveyOptOut
from editorial.roles import COORDINATOR, LIAISON, setup_roles
from tests.factories import LiaisonPageFactory, MessageFactory, UserFactory
from tests.factories.consultations import BookingFactory

pytestmark = pytest.mark.django_db

SENDER = "noor@students.example.edu"
PRIVATE_BODY = "My supervisor Dr Grey says my thesis on Kestrel Island is failing"
PRIVATE_SUBJECT = "Worried about my thesis"


@pytest.fixture
def ada(liaison):
    setup_roles()
    liaison.user.groups.add(Group.objects.get(name=LIAISON))
    liaison.user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return liaison


@pytest.fixture
def message(ada):
    return MessageFactory(
        liaison=ada,
        sender_name="Noor Haddad",
        sender_email=SENDER,
        subject=PRIVATE_SUBJECT,
        body=PRIVATE_BODY,
    )


def set_status(client, message, status, captured):
    client.force_login(message.liaison.user)
    with captured(execute=True):
        response = client.post(reverse("inbox:edit", args=[message.pk]), {"status": status})
    client.logout()
    assert response.status_code == 302
    return response


def surveys_sent():
    return [m for m in mail.outbox if "answer to your message" in m.subject]


def survey_path(email):
    return re.search(r"http://testserver(/consultations/feedback/\S+/)", email.body).group(1)


def test_answering_a_message_sends_one_survey_to_its_sender(
    client, message, django_capture_on_commit_callbacks
):
    set_status(client, message, "answered", django_capture_on_commit_callbacks)
    set_status(client, message, "closed", django_capture_on_commit_callbacks)
    set_status(client, message, "answered", django_capture_on_commit_callbacks)  # again
    (survey,) = surveys_sent()
    assert survey.to == [SENDER]
    assert survey.subject == "How was Ada Byrne's answer to your message?"
    assert "Noor Haddad" in survey.body
    assert Notice.objects.filter(message=message, kind=Notice.Kind.SURVEY).count() == 1


def test_message_survey_link_records_one_answer_against_the_message(
    client, message, django_capture_on_commit_callbacks
):
    set_status(client, message, "answered", django_capture_on_commit_callbacks)
    url = survey_path(surveys_sent()[0])
    page = client.get(url)
    assert page.status_code == 200
    assert "How helpful was the answer to your message?" in page.content.decode()
    response = client.post(url, {"rating": "5", "comment": "Exactly the databases I needed"})
    assert "Thank you: your answer has been recorded." in response.content.decode()
    client.post(url, {"rating": "1", "comment": "Second go"})
    feedback = Feedback.objects.get()
    assert (feedback.message, feedback.booking, feedback.liaison) == (
        message,
        None,
        message.liaison,
    )
    assert (feedback.rating, feedback.comment) == (5, "Exactly the databases I needed")
    assert "Thank you" in client.get(url).content.decode()  # answered: no form any more


def test_message_survey_carries_nothing_of_the_message_itself(
    client, message, django_capture_on_commit_callbacks
):
    set_status(client, message, "answered", django_capture_on_commit_callbacks)
    (survey,) = surveys_sent()
    page = client.get(survey_path(survey)).content.decode()
    for text in (survey.subject, survey.body, page):
        assert PRIVATE_BODY not in text
        assert PRIVATE_SUBJECT not in text
        assert "Kestrel" not in text
    assert client.get(survey_path(survey))["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("status", ["closed", "spam", "read"])
def test_a_message_not_answered_brings_no_survey(
    client, message, status, django_capture_on_commit_callbacks
):
    set_status(client, message, status, django_capture_on_commit_callbacks)
    assert surveys_sent() == []
    assert not Notice.objects.filter(message=message).exists()


def test_an_unassigned_message_or_one_stored_answered_brings_no_survey(
    message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        MessageFactory(liaison=message.liaison, status="answered")  # an import, the demo
        unassigned = MessageFactory(liaison=None)
        unassigned.status = "answered"
        unassigned.save()
    assert surveys_sent() == []


def test_a_long_ago_answered_message_saved_again_brings_no_survey(
    message, django_capture_on_commit_callbacks
):
    message.status = "answered"
    message.responded_at = timezone.now() - timedelta(days=90)
    with django_capture_on_commit_callbacks(execute=True):
        message.save()
    assert surveys_sent() == []


def test_a_declined_address_gets_no_survey_about_its_messages(
    client, message, django_capture_on_commit_callbacks
):
    booking = BookingFactory(liaison=message.liaison, client_email=SENDER, outcome="attended")
    client.post(
        reverse("consultations:survey", args=[links.survey_token(booking)]), {"action": "decline"}
    )
    assert SurveyOptOut.objects.filter(email=SENDER).exists()
    set_status(client, message, "answered", django_capture_on_commit_callbacks)
    assert surveys_sent() == []
    assert not Notice.objects.filter(message=message).exists()


def test_declining_from_a_message_survey_stops_later_ones(
    client, message, django_capture_on_commit_callbacks
):
    set_status(client, message, "answered", django_capture_on_commit_callbacks)
    response = client.post(survey_path(surveys_sent()[0]), {"action": "decline"})
    assert "We will not send you any more surveys." in response.content.decode()
    later = MessageFactory(liaison=message.liaison, sender_email=SENDER.upper())
    set_status(client, later, "answered", django_capture_on_commit_callbacks)
    assert len(surveys_sent()) == 1
    assert not Feedback.objects.exists()


def test_a_tampered_message_survey_link_is_a_clear_404(
    client, message, django_capture_on_commit_callbacks
):
    set_status(client, message, "answered", django_capture_on_commit_callbacks)
    url = survey_path(surveys_sent()[0])
    token = url.split("/")[-2]
    other = MessageFactory(liaison=message.liaison)
    forged = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature changed
        token[: len(token) // 2],  # cut short
        signing.dumps(f"message:{other.pk}", salt="another.salt", compress=False),
        links.manage_token(BookingFactory(liaison=message.liaison)),
        links.survey_token(other),  # a genuine signature, but no survey was sent for it
    ]
    for bad in forged:
        response = client.get(reverse("consultations:survey", args=[bad]))
        assert response.status_code == 404, bad
        assert "This survey link does not work" in response.content.decode()
        response = client.post(reverse("consultations:survey", args=[bad]), {"rating": "5"})
        assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_an_expired_survey_link_is_a_clear_410(
    client, message, django_capture_on_commit_callbacks, settings
):
    set_status(client, message, "answered", django_capture_on_commit_callbacks)
    url = survey_path(surveys_sent()[0])
    settings.CONSULTATIONS_SURVEY_LINK_DAYS = 30
    later = timezone.now() + timedelta(days=31)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(url, {"rating": "5"})
    assert response.status_code == 410
    assert "This survey link has expired" in response.content.decode()
    assert not Feedback.objects.exists()


def test_message_and_consultation_answers_are_counted_together_per_librarian(
    client, message, site_tree
):
    booking = BookingFactory(liaison=message.liaison, outcome="attended")
    Feedback.objects.create(booking=booking, rating=4, comment="Good meeting")
    Feedback.objects.create(message=message, rating=2, comment="Slow reply")
    other = LiaisonPageFactory(parent=site_tree["librarians"], title="Cy Other")
    Feedback.objects.create(message=MessageFactory(liaison=other), rating=5, comment="Cy's own")
    coordinator = UserFactory(email="coordinator@library.example.edu")
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    client.force_login(coordinator)
    html = client.get(reverse("consultation_bookings:feedback")).content.decode()
    ada_row = re.search(r"<tr><td>[^<]+</td><td>Ada Byrne</td>(.*?)</tr>", html).group(1)
    assert re.findall(r"<td>([^<]+)</td>", ada_row) == ["2", "1", "1", "3.0 of 5"]
    client.force_login(message.liaison.user)
    html = client.get(reverse("consultation_bookings:feedback")).content.decode()
    assert "Slow reply" in html and "Good meeting" in html
    assert "Cy's own" not in html and "Cy Other" not in html
