import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache

from students.models import Assignment
from tests.factories import LiaisonPageFactory, StudentFactory
from tests.factories.consultations import AvailabilityFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def liaison(site_tree):
    return LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ada Byrne", email="ada.byrne@library.example.edu"
    )


@pytest.fixture
def availability(liaison):
    return AvailabilityFactory(liaison=liaison)


@pytest.fixture
def student(liaison):
    student = StudentFactory(preferred_name="Sam")
    EmailAddress.objects.create(
        user=student.user, email=student.user.email, verified=True, primary=True
    )
    Assignment.objects.create(student=student, liaison=liaison, programme=student.programme)
    return student


def booking_post(slot, **overrides):
    data = {
        "slot": slot,
        "topic": "Finding sources for my dissertation",
        "programme": "",
        "course": "CHEM301",
        "name": "Sam Visitor",
        "email": "sam@partner.example.org",
    }
    data.update(overrides)
    return data
