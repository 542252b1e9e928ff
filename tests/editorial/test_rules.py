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
    extra_grants,
    protected_profile_changes,
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
        (Relation(FORM, owns=True), False, {EDIT, COPY, UNPUBLISH, DELETE, PUBLISH}),
        (Relation(GUIDE), False, set()),
        (Relation(OTHER, owns=True), False, set()),  # home, sections, services: groups only
    ],
)
def test_extra_grants(relation, has_workflow, grants):
    assert extra_grants(relation, has_workflow=has_workflow) == frozenset(grants)


def test_protected_profile_changes_names_changed_fields():
    current = {"user": "7", "is_active": "on"}
    assert protected_profile_changes(current, {"user": "7", "is_active": "on"}) == []
    assert protected_profile_changes(current, {"user": "8", "is_active": ""}) == [
        "user",
        "is_active",
    ]
    assert protected_profile_changes(current, {}) == []  # fields the form does not show


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
