"""The demo's consultation hours: after seeding, every demo librarian takes bookings through the
portal and has free slots next week, so the Book buttons of `make run` work."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import Availability, AvailabilityRule
from demo.steps import consultations as demo
from liaison_pages.models import LiaisonPage
from tests.factories import LiaisonPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def librarians(site_tree):
    parent = site_tree["librarians"]
    return [
        LiaisonPageFactory(parent=parent, title="Ada Byrne", phone="+44 20 7946 0100"),
        LiaisonPageFactory(parent=parent, title="Tomás Okafor"),
        # seeded before the portal took bookings: a placeholder external booking link
        LiaisonPageFactory(
            parent=parent,
            title="Priya Raman",
            booking_url="https://library.example.edu/book/priya-raman",
        ),
        LiaisonPageFactory(parent=parent, title="Jon Hale"),
        LiaisonPageFactory(parent=parent, title="Mei Lin"),
    ]


def next_week(now=None):
    """Monday to Sunday of next week, in the library's time zone."""
    today = timezone.localdate(now)
    monday = today + timedelta(days=7 - today.weekday())
    return monday, monday + timedelta(days=6)


def test_seeded_librarians_all_have_free_slots_next_week(client, librarians):
    demo.seed({})
    monday, sunday = next_week()
    for liaison in LiaisonPage.objects.filter(pk__in=[p.pk for p in librarians]):
        availability = services.bookable(liaison)
        assert availability is not None, liaison.title
        free = services.free_slots_for(availability)
        days = {timezone.localtime(slot.start).date() for slot in free}
        assert any(monday <= day <= sunday for day in days), liaison.title
        html = client.get(f"/consultations/book/{liaison.slug}/").content.decode()
        assert 'name="slot"' in html, liaison.title


def test_seeding_drops_the_placeholder_booking_link_in_a_published_revision(client, librarians):
    demo.seed({})
    priya = LiaisonPage.objects.get(title="Priya Raman")
    assert priya.booking_url == ""
    assert priya.get_latest_revision_as_object().booking_url == ""
    response = client.get(f"/consultations/book/{priya.slug}/")
    assert response.status_code == 200  # the portal's own slot picker, not a redirect


def test_demo_hours_spread_over_the_week_in_every_format(librarians):
    demo.seed({})
    rules = AvailabilityRule.objects.all()
    assert {rule.weekday for rule in rules} == {0, 1, 2, 3, 4}
    assert {rule.mode for rule in rules} == {"in-person", "online", "phone"}
    online = rules.filter(mode="online").first()
    assert online.location.startswith("https://meet.library.example.edu/")
    for phone in rules.filter(mode="phone").select_related("availability__liaison"):
        assert phone.location == phone.availability.liaison.phone


def test_seeding_again_keeps_each_librarians_hours_and_adds_none(librarians):
    demo.seed({})
    ada = Availability.objects.get(liaison__title="Ada Byrne")
    ada.rules.all().delete()  # a librarian changed their hours in the admin
    AvailabilityRule.objects.create(
        availability=ada, weekday=5, start="10:00", end="11:00", location="Reading room"
    )
    counts = (Availability.objects.count(), AvailabilityRule.objects.count())
    demo.seed({})
    assert (Availability.objects.count(), AvailabilityRule.objects.count()) == counts
    assert [r.location for r in Availability.objects.get(pk=ada.pk).rules.all()] == ["Reading room"]


def test_an_inactive_librarian_gets_no_hours(librarians):
    LiaisonPage.objects.filter(title="Mei Lin").update(is_active=False)
    demo.seed({})
    assert not Availability.objects.filter(liaison__title="Mei Lin").exists()
