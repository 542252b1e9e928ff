"""Who must, who may and who never: ``twofactor.rules`` on real users and groups."""

from django.contrib.auth.models import AnonymousUser, Group

from twofactor.models import RequiredGroup
from twofactor.rules import is_verified, mark_verified, may_enrol, mfa_required


def test_administrators_and_coordinators_must_use_it(superuser, coordinator):
    assert mfa_required(superuser)
    assert mfa_required(coordinator)


def test_liaisons_may_but_need_not(liaison):
    assert not mfa_required(liaison)
    assert may_enrol(liaison)


def test_students_never(student):
    assert not mfa_required(student)
    assert not may_enrol(student)
    assert not mfa_required(AnonymousUser())
    assert not may_enrol(AnonymousUser())


def test_a_group_a_coordinator_lists_must_use_it(liaison, groups):
    RequiredGroup.objects.create(group=groups["liaison"])
    liaison.refresh_from_db()  # the answer is kept on the user object for one request
    assert mfa_required(liaison)


def test_any_listed_group_counts_even_without_admin_access(student):
    reviewers = Group.objects.create(name="Reviewers")
    student.groups.add(reviewers)
    RequiredGroup.objects.create(group=reviewers)
    assert mfa_required(student)
    assert may_enrol(student)


def test_inactive_accounts_are_never_asked(coordinator):
    coordinator.is_active = False
    assert not mfa_required(coordinator)


def test_the_question_costs_one_query_per_request(coordinator, django_assert_num_queries):
    coordinator.refresh_from_db()
    with django_assert_num_queries(1):
        assert mfa_required(coordinator)
        assert mfa_required(coordinator)


def test_verification_belongs_to_one_person(coordinator, superuser):
    session = {}
    mark_verified(session, coordinator)
    assert is_verified(session, coordinator)
    assert not is_verified(session, superuser)
    assert not is_verified({}, coordinator)
