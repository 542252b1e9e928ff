"""Read models: the figures behind the evidence pages, as plain query functions.

Each function takes a scope (one liaison's profile, or ``None`` for every liaison) and, where it
counts events, a ``periods.Period``; it returns plain records for a view, an export or a test to use.
Every function runs a fixed number of queries, whatever the amount of data: counting happens in the
database (grouped or conditional aggregates), never by loading rows to count them in Python.

Honest response times: a message's wait is from arrival to its first response (``responded_at``,
set the first time it is marked answered or closed). A message still open waits until now, and
the percentiles are taken over those waits with the open ones included: when a percentile lands
on an open message it is shown as "at least …, still open", never as a fast answer. Spam is not a
message anyone owes an answer, so it is left out; messages answered before response times were
recorded are counted apart ("answered, time not recorded"), never guessed.
"""

import datetime
import math
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import NotSupportedError
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from inbox.models import Message
from liaison_pages.models import GuidePage, LiaisonPage
from students.models import Assignment
from taxonomy.models import Programme

OPEN_STATUSES = (Message.Status.NEW, Message.Status.READ)
NO_GROUP = "Not given"


def reply_due_hours():
    """How many hours a sender may wait before a message counts as overdue: the promise behind
    the portal's "expect a reply within …" text (``EVIDENCE_REPLY_DUE_HOURS``, 48 by default)."""
    return getattr(settings, "EVIDENCE_REPLY_DUE_HOURS", 48)


def review_cutoff(today=None):
    """Guides last reviewed before this date are overdue (``GUIDE_REVIEW_MONTHS``, as the
    editorial reminders count it)."""
    months = getattr(settings, "GUIDE_REVIEW_MONTHS", 12)
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=int(months * 30.5))


def counted_messages(liaison=None, period=None):
    """The messages the figures count: everything but spam, for one liaison or all, received
    within the period (half-open: ``start <= created_at < end``)."""
    queryset = Message.objects.exclude(status=Message.Status.SPAM)
    if liaison is not None:
        queryset = queryset.filter(liaison=liaison)
    if period is not None:
        queryset = queryset.filter(created_at__gte=period.start, created_at__lt=period.end)
    return queryset


# --- Load -----------------------------------------------------------------------------------------


@dataclass
class LoadRow:
    liaison_id: int
    name: str
    capacity: int
    load: int
    accepting: bool
    started: int = 0
    ended: int = 0

    @property
    def percent(self):
        """Share of capacity in use (a librarian with no capacity and any student is over 100)."""
        if not self.capacity:
            return 100 if self.load else 0
        return round(100 * self.load / self.capacity)

    @property
    def room(self):
        return max(self.capacity - self.load, 0)


def liaisons_in_scope(liaison=None):
    if liaison is not None:
        return LiaisonPage.objects.filter(pk=liaison.pk)
    return LiaisonPage.objects.filter(live=True, is_active=True)


def open_assignments(liaison=None):
    """{(programme id or None, liaison id): students assigned now}, for one liaison or all. One
    query, grouped in the order ``assignment_ended_idx`` reads them (no sort): the students now
    per librarian and per programme both add these up, from one read of the open assignments."""
    queryset = Assignment.objects.filter(ended_at__isnull=True)
    if liaison is not None:
        queryset = queryset.filter(liaison=liaison)
    rows = (
        queryset.order_by()
        .values("programme_id", "liaison_id")
        .annotate(n=Count("id"))
        .values_list("programme_id", "liaison_id", "n")
    )
    return {(programme_id, liaison_id): n for programme_id, liaison_id, n in rows}


PROGRAMME, LIAISON = 0, 1  # the parts of an ``open_assignments`` key


def students_by(open_counts, part):
    """{programme id or liaison id: students assigned now}, added up from ``open_assignments``."""
    totals = Counter()
    for key, n in open_counts.items():
        totals[key[part]] += n
    return totals


