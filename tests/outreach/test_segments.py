"""Who a campaign reaches: a liaison's campaign never reaches another liaison's student."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.segments import (
    Candidate,
    Segment,
    Sender,
    authority,
    recipients,
    select,
    sender_for,
)
from students.models import Assignment

from .conftest import assign, make_campaign

NOW = datetime.datetime(2026, 10, 1, tzinfo=datetime.UTC)
LIAISONS = st.sampled_from([None, 1, 2, 3, 4])
CANDIDATES = st.lists(
    st.builds(
        Candidate,
        student_id=st.integers(1, 10_000),
        liaison_id=LIAISONS,
        programme_id=st.sampled_from([None, 10, 11, 12]),
        programme_level=st.sampled_from(["undergraduate", "graduate", ""]),
        year=st.sampled_from(["Year 1", "Year 2", "Postgraduate", ""]),
        matched_at=st.sampled_from([None, NOW, NOW - datetime.timedelta(days=40)]),
    ),
    max_size=60,
    # one open assignment per student (a database constraint), so one candidate per student
    unique_by=lambda candidate: candidate.student_id,
)
SEGMENTS = st.builds(
    Segment,
    owner_liaison_id=LIAISONS,
    programme_ids=st.frozensets(st.sampled_from([10, 11, 12])),
    levels=st.frozensets(st.sampled_from(["undergraduate", "graduate"])),
    years=st.frozensets(st.sampled_from(["Year 1", "Year 2"])),
    matched_since=st.sampled_from([None, NOW - datetime.timedelta(days=7)]),
)


@given(CANDIDATES, SEGMENTS, st.integers(1, 4))
def test_select_a_liaisons_send_reaches_only_their_own_students(candidates, segment, liaison):
    reached = list(select(segment, Sender(liaison_id=liaison), candidates))
    assert all(liaison_id == liaison for _, liaison_id in reached)
    owners = {c.student_id: c.liaison_id for c in candidates}
    assert all(owners.get(student) is not None for student, _ in reached)


@given(CANDIDATES, SEGMENTS)
def test_select_a_liaisons_own_campaign_stays_with_them_whoever_sends_it(candidates, segment):
    reached = list(select(segment, Sender(is_coordinator=True), candidates))
    if segment.owner_liaison_id is not None:
        assert all(liaison_id == segment.owner_liaison_id for _, liaison_id in reached)
    # from each student's own librarian, never from anyone else
    for student_id, liaison_id in reached:
        assert any(c.student_id == student_id and c.liaison_id == liaison_id for c in candidates)


@given(CANDIDATES, SEGMENTS)
def test_select_nobody_without_a_role_reaches_anyone(candidates, segment):
    assert list(select(segment, Sender(), candidates)) == []


def test_select_applies_every_condition_of_the_segment():
    recent = NOW - datetime.timedelta(days=2)
    candidates = [
        Candidate(1, 1, 10, "undergraduate", "Year 1", recent),
        Candidate(2, 1, 11, "undergraduate", "Year 1", recent),  # other programme
        Candidate(3, 1, 10, "undergraduate", "Year 2", recent),  # other year
        Candidate(4, 1, 10, "undergraduate", "Year 1", NOW - datetime.timedelta(days=30)),
        Candidate(5, None, 10, "undergraduate", "Year 1", recent),  # no librarian
    ]
    segment = Segment(
        programme_ids=frozenset({10}),
        years=frozenset({"Year 1"}),
        levels=frozenset({"undergraduate"}),
        matched_since=NOW - datetime.timedelta(days=7),
    )
    assert list(select(segment, Sender(is_coordinator=True), candidates)) == [(1, 1)]


# --- the database adapter ---------------------------------------------------------------------


def test_recipients_coordinator_campaign_goes_from_each_students_librarian(world):
    campaign = make_campaign()
    reached = dict(recipients(campaign, authority(campaign)))
    assert reached == {
        world["sam"].pk: world["ada"].pk,
        world["ria"].pk: world["ada"].pk,
        world["tom"].pk: world["ben"].pk,
        world["una"].pk: world["ben"].pk,
    }


def test_recipients_liaison_campaign_reaches_only_own_students(world):
    campaign = make_campaign(liaison=world["ada"])
    assert set(dict(recipients(campaign, authority(campaign)))) == {
        world["sam"].pk,
        world["ria"].pk,
    }
    # even "sent" by a coordinator, a liaison's campaign stays with that liaison's students
    coordinator = sender_for(world["coordinator"])
    assert set(dict(recipients(campaign, coordinator))) == {world["sam"].pk, world["ria"].pk}
    # and another liaison cannot send it at all
    assert list(recipients(campaign, sender_for(world["ben"].user))) == []


def test_recipients_follow_reassignment(world):
    campaign = make_campaign(liaison=world["ada"])
    Assignment.objects.filter(student=world["ria"]).update(ended_at=NOW)
    assign(world["ria"], world["ben"])
    assert set(dict(recipients(campaign, authority(campaign)))) == {world["sam"].pk}


def test_recipients_segment_by_programme_level_and_year(world):
    c = make_campaign(programmes=[world["hist"]])
    assert set(dict(recipients(c, authority(c)))) == {world["tom"].pk, world["una"].pk}
    c = make_campaign(levels=["undergraduate"], years=["Year 2"])
    assert set(dict(recipients(c, authority(c)))) == {world["ria"].pk}


def test_recipients_newly_matched_in_the_last_days(world):
    Assignment.objects.exclude(student=world["tom"]).update(
        started_at=NOW - datetime.timedelta(days=60)
    )
    c = make_campaign(matched_within_days=7)
    assert set(dict(recipients(c, authority(c)))) == {world["tom"].pk}


@pytest.mark.django_db
@settings(max_examples=25)
@given(st.lists(st.sampled_from(["ada", "ben", None]), min_size=4, max_size=4))
def test_recipients_random_assignments_never_cross_librarians(world, owners):
    """Reassign the four students at random; Ada's campaign reaches exactly her current ones."""
    Assignment.objects.all().delete()
    mine = set()
    for name, owner in zip(["sam", "ria", "tom", "una"], owners, strict=True):
        if owner:
            assign(world[name], world[owner])
            if owner == "ada":
                mine.add(world[name].pk)
    campaign = make_campaign(liaison=world["ada"])
    for sender in (authority(campaign), sender_for(world["ada"].user)):
        assert set(dict(recipients(campaign, sender))) == mine
    coordinator_campaign = make_campaign()
    reached = dict(recipients(coordinator_campaign, sender_for(world["ada"].user)))
    assert set(reached) == mine
