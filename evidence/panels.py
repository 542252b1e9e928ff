"""The dashboard as a list of panels: each a small function from a ``Scope`` to a ``Panel`` of
headline figures and tables. "My evidence" and "Programme evidence" render the same list, scoped to
one librarian or to all.

Consultations (by month, type and outcome), outreach (sent, unsubscribed) and feedback (ratings;
comments only in one librarian's scope, never across librarians) are panels like the others, read
from ``engagement``; the pages, the exports and the tests iterate the list.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from . import engagement, metrics
from .tables import Cell, Chart, Table, cell


@dataclass
class Scope:
    """Whose figures, for which period. ``liaison`` is None for every librarian."""

    liaison: object
    period: object
    now: datetime.datetime = field(default_factory=timezone.now)
    _message_counts: metrics.MessageCounts | None = field(default=None, repr=False)
    _open_assignments: dict | None = field(default=None, repr=False)

    def message_counts(self):
        """The period's messages counted once for every panel that reads them."""
        if self._message_counts is None:
            self._message_counts = metrics.message_counts(self.liaison, self.period, self.now)
        return self._message_counts

    def open_assignments(self):
        """Students assigned now, per programme and librarian, read once for the load and
        programme panels."""
        if self._open_assignments is None:
            self._open_assignments = metrics.open_assignments(self.liaison)
        return self._open_assignments

    def programme_counts(self):
        """Messages per programme (see ``message_counts``)."""
        return self.message_counts().by_programme

    @property
    def today(self):
        return timezone.localdate(self.now)

    @cached_property
    def _messages_query(self):
        """The list's address and the period (and librarian) part of its query, worked out once
        for the few hundred links of a dashboard."""
        query = dict(self.period.as_query())
        if self.liaison is not None:
            query["liaison"] = self.liaison.pk
        return reverse("evidence:messages"), urlencode(query)

    @cached_property
    def _programme_path(self):
        return reverse("evidence:programme")

    def liaison_url(self, liaison_id):
        """The programme evidence of one librarian (the address worked out once per dashboard)."""
        return f"{self._programme_path}?{urlencode({'liaison': liaison_id})}"

    def messages_url(self, **filters):
        """The evidence list of the messages a figure counts (``filters`` are the list's own:
        month, state, programme, department)."""
        path, base = self._messages_query
        extra = urlencode({k: v for k, v in filters.items() if v is not None})
        return f"{path}?{base}&{extra}" if extra else f"{path}?{base}"


@dataclass
class Figure:
    label: str
    value: object
    url: str = ""
    note: str = ""


@dataclass
class Panel:
    key: str
    title: str
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    intro: str = ""


def _group_key(key):
    return "none" if key is None else key


def load_panel(scope):
    rows = metrics.load_vs_capacity(scope.liaison, scope.period, scope.open_assignments())
    load, capacity = sum(r.load for r in rows), sum(r.capacity for r in rows)
    panel = Panel("load", "Students and capacity")
    panel.figures = [
        Figure("Students assigned now", load),
        Figure("Capacity", capacity),
        Figure("Capacity in use", f"{round(100 * load / capacity) if capacity else 0}%"),
        Figure("Assignments started in the period", sum(r.started for r in rows)),
        Figure("Assignments ended in the period", sum(r.ended for r in rows)),
    ]
    table = Table(
        "load",
        "Students assigned now against capacity, per librarian",
        [
            "Librarian",
            "Students now",
            "Capacity",
            "% of capacity",
            "Accepting new students",
            "Started in period",
            "Ended in period",
        ],
        chart=Chart(1, "Students assigned now"),
    )
    for r in rows:
        table.add(
            Cell(r.name, scope.liaison_url(r.liaison_id) if scope.liaison is None else ""),
            r.load,
            r.capacity,
            r.percent,
            "yes" if r.accepting else "no",
            r.started,
            r.ended,
        )
    over_time = Table(
        "load-over-time",
        "Students assigned at the end of each month",
        ["Month", "Students"],
        chart=Chart(1, "Students assigned at the end of each month"),
    )
    for month, n in metrics.load_over_time(
        scope.liaison, scope.period, scope.now, scope.open_assignments()
    ):
        if month <= scope.today:
            over_time.add(f"{month:%b %Y}", n)
    panel.tables = [table, over_time]
    return panel


