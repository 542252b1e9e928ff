"""Read models for what happens after matching: consultations, outreach and feedback.

Like ``metrics``, each function takes one librarian's profile (or ``None`` for every librarian)
and a ``periods.Period`` and runs a fixed number of queries whatever the amount of data, counting
in the database grouped by the month each row falls in (``metrics.first_before``: a ``CASE`` over
the month ends, no per-row date functions).

What is counted, and when:

* a **consultation** counts in the month its meeting starts (half-open months, as messages), with
  its outcome as recorded, or, when none is: "cancelled" for a cancelled booking, "upcoming" for a
  meeting still ahead, "outcome not recorded" for a past one nobody has marked yet (never guessed
  as attended);
* an **outreach email** counts when it was sent; one not sent (outreach switched off, or failed
  for good) when its delivery was tried. An **unsubscribe** counts in the period the student
  switched outreach off, if it is still off (a student who switches it back on is no longer
  counted: the preferences keep no history); for one librarian, the students who were theirs at
  that moment;
* **feedback** counts when the answer came in; for one librarian, answers about their own
  consultations.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from itertools import product

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from consultations.models import Booking, Feedback
from outreach.models import Send, Subscription
from students.models import Assignment

from .metrics import NO_GROUP, first_before, month_bounds

# --- Consultations --------------------------------------------------------------------------------

ATTENDED = Booking.Outcome.ATTENDED.value
NO_SHOW = Booking.Outcome.NO_SHOW.value
CANCELLED_LATE = Booking.Outcome.CANCELLED_LATE.value
CANCELLED, NOT_RECORDED, UPCOMING = "cancelled", "not-recorded", "upcoming"
# (key, label) of each outcome column, in the order the tables show them
OUTCOMES = [
    (ATTENDED, "Attended"),
    (NO_SHOW, "No-show"),
    (CANCELLED_LATE, "Cancelled late"),
    (CANCELLED, "Cancelled"),
    (NOT_RECORDED, "Outcome not recorded"),
    (UPCOMING, "Upcoming"),
]
TYPES = [(value, label) for value, label in Booking.Type.choices] + [("", NO_GROUP)]


def counted_bookings(liaison=None, period=None):
    """The bookings the figures count: every booking (cancelled ones too, counted apart) whose
    meeting starts within the period, for one librarian or all."""
    queryset = Booking.objects.all()
    if liaison is not None:
        queryset = queryset.filter(liaison=liaison)
    if period is not None:
        queryset = queryset.filter(start__gte=period.start, start__lt=period.end)
    return queryset


def outcome_bucket(now):
    """The outcome column a booking counts under (see the module docstring)."""
    return Case(
        When(~Q(outcome=""), then=F("outcome")),
        When(status=Booking.Status.CANCELLED, then=Value(CANCELLED)),
        When(start__gte=now, then=Value(UPCOMING)),
        default=Value(NOT_RECORDED),
        output_field=CharField(),
    )


@dataclass
class ConsultationCounts:
    """Bookings per (month, type, outcome), as the database counted them."""

    months: list
    cells: dict = field(default_factory=dict)  # (month, type, outcome) -> n

    def count(self, month=None, type_=None, outcome=None):
        return self._sums.get((month, type_, outcome), 0)

    @cached_property
    def _sums(self):
        """Every count the tables ask for, summed once: each cell adds to its own key and to the
        keys with any of month, type or outcome left open (None)."""
        sums = {}
        for (m, t, o), n in self.cells.items():
            for key in product((m, None), (t, None), (o, None)):
                sums[key] = sums.get(key, 0) + n
        return sums

    @property
    def total(self):
        return self.count()

    def types_seen(self):
        seen = {t for (_, t, _), n in self.cells.items() if n}
        return [(value, label) for value, label in TYPES if value in seen]


def consultation_counts(liaison, period, now=None):
    """Bookings per month, type and outcome over the period. One query, grouped by type, outcome
    and the month the meeting starts in (one ``CASE`` over the month ends)."""
    now = now or timezone.now()
    bounds = month_bounds(period)
    rows = (
        counted_bookings(liaison, period)
        .order_by()
        .values(
            "consultation_type",
            bucket=outcome_bucket(now),
            month=first_before("start", [end for _, _, end in bounds]),
        )
        .annotate(n=Count("id"))
        .values_list("month", "consultation_type", "bucket", "n")
    )
    result = ConsultationCounts([month for month, _, _ in bounds])
    for i, type_, bucket, n in rows:
        if i is not None and n:
            key = (result.months[i], type_, bucket)
            result.cells[key] = result.cells.get(key, 0) + n
    return result


# --- Outreach -------------------------------------------------------------------------------------


@dataclass
class OutreachMonth:
    month: datetime.date
    sent: int
    students: int
    unsubscribed: int


@dataclass
class OutreachReach:
    sent: int  # emails sent in the period
    students: int  # different students who received at least one
    campaigns: int  # different campaigns they belonged to
    skipped: int  # not sent: the student had switched outreach (or that digest) off
    failed: int  # not sent: failed for good
    unsubscribed: int  # students who switched outreach off in the period (and still have it off)
    months: list = field(default_factory=list)  # [OutreachMonth]


def outreach_sends(liaison=None):
    """Send records from one librarian (the one each email went out from), or from anyone."""
    queryset = Send.objects.all()
    if liaison is not None:
        queryset = queryset.filter(liaison=liaison)
    return queryset


def unsubscribes(liaison=None, period=None):
    """Students with outreach off, switched off within the period; for one librarian, those who
    were that librarian's students when they switched it off."""
    queryset = Subscription.objects.filter(unsubscribed_at__isnull=False)
    if period is not None:
        queryset = queryset.filter(
            unsubscribed_at__gte=period.start, unsubscribed_at__lt=period.end
        )
    if liaison is not None:
        theirs_then = Assignment.objects.filter(
            student_id=OuterRef("student_id"),
            liaison=liaison,
            started_at__lte=OuterRef("unsubscribed_at"),
        ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=OuterRef("unsubscribed_at")))
        queryset = queryset.filter(Exists(theirs_then))
    return queryset


