"""bench/evidence.py's consultations top-up (issue #19's 20,000 consultations): bookings that
the database accepts, spread over librarians, types and outcomes, with feedback only on attended
ones, and a second run that adds nothing."""

import importlib.util
from pathlib import Path

import pytest
from django.utils import timezone

from consultations.models import Booking, Feedback
from tests.factories import LiaisonPageFactory

BENCH = Path(__file__).resolve().parents[2] / "bench" / "evidence.py"

pytestmark = pytest.mark.django_db


def bench():
    spec = importlib.util.spec_from_file_location("bench_evidence", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_consultations_top_up_fills_the_target_once(world):
    LiaisonPageFactory(parent=world.librarians)
    top_up = bench().top_up_consultations
    have = Booking.objects.count()
    assert top_up(have + 600) == 600
    assert top_up(have + 600) == 0
    own = Booking.objects.exclude(client_name__startswith="Client ").count()
    assert own == have  # the world's own bookings are untouched
    bookings = Booking.objects.filter(client_name__startswith="Client ")
    assert bookings.values("liaison").distinct().count() >= 3
    assert bookings.filter(start__gt=timezone.now()).exists()  # upcoming ones too
    assert set(bookings.values_list("outcome", flat=True)) >= {
        "",
        Booking.Outcome.ATTENDED,
        Booking.Outcome.NO_SHOW,
    }
    assert bookings.filter(status=Booking.Status.CANCELLED).exists()
    answers = Feedback.objects.filter(booking__in=bookings)
    assert answers.exists()
    assert not answers.exclude(booking__outcome=Booking.Outcome.ATTENDED).exists()
