"""Timing campaigns by the academic calendar ("week 2 of each autumn term, Tuesday 10:00")."""

import datetime
from zoneinfo import ZoneInfo

from outreach.calendar import TermDates, TermTiming, next_occurrence, occurrence

TZ = ZoneInfo("Europe/London")
AUTUMN_26 = TermDates("autumn", datetime.date(2026, 9, 28), datetime.date(2026, 12, 18), 11)
SPRING_27 = TermDates("spring", datetime.date(2027, 1, 11), datetime.date(2027, 3, 26), 11)
AUTUMN_27 = TermDates("autumn", datetime.date(2027, 9, 27), datetime.date(2027, 12, 17), 11)
WEEK_2_TUESDAY = TermTiming("autumn", 2, 1, datetime.time(10, 0))


def test_occurrence_week_two_tuesday_is_the_second_tuesday_of_teaching():
    when = occurrence(AUTUMN_26, WEEK_2_TUESDAY, TZ)
    assert when == datetime.datetime(2026, 10, 6, 10, 0, tzinfo=TZ)


def test_occurrence_counts_weeks_from_the_monday_of_a_midweek_start():
    term = TermDates("autumn", datetime.date(2026, 9, 30), datetime.date(2026, 12, 18), 11)
    assert occurrence(term, WEEK_2_TUESDAY, TZ).date() == datetime.date(2026, 10, 6)
    # Monday of week 1 is before a Wednesday start: that day is not in the term
    assert occurrence(term, TermTiming("autumn", 1, 0, datetime.time(9)), TZ) is None


def test_occurrence_past_the_teaching_weeks_does_not_exist():
    assert occurrence(AUTUMN_26, TermTiming("autumn", 12, 1, datetime.time(10)), TZ) is None


def test_occurrence_only_in_terms_of_the_chosen_kind():
    assert occurrence(SPRING_27, WEEK_2_TUESDAY, TZ) is None


def test_next_occurrence_skips_a_term_whose_moment_has_passed():
    now = datetime.datetime(2026, 10, 6, 10, 1, tzinfo=TZ)
    terms = [AUTUMN_27, SPRING_27, AUTUMN_26]
    assert next_occurrence(terms, WEEK_2_TUESDAY, now, TZ).date() == datetime.date(2027, 10, 5)


def test_next_occurrence_without_a_matching_term_is_none():
    now = datetime.datetime(2028, 1, 1, tzinfo=TZ)
    assert next_occurrence([AUTUMN_26, AUTUMN_27], WEEK_2_TUESDAY, now, TZ) is None
