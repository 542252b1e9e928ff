"""Each evidence page costs a fixed number of queries, whatever the amount of data: counted on the
seeded world, then again after adding librarians, programmes, students, messages, guides,
consultations (with feedback), outreach emails and unsubscribes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations.models import Booking
from inbox.models import Message
from outreach.models import Send
from tests.factories import GuidePageFactory, LiaisonPageFactory, ProgrammeFactory, StudentFactory
from tests.factories.consultations import AvailabilityFactory

from .world import assign, at, booking, campaign, feedback, message, send, unsubscribe

pytestmark = pytest.mark.django_db

MAX_QUERIES = 50  # the admin's own (session, user, menu, 2FA) plus each page's read models

PAGES = [
    ("coordinator", "evidence:programme", {"period": "12m"}),
    ("coordinator", "evidence:coverage", {}),
    ("coordinator", "evidence:workload", {"all": "1"}),
    ("coordinator", "evidence:messages", {"period": "12m"}),
    ("ada", "evidence:mine", {"period": "12m"}),
    ("ada", "evidence:messages", {}),
]


def grow(world, n):
    for i in range(n):
        programme = ProgrammeFactory(department=world.chemistry if i % 2 else world.history)
        liaison = LiaisonPageFactory(parent=world.librarians, programmes=[programme])
        AvailabilityFactory(liaison=liaison, max_per_week=2)
        guide = GuidePageFactory(parent=world.guides, liaison=liaison)
        guide.programmes.set([programme])
        guide.save_revision().publish()
        news = campaign(f"News {i}", "News", liaison=liaison)
        for j in range(3):
            student = StudentFactory(programme=programme)
            assign(student, liaison, at(9, 2 + j))
            message(liaison, at(9, 3 + j), Message.Status.NEW, programme=programme)
            message(world.ada, at(9, 3 + j), Message.Status.ANSWERED, at(9, 4 + j), programme)
            for who in (liaison, world.ada):  # afternoons: clear of the world's bookings
                met = booking(who, at(9, 3 + j, 13 + i, 15), student, Booking.Type.DATA, "attended")
                feedback(met, 1 + j, at(9, 4 + j), f"Comment {i}-{j}")
            send(news, student, liaison, at(9, 5 + j))
            send(world.campaigns.welcome, student, world.ada, at(9, 5 + j), Send.Status.FAILED)
            unsubscribe(student, at(9, 6 + j))


def count(client, name, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("who", "name", "params"), PAGES)
def test_evidence_page_queries_do_not_grow_with_data(
    client, world, who, name, params, django_assert_max_num_queries
):
    client.force_login(world.coordinator if who == "coordinator" else world.ada.user)
    client.get(reverse(name), params)  # warm the per-process caches (content types, site)
    small = count(client, name, params)
    grow(world, 4)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(reverse(name), params)
    assert count(client, name, params) == small


@pytest.mark.parametrize("who", ["coordinator", "ada"])
def test_student_timeline_queries_do_not_grow_with_history(client, world, who):
    client.force_login(world.coordinator if who == "coordinator" else world.ada.user)
    student = world.ada_students[0]
    url = reverse("evidence:student", args=[student.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for day in range(5):
        message(world.ada, at(8, 1 + day), sender_user=student.user)
        met = booking(world.ada, at(8, 1 + day, 15), student, outcome="attended")
        feedback(met, 4, at(8, 2 + day), "Thanks")
        booking(world.bo, at(8, 1 + day, 16), student)  # not Ada's: filtered in the same query
        send(campaign(f"Campaign {day}", "Hello"), student, world.ada, at(8, 1 + day, 17))
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before) <= MAX_QUERIES


def test_address_timeline_queries_do_not_grow_with_history(client, world):
    client.force_login(world.ada.user)
    student = world.client
    url = reverse("evidence:address")
    params = {"email": student.user.email}
    client.get(url, params)
    with CaptureQueriesContext(connection) as before:
        client.get(url, params)
    for day in range(5):
        met = booking(world.ada, at(7, 1 + day, 15), student, outcome="attended")
        feedback(met, 4, at(7, 2 + day), "Thanks")
        send(campaign(f"Campaign {day}", "Hello"), student, world.ada, at(7, 1 + day, 17))
    with CaptureQueriesContext(connection) as after:
        response = client.get(url, params)
    assert len(response.context["entries"]) == 7 + 15
    assert len(after) == len(before) <= MAX_QUERIES
