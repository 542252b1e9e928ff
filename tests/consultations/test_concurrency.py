"""Twenty people book the same slot at the same moment: exactly one gets it.

Runs on PostgreSQL only: SQLite serialises every write to the whole database, so parallel
bookings there cannot race at all (its unique (librarian, start) row is tested in
test_constraints.py); PostgreSQL is where two transactions really interleave and where the
exclusion constraint stands behind the row lock.
"""

import threading

import pytest
from django.db import connection

from consultations import services
from consultations.models import Booking
from tests.factories import LiaisonPageFactory
from tests.factories.consultations import AvailabilityFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _leave_database_as_migrated(leave_database_as_migrated):
    yield


def test_twenty_parallel_bookings_of_one_slot_give_exactly_one_booking(site_tree):
    availability = AvailabilityFactory(liaison=LiaisonPageFactory(parent=site_tree["librarians"]))
    slot = services.free_slots_for(availability)[0]
    barrier = threading.Barrier(20)
    results = []

    def attempt(n):
        try:
            barrier.wait()
            booking = services.book(
                availability,
                slot.start,
                topic=f"Attempt {n}",
                client_name=f"Person {n}",
                client_email=f"person{n}@example.org",
            )
            results.append(("booked", booking.pk))
        except services.SlotTaken as exc:
            results.append(("taken", exc.next_slots))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    booked = [r for r in results if r[0] == "booked"]
    taken = [r for r in results if r[0] == "taken"]
    assert len(booked) == 1
    assert len(taken) == 19
    assert Booking.objects.filter(start=slot.start).count() == 1
    for _, next_slots in taken:
        assert next_slots  # everyone who lost is offered the next free times
        assert slot.start not in [s.start for s in next_slots]


def test_the_database_refuses_an_overlapping_booking_even_without_the_lock(site_tree):
    """The exclusion constraint on its own: a meeting overlapping another's buffers."""
    from datetime import timedelta

    from django.db import IntegrityError

    from tests.factories.consultations import BookingFactory

    liaison = LiaisonPageFactory(parent=site_tree["librarians"])
    first = BookingFactory(liaison=liaison)
    with pytest.raises(IntegrityError):
        BookingFactory(
            liaison=liaison,
            start=first.start + timedelta(minutes=15),
            end=first.end + timedelta(minutes=15),
        )
