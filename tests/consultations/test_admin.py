"""The admin over HTTP: a librarian keeps their own availability and sees their own bookings;
coordinators see all and alone set the library's closed days. The permission matrix below is the
app's row in the portal's matrix (tests/editorial/test_permission_matrix.py covers pages)."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from consultations.models import Availability, Booking, ClosedDay
from editorial.roles import COORDINATOR, LIAISON, setup_roles
from tests.factories import LiaisonPageFactory, StudentFactory, UserFactory, build_site_tree
from tests.factories.consultations import AvailabilityFactory, BookingFactory
from tests.shared_rows import built_once, per_test_copy

pytestmark = pytest.mark.django_db


def build_world(site_tree):
    setup_roles()
    owner = LiaisonPageFactory(parent=site_tree["librarians"], title="Ana Owner")
    other = LiaisonPageFactory(parent=site_tree["librarians"], title="Cy Other")
    for page in (owner, other):
        page.user.groups.add(Group.objects.get(name=LIAISON))
    coordinator = UserFactory(email="coordinator@library.example.edu")
    coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    past = timezone.now() - timedelta(days=1)
    return {
        "owner": owner,
        "other": other,
        "users": {
            "owner": owner.user,
            "other": other.user,
            "coordinator": coordinator,
            "student": StudentFactory().user,
            "anonymous": None,
        },
        "availability": AvailabilityFactory(liaison=owner),
        "booking": BookingFactory(
            liaison=owner,
            start=past,
            end=past + timedelta(minutes=30),
            block_start=past,
            block_end=past + timedelta(minutes=30),
            client_name='=HYPERLINK("http://evil.example")',
            private_notes="Struggles with referencing",
        ),
        "closed": ClosedDay.objects.create(date=timezone.localdate() + timedelta(days=40)),
    }


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, lambda: build_world(build_site_tree()))


@pytest.fixture
def world(db, _world_rows):
    """Built once for the module and rolled back after it; each test runs in a savepoint inside,
    with its own copy of the objects (see tests/shared_rows.py)."""
    return per_test_copy(_world_rows)


def _get(url):
    return lambda client, w: client.get(url(w))


ACTIONS = {
    "bookings list": _get(lambda w: reverse("consultation_bookings:index")),
    "bookings export": _get(lambda w: reverse("consultation_bookings:index") + "?export=csv"),
    "booking outcome form": _get(
        lambda w: reverse("consultation_bookings:edit", args=[w["booking"].pk])
    ),
    "booking outcome save": lambda client, w: client.post(
        reverse("consultation_bookings:edit", args=[w["booking"].pk]),
        {"outcome": "attended", "consultation_type": "research", "private_notes": "Went well"},
    ),
    "availability list": _get(lambda w: reverse("consultation_availability:index")),
    "availability edit": _get(
        lambda w: reverse("consultation_availability:edit", args=[w["availability"].pk])
    ),
    "feed renew": lambda client, w: client.post(
        reverse("consultation_availability:renew_feed", args=[w["availability"].pk])
    ),
    "feedback results": _get(lambda w: reverse("consultation_bookings:feedback")),
    "closed days list": _get(lambda w: reverse("closed_days:index")),
    "closed day add": lambda client, w: client.post(
        reverse("closed_days:add"), {"date": "2031-12-25", "reason": "Christmas"}
    ),
}

# who may do what with Ana Owner's rows
ALLOWED = {
    "owner": {
        "bookings list",
        "bookings export",
        "booking outcome form",
        "booking outcome save",
        "availability list",
        "availability edit",
        "feed renew",
        "feedback results",
    },
    "coordinator": set(ACTIONS),
    # their own (empty) lists
    "other": {"bookings list", "bookings export", "availability list", "feedback results"},
    "student": set(),
    "anonymous": set(),
}


def _allowed(response):
    if response.status_code == 302:
        location = response["Location"]
        return "/login" not in location and "/accounts/" not in location and location != "/admin/"
    return response.status_code == 200


@pytest.mark.parametrize("actor", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_permission_matrix(client, world, actor, action):
    user = world["users"][actor]
    if user is not None:
        client.force_login(user)
    response = ACTIONS[action](client, world)
    assert _allowed(response) == (action in ALLOWED[actor]), (actor, action, response.status_code)


def test_another_librarian_sees_none_of_the_owners_bookings(client, world):
    client.force_login(world["users"]["other"])
    listing = client.get(reverse("consultation_bookings:index")).content.decode()
    assert "HYPERLINK" not in listing
    response = client.get(reverse("consultation_bookings:index") + "?export=csv")
    export = b"".join(response.streaming_content).decode()
    assert "HYPERLINK" not in export


def test_outcome_is_saved_and_the_needs_outcome_list_empties(client, world):
    client.force_login(world["users"]["owner"])
    index = reverse("consultation_bookings:index")
    assert "HYPERLINK" in client.get(index + "?when=needs-outcome").content.decode()
    client.post(
        reverse("consultation_bookings:edit", args=[world["booking"].pk]),
        {"outcome": "no-show", "consultation_type": "data", "private_notes": "Did not come"},
    )
    client.get(index)  # shows (and so clears) the "updated" message
    booking = Booking.objects.get(pk=world["booking"].pk)
    assert (booking.outcome, booking.consultation_type) == ("no-show", "data")
    assert booking.private_notes == "Did not come"
    assert "HYPERLINK" not in client.get(index + "?when=needs-outcome").content.decode()


def test_the_csv_export_is_safe_to_open_and_holds_no_private_notes(client, world):
    client.force_login(world["users"]["owner"])
    response = client.get(reverse("consultation_bookings:index") + "?export=csv")
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content)))
    names = [row[2] for row in rows[1:]]
    assert names == ['\'=HYPERLINK("http://evil.example")']
    assert "Struggles with referencing" not in content


def test_a_librarian_creates_their_own_availability_only(client, world):
    client.force_login(world["users"]["other"])
    response = client.get(reverse("consultation_availability:add"))
    assert response.status_code == 200
    assert 'name="liaison"' not in response.content.decode()
    data = {
        "is_active": "on",
        "slot_minutes": "45",
        "buffer_before_minutes": "0",
        "buffer_after_minutes": "15",
        "notice_hours": "12",
        "window_days": "21",
        "max_per_day": "",
        "max_per_week": "",
        "reminder_hours": "24",
        "liaison": str(world["owner"].pk),  # ignored: not a field for librarians
        "rules-TOTAL_FORMS": "1",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "1000",
        "rules-0-weekday": "1",
        "rules-0-start": "10:00",
        "rules-0-end": "12:00",
        "rules-0-mode": "online",
        "rules-0-location": "https://meet.example/cy",
        "rules-0-ORDER": "1",
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
        "exceptions-MIN_NUM_FORMS": "0",
        "exceptions-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("consultation_availability:add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    mine = Availability.objects.get(liaison=world["other"])
    assert mine.slot_minutes == 45
    assert [str(r) for r in mine.rules.all()] == ["Tuesday 10:00–12:00"]
    assert Availability.objects.get(liaison=world["owner"]).slot_minutes == 30
    # a second "add" opens their own instead of making another
    again = client.get(reverse("consultation_availability:add"))
    assert again["Location"] == reverse("consultation_availability:edit", args=[mine.pk])


def test_availability_refuses_a_meeting_length_outside_15_to_120_minutes(client, world):
    client.force_login(world["users"]["owner"])
    url = reverse("consultation_availability:edit", args=[world["availability"].pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "slot_minutes": "5",
            "rules-TOTAL_FORMS": "0",
            "rules-INITIAL_FORMS": "0",
            "rules-MIN_NUM_FORMS": "0",
            "rules-MAX_NUM_FORMS": "1000",
            "exceptions-TOTAL_FORMS": "0",
            "exceptions-INITIAL_FORMS": "0",
            "exceptions-MIN_NUM_FORMS": "0",
            "exceptions-MAX_NUM_FORMS": "1000",
        }
    )
    data["is_active"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 15." in response.content.decode()
    assert Availability.objects.get(pk=world["availability"].pk).slot_minutes == 30


def test_renewing_the_feed_stops_the_old_address(client, world):
    old = world["availability"].feed_token
    client.force_login(world["users"]["owner"])
    edit = client.get(reverse("consultation_availability:edit", args=[world["availability"].pk]))
    assert old in edit.content.decode()
    client.post(reverse("consultation_availability:renew_feed", args=[world["availability"].pk]))
    assert client.get(reverse("consultations:feed", args=[old])).status_code == 404
