"""The read models against the seeded world (conftest.py), with every figure known in advance."""

import datetime

import pytest

from evidence import metrics
from evidence.periods import Period
from inbox.models import Message
from students.models import Assignment
from tests.factories import LiaisonPageFactory

from .world import NOW, TODAY, at, message

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


def test_load_vs_capacity_counts_open_assignments_and_period_changes(world, september):
    rows = {r.name: r for r in metrics.load_vs_capacity(None, september)}
    assert (rows["Ada Byrne"].load, rows["Ada Byrne"].capacity, rows["Ada Byrne"].percent) == (
        3,
        10,
        30,
    )
    assert (rows["Ada Byrne"].started, rows["Ada Byrne"].ended) == (3, 1)
    assert (rows["Bo Finch"].load, rows["Bo Finch"].percent, rows["Bo Finch"].room) == (2, 100, 0)
    assert (rows["Bo Finch"].started, rows["Bo Finch"].ended) == (2, 0)


def test_load_vs_capacity_for_one_liaison_shows_only_them(world, september):
    assert [r.name for r in metrics.load_vs_capacity(world.ada, september)] == ["Ada Byrne"]


def test_load_over_time_counts_students_at_each_month_end(world):
    summer = Period(datetime.date(2026, 8, 1), datetime.date(2026, 9, 30), "Aug–Sep")
    assert metrics.load_over_time(world.ada, summer, NOW) == [
        (datetime.date(2026, 8, 1), 1),  # the student who left on 15 September
        (datetime.date(2026, 9, 1), 3),
    ]
    assert metrics.load_over_time(None, summer, NOW)[-1] == (datetime.date(2026, 9, 1), 5)


def test_load_over_time_counts_an_assignment_from_its_start_to_its_end(world):
    """At each month-end: the assignments started before it and not ended before it. On the
    boundaries: one started at midnight on 1 July counts from July; one ended then still counts
    at the end of June."""
    liaison = LiaisonPageFactory(parent=world.librarians, title="Cy Moss")
    for started, ended in [
        (at(5, 1), None),  # all four months
        (at(7, 1, 0), None),  # from July
        (at(6, 10), at(8, 1, 0)),  # June and July
        (at(6, 10), at(6, 20)),  # within June: no month-end
        (at(8, 5), at(8, 5)),  # ended as it started: none
        (at(8, 5), at(7, 5)),  # recorded as ending before it started: none
        (at(3, 1), at(5, 1)),  # before the period
        (at(9, 30, 23, 59, 59), None),  # the last second of September
        (at(10, 1, 0), None),  # after the period
    ]:
        Assignment.objects.create(
            liaison=liaison, reason="Boundaries", started_at=started, ended_at=ended
        )
    summer = Period(datetime.date(2026, 6, 1), datetime.date(2026, 9, 30), "Jun–Sep")
    assert [n for _, n in metrics.load_over_time(liaison, summer, NOW)] == [2, 3, 2, 3]
    # the current month counts up to now
    autumn = Period(datetime.date(2026, 9, 1), datetime.date(2026, 10, 31), "Sep–Oct")
    assert [n for _, n in metrics.load_over_time(liaison, autumn, NOW)] == [3, 4]
    assert [n for _, n in metrics.load_over_time(liaison, autumn, at(10, 1, 0))] == [3, 3]


def test_load_over_time_counts_the_current_month_as_it_is_now(world):
    """The current month ends now: the students assigned now, less those whose assignment starts
    later and plus those whose assignment ends later; a month that has ended counts as always."""
    liaison = LiaisonPageFactory(parent=world.librarians, title="Cy Moss")
    for started, ended in [
        (at(9, 1), None),  # both month-ends
        (at(9, 15), at(10, 20)),  # running now, ends later: both
        (at(9, 20), at(9, 25)),  # neither
        (at(10, 1, 8), None),  # started this morning: now only
        (at(10, 1, 9), at(10, 1, 9, 30)),  # started and ended this morning: neither
        (at(10, 15), None),  # starts later: neither
    ]:
        Assignment.objects.create(liaison=liaison, reason="Now", started_at=started, ended_at=ended)
    autumn = Period(datetime.date(2026, 9, 1), datetime.date(2026, 10, 31), "Sep–Oct")
    assert [n for _, n in metrics.load_over_time(liaison, autumn, NOW)] == [2, 3]
    # seen after October, its month-end counts those started by it less those ended by it
    assert [n for _, n in metrics.load_over_time(liaison, autumn, at(11, 2))] == [2, 3]