def programmes_panel(scope):
    rows = metrics.programmes_served(
        scope.liaison, scope.period, scope.programme_counts(), scope.open_assignments()
    )
    panel = Panel("programmes", "Programmes served")
    served = [r for r in rows if r.programme_id is not None and (r.students or r.messages)]
    panel.figures = [Figure("Programmes with students or messages", len(served))]
    table = Table(
        "programmes",
        "Programmes: students assigned now and messages in the period",
        ["Programme", "Code", "Department", "Students now", "Messages in period"],
    )
    for r in rows:
        table.add(
            r.name,
            r.code,
            r.department,
            r.students,
            cell(r.messages, scope.messages_url(programme=_group_key(r.programme_id))),
        )
    panel.tables = [table]
    return panel


def messages_panel(scope):
    panel = Panel("messages", "Messages and enquiries")
    by_month = Table(
        "messages-by-month",
        "Messages received per month (spam left out)",
        ["Month", "Received", "Still open"],
        chart=Chart(1, "Messages received per month"),
    )
    total = still_open = 0
    for month, received, open_ in metrics.messages_by_month(scope.liaison, scope.period):
        key = f"{month:%Y-%m}"
        by_month.add(
            f"{month:%b %Y}",
            cell(received, scope.messages_url(month=key)),
            cell(open_, scope.messages_url(month=key, state="open")),
        )
        total, still_open = total + received, still_open + open_
    panel.figures = [
        Figure("Messages received", total, scope.messages_url()),
        Figure("Still open", still_open, scope.messages_url(state="open")),
    ]
    by_department = Table(
        "messages-by-department",
        "Messages by the sender's department",
        ["Department", "Received", "Still open"],
        chart=Chart(1, "Messages by department"),
    )
    for r in metrics.messages_by_department(scope.liaison, scope.period, scope.programme_counts()):
        key = _group_key(r.key)
        by_department.add(
            r.name,
            cell(r.total, scope.messages_url(department=key)),
            cell(r.open, scope.messages_url(department=key, state="open")),
        )
    by_programme = Table(
        "messages-by-programme",
        "Messages by the sender's programme",
        ["Programme", "Department", "Received", "Still open"],
    )
    for r in metrics.messages_by_programme(scope.liaison, scope.period, scope.programme_counts()):
        key = _group_key(r.key)
        by_programme.add(
            r.name,
            r.department,
            cell(r.total, scope.messages_url(programme=key)),
            cell(r.open, scope.messages_url(programme=key, state="open")),
        )
    panel.tables = [by_month, by_department, by_programme]
    return panel


def response_panel(scope):
    times = metrics.response_times(scope.liaison, scope.period, scope.now, scope.message_counts())
    hours = metrics.reply_due_hours()
    panel = Panel(
        "response",
        "First-response time",
        intro=(
            "From a message's arrival to the first time it was marked answered or closed. "
            "Messages still open count with their age so far, never as fast answers; a median "
            "that falls on one reads 'at least …, still open'."
        ),
    )
    panel.figures = [
        Figure("Median", str(times.median) if times.median else "–"),
        Figure("90th percentile", str(times.p90) if times.p90 else "–"),
        Figure("Still open", times.open, scope.messages_url(state="open")),
        Figure(
            f"Open longer than the promised {hours} h",
            times.overdue,
            scope.messages_url(state="overdue"),
        ),
        Figure(
            "Oldest still open",
            metrics.format_duration(times.oldest_open) if times.oldest_open else "–",
        ),
    ]
    table = Table(
        "response-times",
        "First-response time for messages received in the period",
        ["Measure", "Value"],
        note="Spam is left out. Messages answered before response times were recorded are "
        "counted apart and not in the percentiles.",
    )
    table.add("Messages received", cell(times.total, scope.messages_url()))
    table.add("Answered (time recorded)", times.responded)
    table.add("Still open", cell(times.open, scope.messages_url(state="open")))
    table.add("Answered, time not recorded", times.untimed)
    table.add("Median wait", str(times.median) if times.median else "")
    table.add("90th percentile wait", str(times.p90) if times.p90 else "")
    table.add(
        f"Open longer than {hours} h", cell(times.overdue, scope.messages_url(state="overdue"))
    )
    panel.tables = [table]
    return panel


