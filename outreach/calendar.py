"""When a campaign is due, resolved against the academic calendar. Plain functions over plain
records: no database, so every rule is tested on its own (tests/outreach/test_calendar.py).

"Week 2 of each autumn term, Tuesday 10:00" means: take the Monday of the week the term starts in
(teaching week 1), add one week and one day, at 10:00 local time. A teaching week past the term's
``teaching_weeks``, or a day before the term starts or after it ends, does not exist in that term;
the next term of the same kind is tried instead.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class TermDates:
    kind: str
    start: datetime.date
    end: datetime.date
    teaching_weeks: int


@dataclass(frozen=True)
class TermTiming:
    kind: str
    week: int
    weekday: int  # 0 = Monday
    time: datetime.time


def occurrence(term, timing, tz):
    """The moment ``timing`` falls on in ``term``, or None if that day is not in the term."""
    if term.kind != timing.kind or not 1 <= timing.week <= term.teaching_weeks:
        return None
    monday = term.start - datetime.timedelta(days=term.start.weekday())
    day = monday + datetime.timedelta(weeks=timing.week - 1, days=timing.weekday)
    if not term.start <= day <= term.end:
        return None
    return datetime.datetime.combine(day, timing.time, tzinfo=tz)


def next_occurrence(terms, timing, now, tz):
    """The first moment at or after ``now`` that ``timing`` falls on, or None when the calendar
    has no such term yet (a coordinator adds next year's terms and the campaign resolves then)."""
    for term in sorted(terms, key=lambda t: t.start):
        when = occurrence(term, timing, tz)
        if when is not None and when >= now:
            return when
    return None
