"""Who counts as a coordinator or a liaison (core.roles), as every app asks it."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission

from core.roles import is_coordinator, liaison_for
from editorial.roles import setup_groups
from tests.factories import LiaisonPageFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_is_coordinator_for_the_coordinator_group_as_setup_roles_makes_it():
    user = UserFactory()
    user.groups.add(setup_groups()[1])
    assert is_coordinator(user)


def test_is_coordinator_follows_the_permission_not_the_group_name():
    renamed = UserFactory()
    renamed.user_permissions.add(Permission.objects.get(codename="manage_liaisons"))
    named_only = UserFactory()
    named_only.groups.add(Group.objects.create(name="Coordinator"))  # no permission
    assert is_coordinator(renamed)
    assert not is_coordinator(named_only)


def test_is_coordinator_never_for_inactive_or_anonymous_users():
    superuser = UserFactory(is_superuser=True, is_active=False)
    assert not is_coordinator(superuser)
    assert not is_coordinator(AnonymousUser())
    assert is_coordinator(UserFactory(is_superuser=True))


def test_liaison_for_finds_the_profile_of_an_active_account(site_tree):
    profile = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    assert liaison_for(profile.user) == profile
    assert liaison_for(UserFactory()) is None
    assert liaison_for(AnonymousUser()) is None
    profile.user.is_active = False
    assert liaison_for(profile.user) is None
