"""Booking from the public pages, without JavaScript: pick a slot, say what it is about, book."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import resolve, reverse
from django.utils import timezone

from consultations import links, services
from consultations.models import Booking, ClosedDay
from tests.factories import LiaisonPageFactory, ServiceIndexPageFactory, ServicePageFactory
from tests.factories.taxonomy import ProgrammeFactory

from .conftest import booking_post

pytestmark = pytest.mark.django_db


def book_url(liaison):
    return reverse("consultations:book", args=[liaison.slug])


def offered(html):
    return re.findall(r'name="slot" value="([^"]+)"', html)


def test_booking_page_offers_the_free_times_as_radio_buttons(client, availability):
    response = client.get(book_url(availability.liaison))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Book a consultation with Ada Byrne" in html
    slots = offered(html)
    assert 6 * 4 <= len(slots) <= 6 * 5  # the next five days with free times, six a day
    assert html.count('<fieldset class="slot-day">') == 5
    assert "· in person" in html  # each day says its format once
    later = client.get(book_url(availability.liaison) + "?days=all").content.decode()
    assert len(offered(later)) >= 6 * 14  # two weeks (minus today's past ones)
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


def test_booking_a_slot_stores_it_and_emails_both_sides(
    client, availability, django_capture_on_commit_callbacks
):
    slot = offered(client.get(book_url(availability.liaison)).content.decode())[3]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(availability.liaison), booking_post(slot))
    booking = Booking.objects.get()
    assert response.status_code == 302
    # the signed link carries a timestamp, so compare what it names, not its text
    target = resolve(response["Location"])
    assert target.view_name == "consultations:manage"
    assert links.booking_for(target.kwargs["token"]) == booking
    assert booking.start.strftime("%Y-%m-%dT%H:%MZ") == slot
    assert booking.end - booking.start == timedelta(minutes=30)
    assert booking.location == "Library, room 2.14"
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada.byrne@library.example.edu",
        "sam@partner.example.org",
    ]
    page = client.get(response["Location"])
    assert "Booked. We have emailed you the invitation." in page.content.decode()
    assert "Finding sources for my dissertation" in page.content.decode()


def test_a_booked_slot_is_no_longer_offered(client, availability):
    slot = offered(client.get(book_url(availability.liaison)).content.decode())[0]
    client.post(book_url(availability.liaison), booking_post(slot))
    assert slot not in offered(client.get(book_url(availability.liaison)).content.decode())


def test_booking_a_taken_slot_says_so_and_offers_the_next_free_ones(client, availability):
    slot = offered(client.get(book_url(availability.liaison)).content.decode())[0]
    client.post(book_url(availability.liaison), booking_post(slot))
    response = client.post(
        book_url(availability.liaison), booking_post(slot, email="late@partner.example.org")
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "That time has just been taken." in html
    assert "The next free times are" in html
    assert 'value="Finding sources for my dissertation"' in html  # nothing typed is lost
    assert Booking.objects.count() == 1


def test_a_student_books_as_themselves_with_their_details_filled_in(client, availability, student):
    client.force_login(student.user)
    response = client.get(book_url(availability.liaison))
    html = response.content.decode()
    assert f'value="{student.user.email}"' in html
    assert 'value="Sam"' in html
    assert 'name="programme"' not in html  # their account says which programme they are on
    slot = offered(html)[0]
    other = ProgrammeFactory()
    client.post(
        book_url(availability.liaison),
        booking_post(slot, email="someone.else@example.org", name="Sam", programme=other.pk),
    )
    booking = Booking.objects.get()
    assert booking.client_email == student.user.email  # the address cannot be swapped
    assert booking.client_user == student.user
    assert booking.programme == student.programme  # nor the programme


def test_my_librarian_and_the_profile_link_to_the_booking_page(client, availability, student):
    availability.liaison.save_revision().publish()
    profile = client.get(availability.liaison.url).content.decode()
    assert f'href="{book_url(availability.liaison)}"' in profile
    client.force_login(student.user)
    mine = client.get(reverse("students:my_librarian")).content.decode()
    assert f'href="{book_url(availability.liaison)}"' in mine
    assert "Book a consultation with Ada Byrne" in mine


def test_a_service_page_links_to_booking_each_librarian_who_takes_bookings(
    client, availability, site_tree
):
    other = LiaisonPageFactory(parent=site_tree["librarians"], title="Ben Okafor")
    catalogue = ServiceIndexPageFactory(parent=site_tree["home"])
    service = ServicePageFactory(
        parent=catalogue, title="Research consultations", liaisons=[availability.liaison, other]
    )
    html = client.get(service.url).content.decode()
    assert f'href="{book_url(availability.liaison)}"' in html
    assert f'href="{book_url(other)}"' not in html  # Ben keeps no availability here


def test_an_external_booking_link_still_wins(client, availability):
    liaison = availability.liaison
    liaison.booking_url = "https://libcal.example.edu/ada"
    liaison.save_revision().publish()
    assert 'href="https://libcal.example.edu/ada"' in client.get(liaison.url).content.decode()
    response = client.get(book_url(liaison))
    assert response.status_code == 302
    assert response["Location"] == "https://libcal.example.edu/ada"


def test_a_librarian_without_availability_has_no_button_and_no_booking_page(client, liaison):
    liaison.save_revision().publish()
    assert book_url(liaison) not in client.get(liaison.url).content.decode()
    response = client.get(book_url(liaison))
    assert response.status_code == 404
    assert "not taking bookings" in response.content.decode()


def test_closed_days_and_switched_off_availability_offer_nothing(client, availability):
    today = timezone.localdate()
    for n in range(16):
        ClosedDay.objects.create(date=today + timedelta(days=n))
    assert offered(client.get(book_url(availability.liaison)).content.decode()) == []
    availability.is_active = False
    availability.save()
    assert client.get(book_url(availability.liaison)).status_code == 404


@pytest.mark.parametrize(
    "slot",
    ["", "tomorrow", "2020-01-01T09:00Z", "2999-01-01T09:00Z", "9" * 5000, "\x00", "<script>"],
)
def test_booking_refuses_a_time_that_is_not_offered(client, availability, slot):
    response = client.post(book_url(availability.liaison), booking_post(slot))
    assert response.status_code in (400, 409)
    assert Booking.objects.count() == 0


def test_booking_refuses_line_breaks_and_bad_addresses_with_a_form_error(client, availability):
    slot = offered(client.get(book_url(availability.liaison)).content.decode())[0]
    response = client.post(
        book_url(availability.liaison),
        booking_post(slot, topic="Hi\r\nBcc: victim@example.org", email="not-an-address"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please keep this to a single line." in html
    assert "Enter a valid email address." in html
    assert Booking.objects.count() == 0


def test_booking_is_rate_limited_per_address(client, availability, settings):
    settings.CONSULTATIONS_RATE_LIMITS = {"email": (2, 600), "ip": (100, 600)}
    slots = offered(client.get(book_url(availability.liaison)).content.decode())
    for slot in slots[:2]:
        assert client.post(book_url(availability.liaison), booking_post(slot)).status_code == 302
    response = client.post(book_url(availability.liaison), booking_post(slots[2]))
    assert response.status_code == 429
    assert "please try again in" in response.content.decode()
    assert "Nothing was booked yet." in response.content.decode()
    assert Booking.objects.count() == 2


def test_the_booking_page_stays_within_the_query_budget(
    client, availability, django_assert_max_num_queries
):
    client.get(book_url(availability.liaison))  # the site's settings and caches are made once
    with django_assert_max_num_queries(10):
        assert client.get(book_url(availability.liaison)).status_code == 200


def test_the_booking_page_stays_within_the_query_budget_for_a_student(
    client, availability, student, django_assert_max_num_queries
):
    client.force_login(student.user)
    client.get(book_url(availability.liaison))
    with django_assert_max_num_queries(10):
        assert client.get(book_url(availability.liaison)).status_code == 200


def test_service_refuses_a_slot_inside_the_buffer_of_another_booking(availability):
    availability.buffer_after_minutes = 15
    availability.save()
    free = services.free_slots_for(availability)
    first = free[0]
    services.book(availability, first.start, topic="a", client_name="A", client_email="a@x.org")
    with pytest.raises(services.SlotTaken) as taken:
        services.book(availability, first.end, topic="b", client_name="B", client_email="b@x.org")
    assert first.end not in [s.start for s in taken.value.next_slots]


def test_the_book_button_follows_availability_being_switched_off(client, availability):
    liaison = availability.liaison
    liaison.save_revision().publish()
    assert book_url(liaison) in client.get(liaison.url).content.decode()
    availability.is_active = False
    availability.save()
    assert book_url(liaison) not in client.get(liaison.url).content.decode()


def test_a_cached_public_profile_drops_the_book_button_with_the_availability(
    client, availability, settings
):
    """The page cache keeps anonymous profiles whole: switching availability off renews it."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    liaison = availability.liaison
    liaison.save_revision().publish()
    assert book_url(liaison) in client.get(liaison.url).content.decode()
    assert book_url(liaison) in client.get(liaison.url).content.decode()  # from the cache
    availability.is_active = False
    availability.save()
    assert book_url(liaison) not in client.get(liaison.url).content.decode()
