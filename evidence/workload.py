"""The workload view: who is nearly full and whose senders are waiting too long.

A librarian is flagged over ``EVIDENCE_OVERLOAD_PERCENT`` (90) of their capacity, with messages
still open past the promised reply time (``metrics.reply_due_hours``), or with this week's
consultations at or over their weekly cap (``Availability.max_per_week``: at the cap nobody can
book them until next week). Messages sent to nobody in particular (the general enquiries address)
are shown on a row of their own. Four queries.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from consultations.models import Booking
from inbox.models import Message
from liaison_pages.models import LiaisonPage
from students.models import Assignment

from .metrics import OPEN_STATUSES, format_duration, reply_due_hours


def overload_percent():
    return getattr(settings, "EVIDENCE_OVERLOAD_PERCENT", 90)


@dataclass
class WorkloadRow:
    liaison_id: int | None
    name: str
    capacity: int = 0
    load: int = 0
    accepting: bool = False
    overdue: int = 0
    oldest_overdue: datetime.timedelta | None = None
    week_bookings: int = 0  # confirmed consultations this week (Monday to Sunday)
    week_cap: int | None = None  # the librarian's weekly cap; None: no cap

    @property
    def percent(self):
        if not self.capacity:
            return 100 if self.load else 0
        return round(100 * self.load / self.capacity)

    @property
    def oldest_text(self):
        return format_duration(self.oldest_overdue) if self.oldest_overdue else ""

    @property
    def over_capacity(self):
        return self.liaison_id is not None and self.percent > overload_percent()

    @property
    def over_week_cap(self):
        return self.week_cap is not None and self.week_bookings >= self.week_cap

    @property
    def flagged(self):
        return self.over_capacity or self.overdue > 0 or self.over_week_cap


def overdue_messages(now=None):
    """Messages still open past the promised reply time."""
    now = now or timezone.now()
    due = now - datetime.timedelta(hours=reply_due_hours())
    return Message.objects.filter(
        status__in=OPEN_STATUSES, responded_at__isnull=True, created_at__lt=due
    )


def this_week(now):
    """[start, end) of the local calendar week (Monday to Sunday) containing ``now``."""
    today = timezone.localdate(now)
    monday = today - datetime.timedelta(days=today.weekday())
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time.min)
    )
    return start, end


def week_bookings(now):
    """{liaison id: confirmed consultations starting this week}. One query."""
    start, end = this_week(now)
    return dict(
        Booking.objects.filter(status=Booking.Status.CONFIRMED, start__gte=start, start__lt=end)
        .values("liaison_id")
        .annotate(n=Count("id"))
        .values_list("liaison_id", "n")
    )


def workload(now=None, flagged_only=False):
    now = now or timezone.now()
    liaisons = list(
        LiaisonPage.objects.filter(live=True, is_active=True)
        .order_by("title", "pk")
        .values_list("pk", "title", "capacity", "accepting_students", "availability__max_per_week")
    )
    booked = week_bookings(now)
    loads = dict(
        Assignment.objects.filter(ended_at__isnull=True, liaison_id__isnull=False)
        .values("liaison_id")
        .annotate(n=Count("id"))
        .values_list("liaison_id", "n")
    )
    overdue = {
        r["liaison_id"]: (r["n"], r["oldest"])
        for r in overdue_messages(now)
        .values("liaison_id")
        .annotate(n=Count("id"), oldest=Min("created_at"))
    }
    rows = []
    for pk, title, capacity, accepting, week_cap in liaisons:
        n, oldest = overdue.pop(pk, (0, None))
        rows.append(
            WorkloadRow(
                pk,
                title,
                capacity,
                loads.get(pk, 0),
                accepting,
                n,
                now - oldest if oldest else None,
                booked.get(pk, 0),
                week_cap,
            )
        )
    # open messages of librarians who are no longer active or published, and unassigned ones
    leftover = list(overdue.values())
    if leftover:
        n = sum(x[0] for x in leftover)
        oldest = min(x[1] for x in leftover)
        rows.append(
            WorkloadRow(
                None,
                "General enquiries and former librarians",
                overdue=n,
                oldest_overdue=now - oldest,
            )
        )
    rows.sort(key=lambda r: (not r.flagged, -r.percent, -r.overdue, r.name))
    if flagged_only:
        rows = [r for r in rows if r.flagged]
    return rows
