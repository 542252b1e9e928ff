import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission
from django.core.cache import cache

from editorial.roles import setup_groups
from outreach.models import Campaign
from students.models import Assignment
from taxonomy.models import Programme
from tests.factories import LiaisonPageFactory, ProgrammeFactory, StudentFactory, UserFactory


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def assign(student, liaison, **extra):
    return Assignment.objects.create(
        student=student, liaison=liaison, programme=student.programme, reason="test", **extra
    )


@pytest.fixture
def world(site_tree):
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