def load_vs_capacity(liaison=None, period=None, open_counts=None):
    """Students assigned now against capacity, per liaison, with how many assignments started and
    ended within the period. Three queries (two with ``open_counts``, the ``open_assignments`` of
    the same scope): the librarians, their assignments open now, then those started in the
    period and ended in it as two grouped counts in one (each an index range per librarian:
    neither reads the assignments that long ended)."""
    liaisons = list(
        liaisons_in_scope(liaison)
        .order_by("title", "pk")
        .values_list("pk", "title", "capacity", "accepting_students")
    )
    open_counts = open_assignments(liaison) if open_counts is None else open_counts
    loads = students_by(open_counts, LIAISON)
    counts = {"started": {}, "ended": {}}
    if period is not None:
        ids = [row[0] for row in liaisons]
        assignments = Assignment.objects.filter(liaison_id__in=ids).order_by()
        parts = [
            assignments.filter(**{f"{kind}_at__gte": period.start, f"{kind}_at__lt": period.end})
            .values("liaison_id")
            .annotate(kind=Value(kind), n=Count("id"))
            .values_list("kind", "liaison_id", "n")
            for kind in counts
        ]
        for kind, liaison_id, n in parts[0].union(*parts[1:], all=True):
            counts[kind][liaison_id] = n
    started, ended = counts["started"], counts["ended"]
    return [
        LoadRow(
            pk, title, capacity, loads.get(pk, 0), accepting, started.get(pk, 0), ended.get(pk, 0)
        )
        for pk, title, capacity, accepting in liaisons
    ]


class FirstBefore(Func):
    """The index of the first of the (increasing) ``cutoffs`` that an expression falls before, or
    NULL for none (and for NULL): a ``CASE`` per row that counting per month groups by, instead of
    testing every row against every month. The ``CASE`` halves the range at each step, so a row
    costs four comparisons for twelve months, wherever in time it falls.

    Written as one expression rather than a tree of ``When(field__lt=…)`` lookups: the same SQL,
    without resolving and compiling a dozen lookups for every query that groups by month."""

    output_field = IntegerField()

    def __init__(self, expression, cutoffs, output_field=None):
        super().__init__(
            expression,
            *(Value(cutoff, output_field=DateTimeField()) for cutoff in cutoffs),
            output_field=output_field,
        )

    def as_sql(self, compiler, connection, **extra_context):
        column, *bounds = (compiler.compile(e) for e in self.get_source_expressions())

        def between(lo, hi):  # the answer lies in [lo, hi]; len(bounds) stands for "none"
            if lo == hi:
                return ("NULL" if lo == len(bounds) else str(lo)), []
            mid = (lo + hi) // 2
            below, below_params = between(lo, mid)
            above, above_params = between(mid + 1, hi)
            return (
                f"CASE WHEN {column[0]} < {bounds[mid][0]} THEN {below} ELSE {above} END",
                [*column[1], *bounds[mid][1], *below_params, *above_params],
            )

        return between(0, len(bounds))


def first_before(field, cutoffs):
    """``FirstBefore`` of a field: the month (index into ``cutoffs``) a row counts in."""
    return FirstBefore(F(field), cutoffs)


def ranges_before(cutoffs):
    """[(lo, hi)]: before the first of the (non-decreasing) ``cutoffs``, then between each and the
    next (half-open; ``lo`` None for no lower bound)."""
    return list(zip([None, *cutoffs[:-1]], cutoffs, strict=True))


def in_ranges(queryset, field, ranges, first_key=0, **aggregates):
    """One aggregate of ``queryset`` per range of ``field`` (``lo <= field < hi``; ``None`` for no
    bound), keyed by position from ``first_key``: querysets for ``count_ranges`` to run as one ``UNION ALL``."""
    parts = []
    for i, (lo, hi) in enumerate(ranges):
        lookups = {}
        if lo is not None:
            lookups[f"{field}__gte"] = lo
        if hi is not None:
            lookups[f"{field}__lt"] = hi
        parts.append(
            queryset.filter(**lookups)
            .order_by()
            .values(key=Value(first_key + i, output_field=IntegerField()))
            .annotate(**aggregates)
        )
    return parts


