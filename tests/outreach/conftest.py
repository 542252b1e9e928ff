import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core.cache import cache

from editorial.roles import setup_groups
from outreach.models import Campaign
from students.models import Assignment
from taxonomy.models import Programme
from tests.factories import (
    LiaisonPageFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
    build_site_tree,
)
from tests.shared_rows import built_once, per_test_copy


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def assign(student, liaison, **extra):
    return Assignment.objects.create(
        student=student, liaison=liaison, programme=student.programme, reason="test", **extra
    )


def build_world(site_tree):
    """Two librarians with two students each, on two programmes, and a coordinator."""
    chem = ProgrammeFactory(code="BSC-CHEM", name="BSc Chemistry")
    hist = ProgrammeFactory(code="MA-HIST", name="MA History", level=Programme.Level.GRADUATE)
    ada = LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Ada Byrne",
        email="ada.byrne@library.example.edu",
        booking_url="https://book.example.edu/ada",
    )
    ben = LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ben Okafor", email="ben.okafor@library.example.edu"
    )
    students = {
        "sam": StudentFactory(name="Sam Student", preferred_name="Sam", programme=chem),
        "ria": StudentFactory(name="Ria Rao", programme=chem, level="Year 2"),
        "tom": StudentFactory(name="Tom Tan", programme=hist, level="Postgraduate"),
        "una": StudentFactory(name="Una Ube", programme=hist, level="Postgraduate"),
    }
    for student in students.values():
        EmailAddress.objects.create(
            user=student.user, email=student.user.email, verified=True, primary=True
        )
    assign(students["sam"], ada)
    assign(students["ria"], ada)
    assign(students["tom"], ben)
    assign(students["una"], ben)
    coordinator = UserFactory(email="coordinator@library.example.edu")
    coordinator.groups.add(setup_groups()[1])  # the Coordinator group, with its permissions
    access = Permission.objects.get(codename="access_admin")
    for user in (coordinator, ada.user, ben.user):
        user.user_permissions.add(access)
    return {
        "site": site_tree,
        "chem": chem,
        "hist": hist,
        "ada": ada,
        "ben": ben,
        "coordinator": coordinator,
        **students,
    }


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker):
    yield from built_once(django_db_blocker, lambda: build_world(build_site_tree()))


@pytest.fixture
def world(db, _world_rows):
    """The world of ``build_world``, built once per module and rolled back after it; each test runs
    in a savepoint inside it, with its own copy of the objects (see ``tests/shared_rows.py``)."""
    return per_test_copy(_world_rows)


def make_campaign(**fields):
    programmes = fields.pop("programmes", ())
    fields.setdefault("title", "Welcome")
    fields.setdefault("subject", "Hello {{ preferred_name }}")
    fields.setdefault(
        "body",
        "<p>Dear {{ preferred_name }}, I am {{ librarian_name }}, the librarian for "
        "{{ programme }}. {{ booking_link }}</p>{{ programme_guides }}",
    )
    campaign = Campaign.objects.create(**fields)
    campaign.programmes.set(programmes)
    return campaign