def outreach_reach(liaison, period):
    """Emails sent, students reached and unsubscribes, in total and per month. Three queries: the
    send records' totals, the emails sent grouped by month, and the unsubscribes grouped by
    month. Grouping by a month ``CASE`` (``first_before``) instead of asking one filtered count
    per month keeps the queries as cheap to build as to run: two dozen filtered aggregates cost
    more Python than the few rows they count."""
    bounds = month_bounds(period)
    cutoffs = [end for _, _, end in bounds]
    sent_in = Q(status=Send.Status.SENT, sent_at__gte=period.start, sent_at__lt=period.end)
    tried_in = Q(claimed_at__gte=period.start, claimed_at__lt=period.end)
    sends = outreach_sends(liaison).aggregate(
        sent=Count("id", filter=sent_in),
        students=Count("student_id", filter=sent_in, distinct=True),
        campaigns=Count("campaign_id", filter=sent_in, distinct=True),
        skipped=Count("id", filter=tried_in & Q(status=Send.Status.UNSUBSCRIBED)),
        failed=Count("id", filter=tried_in & Q(status=Send.Status.FAILED)),
    )
    sent_by_month = {
        i: (sent, students)
        for i, sent, students in outreach_sends(liaison)
        .filter(sent_in)
        .order_by()
        .values(month=first_before("sent_at", cutoffs))
        .annotate(sent=Count("id"), students=Count("student_id", distinct=True))
        .values_list("month", "sent", "students")
    }
    offs_by_month = dict(
        unsubscribes(liaison, period)
        .order_by()
        .values(month=first_before("unsubscribed_at", cutoffs))
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    return OutreachReach(
        sent=sends["sent"],
        students=sends["students"],
        campaigns=sends["campaigns"],
        skipped=sends["skipped"],
        failed=sends["failed"],
        unsubscribed=sum(offs_by_month.values()),
        months=[
            OutreachMonth(month, *sent_by_month.get(i, (0, 0)), offs_by_month.get(i, 0))
            for i, (month, _, _) in enumerate(bounds)
        ],
    )


def outreach_by_campaign(liaison, period, limit=50):
    """[(campaign title, emails sent, students)] for the campaigns sent in the period, biggest
    first (at most ``limit``). One query."""
    rows = (
        outreach_sends(liaison)
        .filter(status=Send.Status.SENT, sent_at__gte=period.start, sent_at__lt=period.end)
        .values("campaign_id", "campaign__title")
        .annotate(sent=Count("id"), students=Count("student_id", distinct=True))
        .order_by("-sent", "campaign__title", "campaign_id")[:limit]
    )
    return [(r["campaign__title"], r["sent"], r["students"]) for r in rows]


# --- Feedback -------------------------------------------------------------------------------------

RATINGS = (5, 4, 3, 2, 1)


@dataclass
class FeedbackSummary:
    answers: int
    mean: float | None
    comments: int
    distribution: dict  # rating -> answers
    months: list  # [(month, answers, mean or None)]

    @property
    def mean_text(self):
        return "–" if self.mean is None else f"{self.mean:.1f} / 5"


def counted_feedback(liaison=None, period=None):
    """Survey answers received within the period (after a consultation or an answered message),
    about one librarian or all: the same answers either way."""
    queryset = Feedback.objects.all()
    if liaison is not None:
        queryset = queryset.filter(liaison=liaison)
    if period is not None:
        queryset = queryset.filter(created_at__gte=period.start, created_at__lt=period.end)
    return queryset


def feedback_summary(liaison, period):
    """How many answers, their mean rating and how many gave each rating, in total and per month.
    One query: the answers counted per month and rating (a month ``CASE``, as ``outreach_reach``),
    the totals and means summed from those counts (a mean is the ratings' sum over their number,
    as ``AVG`` takes it)."""
    bounds = month_bounds(period)
    rows = (
        counted_feedback(liaison, period)
        .order_by()
        .values("rating", month=first_before("created_at", [end for _, _, end in bounds]))
        .annotate(n=Count("id"), comments=Count("id", filter=~Q(comment="")))
        .values_list("month", "rating", "n", "comments")
    )
    distribution = dict.fromkeys(RATINGS, 0)
    per_month = [[0, 0] for _ in bounds]  # [answers, sum of ratings]
    answers = total = comments = 0
    for i, rating, n, with_comment in rows:
        distribution[rating] = distribution.get(rating, 0) + n
        answers, total, comments = answers + n, total + rating * n, comments + with_comment
        if i is not None:
            per_month[i][0] += n
            per_month[i][1] += rating * n
    return FeedbackSummary(
        answers=answers,
        mean=total / answers if answers else None,
        comments=comments,
        distribution={rating: distribution[rating] for rating in RATINGS},
        months=[
            (month, n, total / n if n else None)
            for (month, _, _), (n, total) in zip(bounds, per_month, strict=True)
        ],
    )


def feedback_comments(liaison, period, limit=100):
    """The comments about one librarian's consultations, newest first (at most ``limit``). Never
    asked for every librarian at once: comments are shown in a librarian's own scope only. One
    query."""
    if liaison is None:
        raise ValueError("Comments are shown for one librarian at a time.")
    return list(
        counted_feedback(liaison, period)
        .exclude(comment="")
        .select_related("booking")
        .only(
            "created_at",
            "rating",
            "comment",
            "booking__start",
            "booking__topic",
            "booking__consultation_type",
        )
        .order_by("-created_at", "-pk")[:limit]
    )
