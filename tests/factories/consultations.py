"""Factories for availability and bookings: the test suite and the demo data both use them."""

import datetime

import factory
from factory.django import DjangoModelFactory

from consultations.models import Availability, AvailabilityRule, Booking
from tests.factories import LiaisonPageFactory


class AvailabilityFactory(DjangoModelFactory):
    """Every day 09:00–12:00 in person, 30-minute meetings, no notice, no buffers, two weeks."""

    class Meta:
        model = Availability
        skip_postgeneration_save = True

    liaison = factory.SubFactory(LiaisonPageFactory)
    slot_minutes = 30
    buffer_before_minutes = 0
    buffer_after_minutes = 0
    notice_hours = 0
    window_days = 14

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        if not create:
            return
        for weekday in range(7) if extracted is None else extracted:
            AvailabilityRule.objects.create(
                availability=self,
                weekday=weekday,
                start=datetime.time(9),
                end=datetime.time(12),
                location="Library, room 2.14",
            )


class BookingFactory(DjangoModelFactory):
    class Meta:
        model = Booking

    liaison = factory.SubFactory(LiaisonPageFactory)
    start = factory.LazyFunction(
        lambda: (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)).replace(
            minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(minutes=30))
    block_start = factory.SelfAttribute("start")
    block_end = factory.SelfAttribute("end")
    topic = "Finding sources for my dissertation"
    client_name = "Sam Student"
    client_email = "sam@students.example.edu"
