"""People in each role, with verified addresses so they can sign in through allauth, and
authenticators made the way allauth makes them."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache

from editorial.roles import setup_roles
from tests.factories import LiaisonPageFactory, StudentFactory, UserFactory

from .helpers import SECRET


@pytest.fixture(autouse=True)
def fresh_cache():
    """allauth keeps rate limits and used TOTP codes in the default cache: none carry over."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="module", autouse=True)
def _leave_database_as_migrated(leave_database_as_migrated):
    """Transactional tests here empty every table; see tests/conftest.py."""


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture
def groups(db):
    liaison, coordinator = setup_roles()
    return {"liaison": liaison, "coordinator": coordinator}


@pytest.fixture
def coordinator(groups):
    user = verified(UserFactory(email="cora.ordinator@library.example.edu", first_name="Cora"))
    user.groups.add(groups["coordinator"])
    return user


@pytest.fixture
def superuser(db):
    return verified(UserFactory(email="root@library.example.edu", is_staff=True, is_superuser=True))


@pytest.fixture
def liaison(site_tree, groups):
    page = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    user = verified(page.user)
    user.groups.add(groups["liaison"])
    return user


@pytest.fixture
def student(db):
    return verified(StudentFactory().user)


def enrol(user, secret=SECRET):
    """An authenticator app and recovery codes, as allauth stores them after enrolment."""
    TOTP.activate(user, secret)
    return RecoveryCodes.activate(user)


def authenticators(user):
    return set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