def count_ranges(parts):
    """{key: aggregates} of ``in_ranges`` querysets, in one query. Each range is read from an index
    on its field (a range of it, in order); no per-row ``CASE`` to group by, and no sort to group
    with, which on SQLite cost more than reading the rows."""
    return {row.pop("key"): row for row in parts[0].union(*parts[1:], all=True)}


def load_over_time(liaison, period, now=None, open_counts=None):
    """[(month, students)]: how many students were assigned (to ``liaison``, or to anyone) at the
    end of each month of the period (or now, for the current month). One query (two without
    ``open_counts``, the scope's ``open_assignments``): how many assignments started in each
    month (or before the first) and how many ended in each, read as index ranges; the students at
    a month-end are those started by it less those ended by it. A month-end that is now (the
    current month, and any month after it) counts from the students assigned now instead, less
    those whose assignment starts later and plus those whose assignment ends later, so the
    current month's starts and ends (often the most of them) are not read again. (An assignment
    recorded as ending before it started is counted at no month-end, as if it ended when it
    started.)"""
    now = now or timezone.now()
    queryset = Assignment.objects.all()
    if liaison is not None:
        queryset = queryset.filter(liaison=liaison)
    months = period.months()
    cutoffs = []
    for month in months:
        next_month = (month + datetime.timedelta(days=32)).replace(day=1)
        cutoffs.append(
            min(
                timezone.make_aware(datetime.datetime.combine(next_month, datetime.time.min)),
                period.end,
                now,
            )
        )
    past = [cutoff for cutoff in cutoffs if cutoff < now]
    ranges = ranges_before(past) if past else []
    ends_in_order = Q(ended_at__gte=F("started_at"))
    parts = in_ranges(
        queryset.filter(Q(ended_at__isnull=True) | ends_in_order),
        "started_at",
        ranges,
        n=Count("id"),
    ) + in_ranges(queryset.filter(ends_in_order), "ended_at", ranges, len(ranges), n=Count("id"))
    later = 2 * len(ranges)  # keys: open now but starting later; running now but ending later
    if len(past) < len(cutoffs):
        parts += in_ranges(
            queryset.filter(ended_at__isnull=True),
            "started_at",
            [(now, None)],
            later,
            n=Count("id"),
        )
        parts += in_ranges(
            queryset.filter(started_at__lt=now), "ended_at", [(now, None)], later + 1, n=Count("id")
        )
        open_counts = open_assignments(liaison) if open_counts is None else open_counts
    counts = count_ranges(parts) if parts else {}
    result, students = [], 0
    for i, month in enumerate(months):
        if i < len(past):
            students += counts[i]["n"] - counts[len(ranges) + i]["n"]
        else:
            students = sum(open_counts.values()) - counts[later]["n"] + counts[later + 1]["n"]
        result.append((month, students))
    return result


# --- Programmes served ----------------------------------------------------------------------------


@dataclass
class ProgrammeRow:
    programme_id: int | None
    code: str
    name: str
    department: str
    students: int = 0
    messages: int = 0