def guides_panel(scope):
    panel = Panel("guides", "Guides and their reviews")
    rows = metrics.guides_by_programme(scope.liaison, scope.today)
    overdue = metrics.overdue_guides(scope.liaison, scope.today)
    table = Table(
        "guides-by-programme",
        "Live guides per programme",
        ["Programme", "Guides", "Overdue for review", "Last reviewed"],
    )
    for r in rows:
        table.add(r.programme, r.guides, r.overdue, r.last_reviewed)
    stale = Table(
        "guides-overdue",
        "Guides overdue for review, stalest first",
        ["Guide", "Owner", "Last reviewed"],
        empty="No guide is overdue for review.",
    )
    for guide in overdue:
        stale.add(
            Cell(guide.title, reverse("wagtailadmin_pages:edit", args=[guide.pk])),
            guide.liaison.title if guide.liaison_id else "",
            guide.last_reviewed,
        )
    panel.figures = [
        Figure("Guides overdue for review", metrics.overdue_guide_count(scope.liaison, scope.today))
    ]
    panel.tables = [table, stale]
    return panel


def consultations_panel(scope):
    counts = engagement.consultation_counts(scope.liaison, scope.period, scope.now)
    panel = Panel(
        "consultations",
        "Consultations",
        intro=(
            "Counted in the month the meeting starts. A past meeting with no outcome recorded "
            "is counted as such, never as attended; cancelled bookings are counted apart."
        ),
    )
    held = counts.count(outcome=engagement.ATTENDED)
    no_show = counts.count(outcome=engagement.NO_SHOW)
    panel.figures = [
        Figure("Consultations booked", counts.total),
        Figure("Attended", held),
        Figure("No-show", no_show),
        Figure(
            "Cancelled",
            counts.count(outcome=engagement.CANCELLED)
            + counts.count(outcome=engagement.CANCELLED_LATE),
        ),
        Figure("Outcome not recorded", counts.count(outcome=engagement.NOT_RECORDED)),
        Figure(
            "Attended, of meetings with attendance recorded",
            f"{round(100 * held / (held + no_show))}%" if held + no_show else "–",
        ),
    ]
    outcome_headings = [label for _, label in engagement.OUTCOMES]
    by_month = Table(
        "consultations-by-month",
        "Consultations per month, by outcome",
        ["Month", "Booked", *outcome_headings],
        chart=Chart(1, "Consultations booked per month"),
    )
    for month in counts.months:
        by_month.add(
            f"{month:%b %Y}",
            counts.count(month=month),
            *(counts.count(month=month, outcome=key) for key, _ in engagement.OUTCOMES),
        )
    by_type = Table(
        "consultations-by-type",
        "Consultations by type, by outcome",
        ["Type", "Booked", *outcome_headings],
        chart=Chart(1, "Consultations by type"),
        empty="No consultation in this period.",
    )
    types = counts.types_seen()
    for key, label in types:
        by_type.add(
            label,
            counts.count(type_=key),
            *(counts.count(type_=key, outcome=o) for o, _ in engagement.OUTCOMES),
        )
    month_type = Table(
        "consultations-by-month-and-type",
        "Consultations per month, by type",
        ["Month", *(label for _, label in types), "All types"],
        empty="No consultation in this period.",
    )
    if types:
        for month in counts.months:
            month_type.add(
                f"{month:%b %Y}",
                *(counts.count(month=month, type_=key) for key, _ in types),
                counts.count(month=month),
            )
    panel.tables = [by_month, by_type, month_type]
    return panel


