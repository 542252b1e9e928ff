import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import EnquiryIndexPageFactory, LiaisonPageFactory, ProgrammeFactory

FAILING = "tests.inbox.backends.FailingBackend"
KILLED = "tests.inbox.backends.KilledBackend"
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="MSc Chemistry", code="MSC-CHEM")


@pytest.fixture
def liaison(site_tree):
    return LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ada Byrne", email="ada.byrne@library.example.edu"
    )


@pytest.fixture
def other_liaison(site_tree):
    return LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ben Okafor", email="ben.okafor@library.example.edu"
    )


@pytest.fixture
def enquiries(site_tree):
    return EnquiryIndexPageFactory(parent=site_tree["home"])


def contact_url(liaison):
    """Where a librarian's contact form posts (its own uncached address, not the profile)."""
    return reverse("contact", args=[liaison.slug])


def contact_post(**overrides):
    data = {
        "contact-name": "Sam Student",
        "contact-email": "sam@students.example.edu",
        "contact-subject": "Finding sources",
        "contact-message": "Where do I start with my literature review?",
        "contact-website": "",
    }
    data.update({f"contact-{k}": v for k, v in overrides.items()})
    return data