def programmes_served(liaison=None, period=None, counts=None, open_counts=None):
    """Programmes with students assigned now or messages in the period (for one liaison, also the
    programmes their profile serves), busiest first. Four queries (two with ``counts`` and
    ``open_counts``, the scope's ``message_counts`` and ``open_assignments``)."""
    open_counts = open_assignments(liaison) if open_counts is None else open_counts
    students = students_by(open_counts, PROGRAMME)
    counts = programme_counts(liaison, period) if counts is None else counts
    messages = {pk: total for pk, (total, _) in counts.items()}
    ids = {pk for pk in (*students, *messages) if pk is not None}
    if liaison is not None:
        ids |= set(
            LiaisonPage.programmes.through.objects.filter(liaisonpage_id=liaison.pk).values_list(
                "programme_id", flat=True
            )
        )
    programmes = Programme.objects.filter(pk__in=ids).values_list(
        "pk", "code", "name", "department__name"
    )
    rows = [
        ProgrammeRow(pk, code, name, dept, students.get(pk, 0), messages.get(pk, 0))
        for pk, code, name, dept in programmes
    ]
    if students.get(None) or messages.get(None):
        rows.append(
            ProgrammeRow(None, "", NO_GROUP, "", students.get(None, 0), messages.get(None, 0))
        )
    rows.sort(key=lambda r: (-r.students, -r.messages, r.name))
    return rows


# --- Messages -------------------------------------------------------------------------------------


def month_bounds(period):
    """[(first day, start, end)] of each month of the period, clipped to it (aware datetimes)."""
    bounds = []
    for month in period.months():
        next_month = (month + datetime.timedelta(days=32)).replace(day=1)
        start = max(
            period.start, timezone.make_aware(datetime.datetime.combine(month, datetime.time.min))
        )
        end = min(
            period.end,
            timezone.make_aware(datetime.datetime.combine(next_month, datetime.time.min)),
        )
        bounds.append((month, start, end))
    return bounds


def messages_by_month(liaison, period):
    """[(month, messages received, still open)] for every month of the period (zeros included).
    One query: a count of each month's range of arrival times (see ``count_ranges``)."""
    bounds = month_bounds(period)
    counts = count_ranges(
        in_ranges(
            counted_messages(liaison),
            "created_at",
            [(start, end) for _, start, end in bounds],
            total=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        )
    )
    return [
        (month, counts[i]["total"], counts[i]["open"]) for i, (month, _, _) in enumerate(bounds)
    ]


@dataclass
class MessageCounts:
    """The period's messages counted once for the figures that read them: per programme (or
    None), received and still open; and, over all of them, the response-time counts."""

    by_programme: dict  # programme id or None -> (messages, still open)
    total: int = 0
    responded: int = 0  # with a recorded first response
    waiting: int = 0  # no response yet and still open (new or read)
    oldest: datetime.datetime | None = None  # the oldest of those
    overdue: int = 0  # of those, older than the promised reply time


def message_counts(liaison, period, now=None):
    """One grouped scan of the messages (by programme, with no join) that the programme,
    department, "programmes served" and response-time figures all read."""
    now = now or timezone.now()
    is_open = Q(responded_at__isnull=True, status__in=OPEN_STATUSES)
    due = now - datetime.timedelta(hours=reply_due_hours())
    rows = (
        counted_messages(liaison, period)
        .order_by()
        .values("programme_id")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
            responded=Count("id", filter=Q(responded_at__isnull=False)),
            waiting=Count("id", filter=is_open),
            oldest=Min("created_at", filter=is_open),
            overdue=Count("id", filter=is_open & Q(created_at__lt=due)),
        )
    )
    counts = MessageCounts({})
    for row in rows:
        counts.by_programme[row["programme_id"]] = (row["total"], row["open"])
        counts.total += row["total"]
        counts.responded += row["responded"]
        counts.waiting += row["waiting"]
        counts.overdue += row["overdue"]
        if row["oldest"] is not None and (counts.oldest is None or row["oldest"] < counts.oldest):
            counts.oldest = row["oldest"]
    return counts


def programme_counts(liaison, period):
    """{programme id or None: (messages, still open)} (see ``message_counts``)."""
    return message_counts(liaison, period).by_programme


def _programme_names(ids):
    return {
        pk: (code, name, dept_id, dept)
        for pk, code, name, dept_id, dept in Programme.objects.filter(pk__in=ids).values_list(
            "pk", "code", "name", "department_id", "department__name"
        )
    }