def outreach_panel(scope):
    reach = engagement.outreach_reach(scope.liaison, scope.period)
    panel = Panel(
        "outreach",
        "Outreach reach",
        intro=(
            "Emails counted when sent, from the librarian each went out from. Unsubscribes: "
            "students who switched outreach off in the period and still have it off"
            + (", while they were this librarian's students." if scope.liaison else ".")
        ),
    )
    panel.figures = [
        Figure("Emails sent", reach.sent),
        Figure("Students reached", reach.students),
        Figure("Campaigns", reach.campaigns),
        Figure("Not sent: outreach switched off", reach.skipped),
        Figure("Not sent: failed", reach.failed),
        Figure("Students who unsubscribed", reach.unsubscribed),
    ]
    by_month = Table(
        "outreach-by-month",
        "Outreach per month",
        ["Month", "Emails sent", "Students reached", "Unsubscribed"],
        chart=Chart(1, "Outreach emails sent per month"),
    )
    for row in reach.months:
        by_month.add(f"{row.month:%b %Y}", row.sent, row.students, row.unsubscribed)
    by_campaign = Table(
        "outreach-by-campaign",
        "Outreach sent in the period, by campaign",
        ["Campaign", "Emails sent", "Students reached"],
        empty="No outreach sent in this period.",
    )
    for title, sent, students in engagement.outreach_by_campaign(scope.liaison, scope.period):
        by_campaign.add(title, sent, students)
    panel.tables = [by_month, by_campaign]
    return panel


def feedback_panel(scope):
    summary = engagement.feedback_summary(scope.liaison, scope.period)
    panel = Panel(
        "feedback",
        "Feedback",
        intro=(
            "Answers to the one survey after an attended consultation or an answered message, "
            "counted when they came in. Ratings run from 1 (poor) to 5 (excellent)."
            + ("" if scope.liaison else " Comments are shown on each librarian's own figures.")
        ),
    )
    panel.figures = [
        Figure("Answers", summary.answers),
        Figure("Mean rating", summary.mean_text),
        Figure("Answers with a comment", summary.comments),
    ]
    ratings = Table(
        "feedback-ratings",
        "Answers by rating",
        ["Rating", "Answers", "% of answers"],
        chart=Chart(1, "Answers by rating"),
        empty="No feedback in this period.",
    )
    if summary.answers:
        for rating, n in summary.distribution.items():
            ratings.add(f"{rating} of 5", n, round(100 * n / summary.answers))
    by_month = Table(
        "feedback-by-month",
        "Feedback per month",
        ["Month", "Answers", "Mean rating"],
    )
    for month, n, mean in summary.months:
        by_month.add(f"{month:%b %Y}", n, round(mean, 1) if mean is not None else None)
    panel.tables = [ratings, by_month]
    if scope.liaison is not None:
        comments = Table(
            "feedback-comments",
            "Comments, newest first",
            ["Received", "Rating", "Consultation", "Comment"],
            empty="No comments in this period.",
        )
        for f in engagement.feedback_comments(scope.liaison, scope.period):
            comments.add(
                f.created_at.replace(microsecond=0),
                f.rating,
                f"{f.booking.topic} ({timezone.localtime(f.booking.start):%d %b %Y})",
                f.comment,
            )
        panel.tables.append(comments)
    return panel


DASHBOARD_PANELS = [
    load_panel,
    programmes_panel,
    messages_panel,
    response_panel,
    guides_panel,
    consultations_panel,
    outreach_panel,
    feedback_panel,
]


def build(scope, panels=None):
    return list(build_each(scope, panels))


def build_each(scope, panels=None):
    """The panels one at a time, each built when asked for: a download of one table stops at the
    panel that holds it instead of counting every figure of the dashboard."""
    for panel in panels or DASHBOARD_PANELS:
        yield panel(scope)


def find_table(built_panels, key):
    for panel in built_panels:
        for table in panel.tables:
            if table.key == key:
                return table
    return None
