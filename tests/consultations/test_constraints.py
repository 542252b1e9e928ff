"""The database's own guard against double booking, on every database."""

import pytest
from django.db import IntegrityError, transaction

from consultations.models import Booking
from tests.factories.consultations import BookingFactory

pytestmark = pytest.mark.django_db


def test_a_second_standing_booking_of_one_slot_is_refused(liaison):
    first = BookingFactory(liaison=liaison)
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(liaison=liaison, start=first.start)


def test_a_cancelled_booking_frees_its_slot_for_another(liaison):
    first = BookingFactory(liaison=liaison)
    first.status = Booking.Status.CANCELLED
    first.save()
    BookingFactory(liaison=liaison, start=first.start)
    assert Booking.objects.filter(start=first.start).count() == 2