@dataclass
class GroupRow:
    key: int | None
    name: str
    total: int
    open: int
    department: str = ""


def messages_by_department(liaison, period, counts=None):
    """Messages per department of the sender's programme, busiest first; messages without a
    programme are counted under "Not given". Two queries (or one with ``counts``)."""
    counts = programme_counts(liaison, period) if counts is None else counts
    names = _programme_names([pk for pk in counts if pk is not None])
    groups = {}
    for pk, (total, open_) in counts.items():
        key, name = (names[pk][2], names[pk][3]) if pk in names else (None, NO_GROUP)
        row = groups.setdefault(key, GroupRow(key, name, 0, 0))
        row.total += total
        row.open += open_
    return sorted(groups.values(), key=lambda r: (-r.total, r.key is None, r.name))


def messages_by_programme(liaison, period, counts=None):
    """Messages per programme, busiest first ("Not given" for none). Two queries (or one)."""
    counts = programme_counts(liaison, period) if counts is None else counts
    names = _programme_names([pk for pk in counts if pk is not None])
    result = []
    for pk, (total, open_) in counts.items():
        if pk in names:
            code, name, _, dept = names[pk]
            result.append(GroupRow(pk, f"{name} ({code})", total, open_, dept))
        else:
            result.append(GroupRow(None, NO_GROUP, total, open_))
    return sorted(result, key=lambda r: (-r.total, r.key is None, r.name))


@dataclass(frozen=True)
class Wait:
    """How long a message waited for its first response; ``open`` when it is still waiting (the
    real wait is then at least this long)."""

    duration: datetime.timedelta
    open: bool

    @property
    def hours(self):
        return round(self.duration.total_seconds() / 3600, 1)

    def __str__(self):
        text = format_duration(self.duration)
        return f"at least {text} (still open)" if self.open else text


def format_duration(duration):
    seconds = max(int(duration.total_seconds()), 0)
    if seconds < 3600:
        return f"{seconds // 60} min"
    hours = seconds / 3600
    if hours < 48:
        return f"{hours:.1f} h".replace(".0 h", " h")
    return f"{hours / 24:.1f} days".replace(".0 days", " days")


@dataclass
class ResponseTimes:
    total: int  # messages received in the period (spam left out)
    responded: int  # with a recorded first response
    open: int  # not answered yet (counted in the percentiles with their age)
    untimed: int  # answered before response times were recorded (not in the percentiles)
    median: Wait | None = None
    p90: Wait | None = None
    oldest_open: datetime.timedelta | None = None
    overdue: int = 0  # open and older than the promised reply time

    @property
    def measured(self):
        return self.responded + self.open


class Seconds(Func):
    """Seconds from the second datetime to the first, as a float, in the database's own arithmetic
    (SQLite's ``julianday``, PostgreSQL's ``EXTRACT(EPOCH …)``) so that ordering 50,000 messages by
    their wait runs no Python per row: the age of an open message, and the wait of an answered one
    saved without ``response_seconds``."""

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra,
        )

    def as_sql(self, compiler, connection, **extra):
        if "template" not in extra:
            raise NotSupportedError("Seconds supports SQLite and PostgreSQL.")
        return super().as_sql(compiler, connection, **extra)


def nearest_rank(p, n):
    """The 0-based index of the ``p`` percentile of ``n`` sorted values (nearest-rank method)."""
    return max(math.ceil(p * n) - 1, 0)


