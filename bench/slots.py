"""How long the slot calculation takes for a busy librarian (`make bench-slots`, or
`.venv/bin/python bench/slots.py`): a year of bookings, eight a day on weekdays (about 2,100),
weekly hours in two windows a day with buffers, caps, exceptions and closed days, and a booking
window of a whole year, so every booking is in play. The target (issue #17) is under 20 ms; the
median of the runs is compared with it. Pure Python over plain records: no database involved.
Times are the process's CPU time (``time.process_time``): on a shared machine wall-clock time
mostly measures the other processes."""

import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consultations.slots import Busy, DateException, Policy, Rule, free_slots  # noqa: E402

TARGET_MS = 20.0
TZ = ZoneInfo("Europe/London")


def busy_librarian(start=date(2026, 1, 5), caps=True, window_days=365):
    rules = [Rule(d, clock(9), clock(12, 30)) for d in range(5)] + [
        Rule(d, clock(13, 30), clock(17), mode="online", where="https://meet.example/x")
        for d in range(5)
    ]
    bookings = []
    for n in range(365):
        day = start + timedelta(days=n)
        if day.weekday() >= 5:
            continue
        for hour in (9, 10, 11, 14, 15, 16):
            for minute in (0,) if hour in (11, 16) else (0, 30):
                begin = datetime.combine(day, clock(hour, minute), tzinfo=TZ)
                begin = begin.astimezone(UTC)  # as the database gives them
                bookings.append(Busy(begin, begin + timedelta(minutes=30)))
    exceptions = [DateException(start + timedelta(days=n)) for n in range(0, 365, 23)]
    closed = [start + timedelta(days=n) for n in range(3, 365, 31)]
    policy = Policy(
        slot_minutes=30,
        buffer_before=5,
        buffer_after=10,
        notice_minutes=24 * 60,
        window_days=window_days,
        max_per_day=12 if caps else None,
        max_per_week=50 if caps else None,
    )
    now = datetime.combine(start, clock(8), tzinfo=TZ).astimezone(UTC)
    return rules, exceptions, closed, bookings, now, policy


def run(repeat=30, caps=True, window_days=365):
    rules, exceptions, closed, bookings, now, policy = busy_librarian(
        caps=caps, window_days=window_days
    )
    timings = []
    for _ in range(repeat):
        began = time.process_time()
        found = free_slots(rules, exceptions, closed, bookings, now, policy, TZ)
        timings.append((time.process_time() - began) * 1000)
    return len(bookings), len(found), statistics.median(timings), max(timings)


if __name__ == "__main__":
    ok = True
    for caps, window in ((True, 28), (False, 28), (True, 365), (False, 365)):
        count, slots, median, worst = run(caps=caps, window_days=window)
        print(
            f"{count} bookings over a year, window {window} days, caps {'on' if caps else 'off'}: "
            f"{slots} free slots; "
            f"median {median:.1f} ms, worst {worst:.1f} ms CPU (target: under {TARGET_MS:.0f} ms)"
        )
        ok = ok and median < TARGET_MS
    print("PASS" if ok else "MISS")
    sys.exit(0 if ok else 1)