def test_programmes_served_counts_students_now_and_messages_in_period(world, september):
    rows = {r.code: r for r in metrics.programmes_served(world.ada, september)}
    # messages: chem 2h, 24h, open-10h; biochem 1h, untimed; none: open-21d (spam and both
    # boundary messages are left out)
    assert (rows["BSC-CHEM"].students, rows["BSC-CHEM"].messages) == (3, 3)
    assert (rows["BSC-BIOC"].students, rows["BSC-BIOC"].messages) == (0, 2)
    assert rows[""].messages == 1
    assert "BA-HIST" not in rows


def test_messages_by_month_keeps_the_period_boundary(world, september):
    assert metrics.messages_by_month(world.ada, september) == [(datetime.date(2026, 9, 1), 6, 2)]
    october = Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31), "October")
    assert metrics.messages_by_month(world.ada, october) == [(datetime.date(2026, 10, 1), 1, 0)]
    august = Period(datetime.date(2026, 8, 1), datetime.date(2026, 8, 31), "August")
    assert metrics.messages_by_month(world.ada, august) == [(datetime.date(2026, 8, 1), 1, 1)]


def test_messages_by_month_fills_empty_months_with_zero(world):
    period = Period(datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), "Summer")
    assert [n for _, n, _ in metrics.messages_by_month(world.ada, period)] == [0, 1, 6]


def test_messages_by_department_and_programme(world, september):
    departments = [
        (r.name, r.total, r.open) for r in metrics.messages_by_department(None, september)
    ]
    assert departments == [("Chemistry", 5, 1), ("History", 1, 0), ("Not given", 1, 1)]
    programmes = [
        (r.name, r.total, r.open) for r in metrics.messages_by_programme(world.ada, september)
    ]
    assert programmes == [
        ("BSc Chemistry (BSC-CHEM)", 3, 1),
        ("BSc Biochemistry (BSC-BIOC)", 2, 0),
        ("Not given", 1, 1),
    ]


def test_response_times_count_open_messages_with_their_age_never_as_fast(world, september):
    times = metrics.response_times(world.ada, september, NOW)
    assert (times.total, times.responded, times.open, times.untimed) == (6, 3, 2, 1)
    # waits in order: 1 h, 2 h, 10 h 0 min 1 s (open), 24 h, 21 days (open): the median is the
    # open one, shown as a lower bound; leaving open messages out would have said 2 h
    assert times.median == metrics.Wait(10 * HOUR + datetime.timedelta(seconds=1), open=True)
    assert str(times.median) == "at least 10 h (still open)"
    assert times.p90 == metrics.Wait(datetime.timedelta(days=21), open=True)
    assert times.oldest_open == datetime.timedelta(days=21)
    assert times.overdue == 1  # only the 21-day one is past the 48 h promise


def test_response_times_of_answered_messages(world, september):
    times = metrics.response_times(world.bo, september, NOW)
    assert (times.total, times.open, times.median, times.p90) == (
        1,
        0,
        metrics.Wait(5 * HOUR, open=False),
        metrics.Wait(5 * HOUR, open=False),
    )
    assert str(times.median) == "5 h"


def test_response_times_without_messages(world):
    empty = Period(datetime.date(2025, 1, 1), datetime.date(2025, 1, 31), "January")
    times = metrics.response_times(None, empty, NOW)
    assert (times.total, times.median, times.p90, times.oldest_open) == (0, None, None, None)


def test_response_times_reply_promise_comes_from_settings(world, september, settings):
    settings.EVIDENCE_REPLY_DUE_HOURS = 5
    assert metrics.response_times(world.ada, september, NOW).overdue == 2


# August 2026 for a librarian of their own: (arrived, first response) in arrival order of ids,
# answered and still open waits interleaved (open ones wait until NOW, over 31 days), none equal
S = Message.Status
AUGUST_MESSAGES = [
    (at(8, 1, 9), at(8, 1, 10), S.ANSWERED),  # 1 h
    (at(8, 25, 12), None, S.NEW),  # open, 36 days 22 h
    (at(8, 2, 8), at(9, 25, 8), S.CLOSED),  # 54 days
    (at(8, 30, 23, 59, 59), None, S.READ),  # open, 31 days 10 h 0 min 1 s
    (at(8, 3), at(8, 5), S.ANSWERED),  # 2 days
    (at(8, 20), None, S.ANSWERED),  # answered before times were recorded: not measured
    (at(8, 10), None, S.NEW),  # open, 52 days
    (at(8, 15), None, S.SPAM),  # not a message anyone owes an answer
    (at(8, 4), at(9, 14), S.ANSWERED),  # 41 days
    (at(8, 6), at(8, 6, 10, 30), S.ANSWERED),  # 30 min
    (at(8, 7), None, S.READ),  # open, 55 days
    (at(8, 8), at(9, 30, 10, 0, 1), S.CLOSED),  # 53 days 1 s
]


