"""The slot calculation on its own: plain records in, free slots out, no database."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from consultations.slots import Busy, DateException, Policy, Rule, free_slots, is_free

LONDON = ZoneInfo("Europe/London")
# Monday 2 March 2026, 08:00 in London (GMT, so also 08:00 UTC)
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=LONDON)
NO_NOTICE = Policy(slot_minutes=30, notice_minutes=0, window_days=6)


def local(slot):
    return slot.start.astimezone(LONDON).strftime("%a %H:%M")


def starts(found):
    return [local(s) for s in found]


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def test_free_slots_fill_a_weekly_window_with_back_to_back_meetings():
    found = free_slots([Rule(0, time(10), time(12))], [], [], [], MONDAY, NO_NOTICE, LONDON)
    assert starts(found) == ["Mon 10:00", "Mon 10:30", "Mon 11:00", "Mon 11:30"]
    assert all(s.end - s.start == timedelta(minutes=30) for s in found)
    assert all(s.start.tzinfo == UTC for s in found)


def test_free_slots_leave_out_a_booked_meeting():
    booked = Busy(at(MONDAY.date(), 10, 30), at(MONDAY.date(), 11))
    found = free_slots([Rule(0, time(10), time(12))], [], [], [booked], MONDAY, NO_NOTICE, LONDON)
    assert starts(found) == ["Mon 10:00", "Mon 11:00", "Mon 11:30"]


def test_free_slots_keep_the_buffers_around_a_booked_meeting_free():
    policy = Policy(
        slot_minutes=30, buffer_before=15, buffer_after=15, notice_minutes=0, window_days=0
    )
    booked = Busy(at(MONDAY.date(), 11), at(MONDAY.date(), 11, 30))
    found = free_slots([Rule(0, time(9), time(13))], [], [], [booked], MONDAY, policy, LONDON)
    # 10:30 would end at 11:00 but needs 15 minutes after it and 11:00 needs 15 before
    assert starts(found) == ["Mon 09:00", "Mon 09:30", "Mon 10:00", "Mon 12:00", "Mon 12:30"]


def test_free_slots_honour_the_buffers_a_booking_was_made_with():
    booked = Busy(
        at(MONDAY.date(), 11),
        at(MONDAY.date(), 11, 30),
        block_start=at(MONDAY.date(), 10, 0),
        block_end=at(MONDAY.date(), 11, 30),
    )
    found = free_slots([Rule(0, time(9), time(12))], [], [], [booked], MONDAY, NO_NOTICE, LONDON)
    assert starts(found) == ["Mon 09:00", "Mon 09:30", "Mon 11:30"]


def test_free_slots_respect_the_minimum_notice():
    policy = Policy(slot_minutes=60, notice_minutes=24 * 60, window_days=6)
    found = free_slots(
        [Rule(0, time(9), time(11)), Rule(1, time(7), time(10))], [], [], [], MONDAY, policy, LONDON
    )
    # Monday's slots are too soon; Tuesday's start at 08:00, exactly 24 hours from now
    assert starts(found) == ["Tue 08:00", "Tue 09:00"]


def test_free_slots_stop_at_the_end_of_the_booking_window():
    policy = Policy(slot_minutes=60, notice_minutes=0, window_days=7)
    found = free_slots([Rule(0, time(10), time(11))], [], [], [], MONDAY, policy, LONDON)
    assert [s.start.date() for s in found] == [date(2026, 3, 2), date(2026, 3, 9)]


def test_free_slots_stop_offering_a_day_when_its_cap_is_reached():
    policy = Policy(slot_minutes=60, notice_minutes=0, window_days=1, max_per_day=2)
    rules = [Rule(0, time(9), time(13)), Rule(1, time(9), time(11))]
    one = Busy(at(MONDAY.date(), 9), at(MONDAY.date(), 10))
    assert starts(free_slots(rules, [], [], [one], MONDAY, policy, LONDON)) == [
        "Mon 10:00",
        "Mon 11:00",
        "Mon 12:00",
        "Tue 09:00",
        "Tue 10:00",
    ]
    two = Busy(at(MONDAY.date(), 12), at(MONDAY.date(), 13))
    assert starts(free_slots(rules, [], [], [one, two], MONDAY, policy, LONDON)) == [
        "Tue 09:00",
        "Tue 10:00",
    ]


def test_free_slots_stop_offering_a_week_when_its_cap_is_reached():
    policy = Policy(slot_minutes=60, notice_minutes=0, window_days=8, max_per_week=1)
    rules = [Rule(0, time(9), time(10)), Rule(2, time(9), time(10))]
    booked = Busy(at(MONDAY.date(), 9), at(MONDAY.date(), 10))
    found = free_slots(rules, [], [], [booked], MONDAY, policy, LONDON)
    # nothing more this week (Wednesday), next Monday and Wednesday are open
    assert [s.start.date() for s in found] == [date(2026, 3, 9)]


def test_free_slots_skip_a_day_off_and_the_library_closed_days():
    rules = [Rule(d, time(10), time(11)) for d in range(5)]
    leave = DateException(date(2026, 3, 3))
    found = free_slots(rules, [leave], [date(2026, 3, 4)], [], MONDAY, NO_NOTICE, LONDON)
    assert starts(found) == [
        "Mon 10:00",
        "Mon 10:30",
        "Thu 10:00",
        "Thu 10:30",
        "Fri 10:00",
        "Fri 10:30",
    ]


def test_free_slots_cut_a_partial_closure_out_of_a_window():
    closed = DateException(MONDAY.date(), start=time(10, 30), end=time(11, 30))
    found = free_slots([Rule(0, time(10), time(12))], [closed], [], [], MONDAY, NO_NOTICE, LONDON)
    assert starts(found) == ["Mon 10:00", "Mon 11:30"]


def test_free_slots_add_extra_hours_with_their_own_mode_and_place():
    extra = DateException(
        date(2026, 3, 7),
        closed=False,
        start=time(14),
        end=time(15),
        mode="online",
        where="https://meet.example/x",
    )
    found = free_slots([], [extra], [], [], MONDAY, NO_NOTICE, LONDON)
    assert starts(found) == ["Sat 14:00", "Sat 14:30"]
    assert {(s.mode, s.where) for s in found} == {("online", "https://meet.example/x")}


def test_free_slots_follow_the_clock_change_in_a_daylight_saving_week():
    # Clocks go forward in London at 01:00 UTC on Sunday 29 March 2026.
    now = datetime(2026, 3, 27, 0, 0, tzinfo=LONDON)  # Friday
    rules = [Rule(4, time(9), time(10)), Rule(0, time(9), time(10))]
    policy = Policy(slot_minutes=60, notice_minutes=0, window_days=4)
    friday, monday = free_slots(rules, [], [], [], now, policy, LONDON)
    assert friday.start == datetime(2026, 3, 27, 9, 0, tzinfo=UTC)  # GMT
    assert monday.start == datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # BST: 09:00 local
    assert monday.start.astimezone(LONDON).hour == 9


def test_free_slots_offer_nothing_in_the_hour_that_does_not_exist():
    now = datetime(2026, 3, 28, 12, 0, tzinfo=LONDON)
    sunday_night = Rule(6, time(0, 0), time(3, 0))
    policy = Policy(slot_minutes=30, notice_minutes=0, window_days=1)
    found = free_slots([sunday_night], [], [], [], now, policy, LONDON)
    # 00:00–03:00 local is only two real hours on that night: 00:00 GMT to 03:00 BST
    assert [s.start.astimezone(LONDON).strftime("%H:%M") for s in found] == [
        "00:00",
        "00:30",
        "02:00",
        "02:30",
    ]
    assert found[-1].end - found[0].start == timedelta(hours=2)


def test_free_slots_count_the_extra_hour_once_when_clocks_go_back():
    now = datetime(2026, 10, 24, 12, 0, tzinfo=LONDON)  # the night of 25 October
    found = free_slots(
        [Rule(6, time(0, 0), time(3, 0))],
        [],
        [],
        [],
        now,
        Policy(60, notice_minutes=0, window_days=1),
        LONDON,
    )
    # 00:00 BST to 03:00 GMT is four real hours: four one-hour slots, none overlapping
    assert len(found) == 4
    assert all(b.start >= a.end for a, b in zip(found, found[1:], strict=False))


def test_free_slots_list_each_start_once_when_rules_overlap():
    rules = [Rule(0, time(10), time(11)), Rule(0, time(10), time(11), mode="online")]
    found = free_slots(rules, [], [], [], MONDAY, NO_NOTICE, LONDON)
    assert starts(found) == ["Mon 10:00", "Mon 10:30"]


def test_is_free_finds_only_an_offered_start():
    found = free_slots([Rule(0, time(10), time(11))], [], [], [], MONDAY, NO_NOTICE, LONDON)
    assert is_free(found[1].start, found) == found[1]
    assert is_free(found[1].start + timedelta(minutes=5), found) is None
