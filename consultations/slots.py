"""Which consultation slots a librarian can still offer: a pure function over plain records.

Everything happens in the library's time zone: weekly rules, exceptions and closed days are local
wall-clock times and dates; bookings and ``now`` are aware datetimes (stored in UTC). Each local
window is turned into UTC once and slots are stepped in real elapsed time, so a slot is always
``slot_minutes`` long, also across a daylight-saving change: the hour that does not exist in
spring offers nothing, and a window is never counted twice in autumn.

A slot is free when the meeting together with the librarian's buffers (preparation before,
write-up after) overlaps no booked meeting together with its buffers, it starts at least the
minimum notice after ``now``, falls inside the booking window, and the day's and the week's
caps are not reached yet (weeks run Monday to Sunday, local). ``free_slots`` reads nothing from
the database; ``consultations.services`` feeds it and books inside a transaction.
"""

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

IN_PERSON = "in-person"
ONLINE = "online"
PHONE = "phone"


@dataclass(frozen=True)
class Rule:
    """Every ``weekday`` (0 = Monday) from ``start`` to ``end``, local time."""

    weekday: int
    start: time
    end: time
    mode: str = IN_PERSON
    where: str = ""


@dataclass(frozen=True)
class DateException:
    """One date: ``closed`` (all day when start/end are empty) or ``extra`` hours."""

    day: date
    closed: bool = True
    start: time | None = None
    end: time | None = None
    mode: str = IN_PERSON
    where: str = ""


@dataclass(frozen=True)
class Policy:
    slot_minutes: int = 30
    buffer_before: int = 0  # minutes kept free before each meeting
    buffer_after: int = 0  # minutes kept free after each meeting
    notice_minutes: int = 24 * 60
    window_days: int = 28
    max_per_day: int | None = None
    max_per_week: int | None = None


@dataclass(frozen=True)
class Busy:
    """A booked meeting (aware datetimes). ``block_start``/``block_end``: the meeting with the
    buffers it was booked with, when known; otherwise today's buffers are put around it."""

    start: datetime
    end: datetime
    block_start: datetime | None = None
    block_end: datetime | None = None


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime  # aware, UTC
    end: datetime = field(compare=False)
    mode: str = field(default=IN_PERSON, compare=False)
    where: str = field(default="", compare=False)


def _utc(day, clock, tz):
    """A local wall-clock time as UTC. A time inside the spring gap is read with the offset before
    the change (zoneinfo's ``fold=0``), so it lands just after the gap."""
    return datetime.combine(day, clock).replace(tzinfo=tz).astimezone(UTC)


def _windows(day, rules, exceptions):
    """The (start, end, mode, where) local windows of one day after its exceptions."""
    todays = [e for e in exceptions if e.day == day]
    if any(e.closed and (e.start is None or e.end is None) for e in todays):
        windows = []
    else:
        windows = [(r.start, r.end, r.mode, r.where) for r in rules if r.weekday == day.weekday()]
    windows += [(e.start, e.end, e.mode, e.where) for e in todays if not e.closed and e.start]
    closures = [(e.start, e.end) for e in todays if e.closed and e.start and e.end]
    for c_start, c_end in closures:
        cut = []
        for start, end, mode, where in windows:
            if c_end <= start or c_start >= end:
                cut.append((start, end, mode, where))
                continue
            if start < c_start:
                cut.append((start, c_start, mode, where))
            if c_end < end:
                cut.append((c_end, end, mode, where))
        windows = cut
    return sorted(w for w in windows if w[0] < w[1])


class _Blocks:
    """Booked meetings widened by the buffers, sorted, for overlap tests in O(log n)."""

    def __init__(self, bookings, before, after, first=None, last=None):
        # all in UTC (comparing datetimes of different zones asks the zone every time), and only
        # the bookings between ``first`` and ``last``: a year of history costs nothing
        blocks = sorted(
            (
                (b.block_start or b.start - before).astimezone(UTC),
                (b.block_end or b.end + after).astimezone(UTC),
            )
            for b in bookings
            if (first is None or b.end >= first) and (last is None or b.start <= last)
        )
        self.starts = [b[0] for b in blocks]
        self.blocks = blocks
        self.longest = max((e - s for s, e in blocks), default=timedelta(0))

    def overlaps(self, start, end):
        # only blocks starting before `end` and no earlier than `start - longest` can overlap
        i = bisect_left(self.starts, start - self.longest)
        while i < len(self.blocks) and self.blocks[i][0] < end:
            if self.blocks[i][1] > start:
                return True
            i += 1
        return False


def free_slots(rules, exceptions, closed_days, bookings, now, policy, tz, until=None):
    """The free slots from ``now`` to the end of the booking window (or ``until``), in order.

    ``rules``, ``exceptions``: local times; ``closed_days``: dates the library is closed;
    ``bookings``: ``Busy`` meetings still standing (cancelled ones left out by the caller);
    ``now``: aware; ``tz``: the library's ``ZoneInfo``.
    """
    length = timedelta(minutes=policy.slot_minutes)
    before = timedelta(minutes=policy.buffer_before)
    after = timedelta(minutes=policy.buffer_after)
    earliest = now + timedelta(minutes=policy.notice_minutes)
    today = now.astimezone(tz).date()
    last_day = today + timedelta(days=policy.window_days)
    if until is not None:
        last_day = min(last_day, until)
    closed = set(closed_days)
    per_day = Counter()
    per_week = Counter()
    # only bookings from this week's Monday to the last day count towards caps
    first_counted = _utc(today - timedelta(days=today.weekday() + 1), time(0), tz)
    last_counted = _utc(last_day + timedelta(days=2), time(0), tz)
    for booking in bookings:
        if not first_counted <= booking.start <= last_counted:
            continue
        local = booking.start.astimezone(tz).date()
        per_day[local] += 1
        per_week[local.isocalendar()[:2]] += 1

    blocks = _Blocks(bookings, before, after, first_counted, last_counted)
    slots = []
    day = today
    while day <= last_day:
        if (
            day in closed
            or (policy.max_per_day is not None and per_day[day] >= policy.max_per_day)
            or (
                policy.max_per_week is not None
                and per_week[day.isocalendar()[:2]] >= policy.max_per_week
            )
        ):
            day += timedelta(days=1)
            continue
        for w_start, w_end, mode, where in _windows(day, rules, exceptions):
            start, end = _utc(day, w_start, tz), _utc(day, w_end, tz)
            while start + length <= end:
                slot_end = start + length
                if start >= earliest and not blocks.overlaps(start - before, slot_end + after):
                    slots.append(Slot(start, slot_end, mode, where))
                start = slot_end
        day += timedelta(days=1)
    slots.sort()
    # one slot per start time, even if two rules overlap
    unique = []
    for slot in slots:
        if not unique or unique[-1].start != slot.start:
            unique.append(slot)
    return unique


def is_free(candidate_start, slots):
    """The free slot starting at ``candidate_start``, or None."""
    for slot in slots:
        if slot.start == candidate_start:
            return slot
    return None
