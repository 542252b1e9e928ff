"""The ownership rules as plain data: no database, no admin."""

import pytest

from editorial.permissions import (
    COPY,
    DELETE,
    EDIT,
    FORM,
    GUIDE,
    OTHER,
    POST,
    PROFILE,
    PUBLISH,
    UNPUBLISH,
    Relation,
    coordinator_field_changes,
    extra_grants,
)
from editorial.services import ATTACH, KEEP, REFUSE, existing_account_step


@pytest.mark.parametrize(
    "relation,has_workflow,grants",
    [
        (Relation(PROFILE, owns=True), False, {EDIT, PUBLISH}),
        (Relation(PROFILE, owns=True), True, {EDIT}),
        (Relation(PROFILE), False, set()),
        (Relation(GUIDE, owns=True), True, {EDIT, COPY, UNPUBLISH, DELETE}),
        (Relation(GUIDE, owns=True), False, {EDIT, COPY, UNPUBLISH, DELETE, PUBLISH}),
        (Relation(GUIDE, co_edits=True), True, {EDIT, COPY}),
        (Relation(GUIDE, co_edits=True), False, {EDIT, COPY, PUBLISH}),
        (Relation(POST, co_edits=True), False, set()),  # co-editing is for guides only
        (Relation(POST, owns=True), True, {EDIT, COPY, UNPUBLISH, DELETE}),
        # an enquiry form is never published by a liaison: the workflow, or a coordinator
        (Relation(FORM, owns=True), False, {EDIT, COPY, UNPUBLISH, DELETE}),
        (Relation(FORM, owns=True), True, {EDIT, COPY, UNPUBLISH, DELETE}),
        (Relation(GUIDE), False, set()),
        (Relation(OTHER, owns=True), False, set()),  # home, sections, services: groups only
    ],
)
def test_extra_grants(relation, has_workflow, grants):
    assert extra_grants(relation, has_workflow=has_workflow) == frozenset(grants)


def test_protected_profile_changes_names_changed_fields():
    current = {"user": "7", "is_active": "on"}
    assert coordinator_field_changes(PROFILE, current, {"user": "7", "is_active": "on"}) == []
    assert coordinator_field_changes(PROFILE, current, {"user": "8", "is_active": ""}) == [
        "user",
        "is_active",
    ]
    assert coordinator_field_changes(PROFILE, current, {}) == []  # fields the form does not show


def test_hole9_matching_and_ownership_fields_are_coordinators_only():
    profile = {"capacity": "150", "accepting_students": "", "programmes": frozenset({"3"})}
    posted = {"capacity": "900", "accepting_students": "on", "programmes": frozenset({"3", "4"})}
    assert coordinator_field_changes(PROFILE, profile, posted) == [
        "accepting_students",
        "capacity",
        "programmes",
    ]
    assert coordinator_field_changes(PROFILE, profile, dict(profile)) == []  # unchanged: fine
    guide = {"liaison": "1", "co_editors": frozenset({"2"})}
    assert coordinator_field_changes(GUIDE, guide, {"co_editors": frozenset({"2", "5"})}) == [
        "co_editors"
    ]
    assert coordinator_field_changes(GUIDE, guide, {"liaison": "2"}) == ["liaison"]
    assert coordinator_field_changes(POST, {"author": "1"}, {"author": "2"}) == ["author"]
    assert coordinator_field_changes(FORM, {"liaison": "1"}, {"liaison": ""}) == ["liaison"]
    assert coordinator_field_changes(OTHER, {}, {"liaison": "2"}) == []


@pytest.mark.parametrize(
    "is_liaison,is_staff,verified,step",
    [
        (True, True, False, KEEP),  # a re-run: nothing changes but programmes
        (False, False, True, ATTACH),  # the address is proved: role, password reset, invitation
        (False, True, False, ATTACH),  # already staff (vetted): the role is added
        (False, False, False, REFUSE),  # anyone can sign up with an address they do not own
    ],
)
def test_hole2_existing_account_step(is_liaison, is_staff, verified, step):
    assert (
        existing_account_step(is_liaison=is_liaison, is_staff=is_staff, verified=verified) == step
    )
