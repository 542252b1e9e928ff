"""The one survey after an attended consultation: sent once, answered once from a signed link,
declinable; comments stay with the librarian and coordinators."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from consultations import links
from consultations.models import Feedback, Notice, SurveyOptOut
from editorial.roles import LIAISON, setup_roles
from tests.factories.consultations import BookingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_booking(liaison):
    setup_roles()
    liaison.user.groups.add(Group.objects.get(name=LIAISON))
    start = timezone.now() - timedelta(days=1)
    return BookingFactory(
        liaison=liaison,
        start=start,
        end=start + timedelta(minutes=30),
        block_start=start,
        block_end=start + timedelta(minutes=30),
    )


def mark_attended(client, booking, captured):
    client.force_login(booking.liaison.user)
    with captured(execute=True):
        client.post(
            reverse("consultation_bookings:edit", args=[booking.pk]),
            {"outcome": "attended", "consultation_type": "research", "private_notes": "Secret"},
        )
    client.logout()


def test_marking_attended_sends_one_survey_with_a_signed_link(
    client, past_booking, django_capture_on_commit_callbacks
):
    mark_attended(client, past_booking, django_capture_on_commit_callbacks)
    mark_attended(client, past_booking, django_capture_on_commit_callbacks)  # saved again
    surveys = [m for m in mail.outbox if m.subject.startswith("How was your consultation")]
    assert len(surveys) == 1
    assert surveys[0].to == ["sam@students.example.edu"]
    assert "Secret" not in surveys[0].body
    url = re.search(r"http://testserver(/consultations/feedback/\S+/)", surveys[0].body).group(1)
    assert client.post(url, {"rating": "4", "comment": "Very helpful"}).status_code == 200
    assert client.post(url, {"rating": "1", "comment": "Changed my mind"}).status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment) == (4, "Very helpful")  # once


def test_a_declined_address_gets_no_more_surveys(
    client, past_booking, django_capture_on_commit_callbacks
):
    mark_attended(client, past_booking, django_capture_on_commit_callbacks)
    url = reverse("consultations:survey", args=[links.survey_token(past_booking)])
    client.post(url, {"action": "decline"})
    assert SurveyOptOut.objects.filter(email="sam@students.example.edu").exists()
    later = BookingFactory(
        liaison=past_booking.liaison, start=past_booking.start - timedelta(days=7)
    )
    mark_attended(client, later, django_capture_on_commit_callbacks)
    assert not Notice.objects.filter(booking=later, kind=Notice.Kind.SURVEY).exists()


@pytest.mark.parametrize("rating", ["", "0", "6", "-1", "five", "\x00", "9" * 500])
def test_survey_refuses_a_rating_outside_1_to_5(client, past_booking, rating):
    past_booking.outcome = "attended"
    past_booking.save()
    url = reverse("consultations:survey", args=[links.survey_token(past_booking)])
    response = client.post(url, {"rating": rating, "comment": "x"})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_survey_link_of_a_booking_not_attended_or_forged_opens_nothing(client, past_booking):
    url = reverse("consultations:survey", args=[links.survey_token(past_booking)])
    assert client.get(url).status_code == 404  # no outcome yet
    manage_token = links.manage_token(past_booking)  # another link's signature
    assert client.get(reverse("consultations:survey", args=[manage_token])).status_code == 404


def test_feedback_results_show_to_the_librarian_and_coordinators_only(
    client, past_booking, site_tree
):
    from editorial.roles import COORDINATOR
    from tests.factories import LiaisonPageFactory, UserFactory

    Feedback.objects.create(booking=past_booking, rating=5, comment="Changed how I search")
    other = LiaisonPageFactory(parent=site_tree["librarians"], title="Cy Other")
    other.user.groups.add(Group.objects.get(name=LIAISON))
    coordinator = UserFactory(email="coordinator@library.example.edu")
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    url = reverse("consultation_bookings:feedback")
    for user, sees in ((past_booking.liaison.user, True), (coordinator, True), (other.user, False)):
        client.force_login(user)
        html = client.get(url).content.decode()
        assert ("Changed how I search" in html) is sees
        assert ("5.0 of 5" in html) is sees