def response_times(liaison, period, now=None, counts=None):
    """First-response times for the messages received in the period. Three queries (two with
    ``counts``, the period's ``message_counts`` as of the same ``now``): the counts, then each
    percentile as the one message at its rank when messages are ordered by wait (one when both
    ranks are the same message)."""
    now = now or timezone.now()
    is_open = Q(responded_at__isnull=True, status__in=OPEN_STATUSES)
    counts = message_counts(liaison, period, now) if counts is None else counts
    result = ResponseTimes(
        total=counts.total,
        responded=counts.responded,
        open=counts.waiting,
        untimed=counts.total - counts.responded - counts.waiting,
        oldest_open=now - counts.oldest if counts.oldest else None,
        overdue=counts.overdue,
    )
    n = result.measured
    if not n:
        return result
    # An answered message's wait is stored with it (``response_seconds``, worked out here only
    # for one saved without it); an open one's is its age. Each percentile is read as the row at
    # its rank (``LIMIT 1 OFFSET``), counted from whichever end is nearer: the database keeps
    # only that many rows while it sorts, instead of numbering every message of the period by
    # its wait. Ties on the wait go to the lower id from either end, so both ends agree.
    measured = (
        counted_messages(liaison, period)
        .filter(Q(responded_at__isnull=False) | is_open)
        .annotate(
            wait=Coalesce(
                "response_seconds", Seconds(Coalesce("responded_at", Value(now)), "created_at")
            ),
            still_open=ExpressionWrapper(Q(responded_at__isnull=True), BooleanField()),
        )
        .values_list("wait", "still_open")
    )
    found = {}
    for attr, p in (("median", 0.5), ("p90", 0.9)):
        rank = nearest_rank(p, n)
        if rank not in found:
            if rank <= n - 1 - rank:
                ordered, offset = measured.order_by("wait", "pk"), rank
            else:
                ordered, offset = measured.order_by("-wait", "-pk"), n - 1 - rank
            found[rank] = list(ordered[offset : offset + 1])
        for seconds, still_open in found[rank]:
            setattr(result, attr, Wait(datetime.timedelta(seconds=round(seconds)), still_open))
    return result


# --- Guides ---------------------------------------------------------------------------------------


@dataclass
class GuideRow:
    programme_id: int | None
    programme: str
    guides: int
    overdue: int
    last_reviewed: datetime.date | None


def guides_by_programme(liaison=None, today=None):
    """Live guides per programme (a guide for two programmes counts for each): how many, how many
    overdue for review and when one was last reviewed; for a liaison, the guides they own. Guides
    tagged with no programme are counted under "Not given". Two queries."""
    cutoff = review_cutoff(today)
    guides = GuidePage.objects.live()
    if liaison is not None:
        guides = guides.filter(liaison=liaison)
    through = GuidePage.programmes.through.objects.filter(guidepage__in=guides)
    rows = (
        through.values("programme_id", "programme__name", "programme__code")
        .annotate(
            guides=Count("guidepage_id"),
            overdue=Count("guidepage_id", filter=Q(guidepage__last_reviewed__lt=cutoff)),
            last=Max("guidepage__last_reviewed"),
        )
        .order_by("programme__name")
    )
    result = [
        GuideRow(
            r["programme_id"],
            f"{r['programme__name']} ({r['programme__code']})",
            r["guides"],
            r["overdue"],
            r["last"],
        )
        for r in rows
    ]
    untagged = guides.filter(programmes__isnull=True).aggregate(
        guides=Count("pk"),
        overdue=Count("pk", filter=Q(last_reviewed__lt=cutoff)),
        last=Max("last_reviewed"),
    )
    if untagged["guides"]:
        result.append(
            GuideRow(None, NO_GROUP, untagged["guides"], untagged["overdue"], untagged["last"])
        )
    return result


def _overdue(liaison, today):
    guides = GuidePage.objects.live().filter(last_reviewed__lt=review_cutoff(today))
    if liaison is not None:
        guides = guides.filter(liaison=liaison)
    return guides


def overdue_guide_count(liaison=None, today=None):
    return _overdue(liaison, today).count()


def overdue_guides(liaison=None, today=None, limit=50):
    """The live guides overdue for review, stalest first (at most ``limit``). One query."""
    guides = _overdue(liaison, today)
    return list(
        guides.select_related("liaison")
        .only("pk", "title", "last_reviewed", "liaison__title")
        .order_by("last_reviewed", "title")[:limit]
    )