def percentiles_by_hand(made):
    """The nearest-rank median and 90th percentile of the measured waits, sorted by (wait, id)."""
    waits = sorted(
        (((m.responded_at or NOW) - m.created_at), m.pk, m.responded_at is None)
        for m in made
        if m.responded_at or m.status in metrics.OPEN_STATUSES
    )
    return tuple(
        metrics.Wait(*waits[metrics.nearest_rank(p, len(waits))][::2]) if waits else None
        for p in (0.5, 0.9)
    )


def test_response_time_percentiles_are_the_waits_at_their_ranks_for_any_count(world):
    liaison = LiaisonPageFactory(parent=world.librarians)
    august = Period(datetime.date(2026, 8, 1), datetime.date(2026, 8, 31), "August")
    made = []
    for created, responded, status in AUGUST_MESSAGES:
        made.append(message(liaison, created, status, responded))
        times = metrics.response_times(liaison, august, NOW)
        assert (times.median, times.p90) == percentiles_by_hand(made), len(made)
    # 30 min, 1 h, 2 days, 31 days (open), 36 days (open), 41, 52 (open), 53, 54, 55 (open)
    assert times.median == metrics.Wait(datetime.timedelta(days=36, hours=22), open=True)
    assert times.p90 == metrics.Wait(datetime.timedelta(days=54), open=False)


def test_response_time_percentiles_work_out_a_wait_that_was_not_stored(world):
    liaison = LiaisonPageFactory(parent=world.librarians)
    august = Period(datetime.date(2026, 8, 1), datetime.date(2026, 8, 31), "August")
    made = [
        message(liaison, created, status, responded)
        for created, responded, status in AUGUST_MESSAGES
    ]
    # answered through a path that skipped Message.save(): the wait is worked out as it is read
    Message.objects.filter(liaison=liaison).update(response_seconds=None)
    times = metrics.response_times(liaison, august, NOW)
    assert (times.median, times.p90) == percentiles_by_hand(made)


@pytest.mark.parametrize(("p", "n", "index"), [(0.5, 5, 2), (0.9, 5, 4), (0.5, 4, 1), (0.9, 1, 0)])
def test_nearest_rank(p, n, index):
    assert metrics.nearest_rank(p, n) == index


def test_guides_by_programme_for_a_liaison(world):
    rows = [
        (r.programme, r.guides, r.overdue, r.last_reviewed)
        for r in metrics.guides_by_programme(world.ada, TODAY)
    ]
    assert rows == [
        ("BSc Chemistry (BSC-CHEM)", 2, 1, datetime.date(2026, 5, 1)),
        ("Not given", 1, 0, datetime.date(2026, 6, 1)),
    ]


def test_guides_overdue_for_everyone_stalest_first(world):
    assert [g.title for g in metrics.overdue_guides(None, TODAY)] == [
        "Old chemistry guide",
        "History sources",
    ]
    assert metrics.overdue_guide_count(None, TODAY) == 2
    assert metrics.overdue_guide_count(world.ada, TODAY) == 1


def test_first_before_gives_each_row_the_first_cutoff_it_falls_before():
    """The month a row is counted in: the first month end after it (exclusive), or none."""
    cutoffs = [at(month, 1) for month in range(2, 13)] + [at(1, 1, year=2027)]
    times = [at(1, 15), at(2, 1), at(2, 1, 0, 0, 1), at(6, 30, 23, 59), at(7, 1), at(12, 31)]
    times += [at(1, 1, year=2027), at(3, 1, year=2027)]
    made = [message(None, created).pk for created in times]  # responded_at left empty
    # only these rows: the module's shared world holds other messages
    rows = (
        Message.objects.filter(pk__in=made)
        .annotate(
            month=metrics.first_before("created_at", cutoffs),
            answered=metrics.first_before("responded_at", cutoffs),
        )
        .values_list("created_at", "month", "answered")
    )
    got = {created: month for created, month, _ in rows}
    expected = {t: next((i for i, cut in enumerate(cutoffs) if t < cut), None) for t in times}
    assert got == expected
    assert (got[at(1, 15)], got[at(2, 1)], got[at(12, 31)]) == (0, 1, 11)
    assert got[at(1, 1, year=2027)] is None  # on the last cutoff: before none of them
    assert {answered for _, _, answered in rows} == {None}  # an empty time: before none
