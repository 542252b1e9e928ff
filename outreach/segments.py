"""Who receives a campaign. ``select`` is the rule, over plain records; ``recipients`` is the thin
adapter that reads the current assignments and calls it.

The privacy rule is decided here and nowhere else: a liaison's campaign reaches only students
currently assigned to that liaison; a coordinator's campaign may reach any student, and goes out
from each student's own librarian. Students without a current librarian receive nothing (there is
nobody to send it from).
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone

from core.roles import is_coordinator, liaison_for
from students.models import Assignment


@dataclass(frozen=True)
class Sender:
    """On whose authority a campaign goes out: a coordinator (anyone) or one liaison (their own)."""

    liaison_id: int | None = None
    is_coordinator: bool = False


NOBODY = Sender()


@dataclass(frozen=True)
class Segment:
    owner_liaison_id: int | None = None  # a liaison's own campaign: never beyond their students
    programme_ids: frozenset = field(default_factory=frozenset)
    levels: frozenset = field(default_factory=frozenset)
    years: frozenset = field(default_factory=frozenset)
    matched_since: datetime.datetime | None = None


@dataclass(frozen=True)
class Candidate:
    student_id: int
    liaison_id: int | None
    programme_id: int | None = None
    programme_level: str = ""
    year: str = ""
    matched_at: datetime.datetime | None = None


def reachable_liaison(sender, segment):
    """The one liaison whose students this send may reach; None for "any", False for nobody."""
    if sender.is_coordinator:
        return segment.owner_liaison_id
    if sender.liaison_id is None:
        return False
    if segment.owner_liaison_id not in (None, sender.liaison_id):
        return False
    return sender.liaison_id


def select(segment: Segment, sender: Sender, candidates: Iterable[Candidate]) -> Iterator:
    """(student_id, liaison_id) for each candidate the campaign reaches, in the order given."""
    only = reachable_liaison(sender, segment)
    if only is False:
        return
    for c in candidates:
        if c.liaison_id is None or (only is not None and c.liaison_id != only):
            continue
        if segment.programme_ids and c.programme_id not in segment.programme_ids:
            continue
        if segment.levels and c.programme_level not in segment.levels:
            continue
        if segment.years and c.year not in segment.years:
            continue
        if segment.matched_since and (c.matched_at is None or c.matched_at < segment.matched_since):
            continue
        yield c.student_id, c.liaison_id


# --- adapters -----------------------------------------------------------------------------------


def sender_for(user):
    """The authority a signed-in user sends with."""
    if is_coordinator(user):
        return Sender(is_coordinator=True)
    liaison = liaison_for(user)
    return Sender(liaison_id=liaison.pk) if liaison else NOBODY


def authority(campaign):
    """The authority a stored campaign goes out with: its liaison's, or a coordinator's."""
    if campaign.liaison_id:
        return Sender(liaison_id=campaign.liaison_id)
    return Sender(is_coordinator=True)


def segment_of(campaign, now=None):
    since = None
    if campaign.matched_within_days:
        since = (now or timezone.now()) - datetime.timedelta(days=campaign.matched_within_days)
    return Segment(
        owner_liaison_id=campaign.liaison_id,
        programme_ids=frozenset(campaign.programmes.values_list("pk", flat=True)),
        levels=frozenset(campaign.levels or ()),
        years=frozenset(campaign.years or ()),
        matched_since=since,
    )


def candidates(segment, sender, chunk_size=2000):
    """Current assignments as candidates, narrowed in the database where the rule allows (the
    rule itself is applied again by ``select``)."""
    rows = Assignment.objects.filter(ended_at__isnull=True, student__isnull=False)
    only = reachable_liaison(sender, segment)
    if only is False:
        return
    if only is not None:
        rows = rows.filter(liaison_id=only)
    if segment.programme_ids:
        rows = rows.filter(student__programme_id__in=segment.programme_ids)
    if segment.levels:
        rows = rows.filter(student__programme__level__in=segment.levels)
    if segment.years:
        rows = rows.filter(student__level__in=segment.years)
    if segment.matched_since:
        rows = rows.filter(started_at__gte=segment.matched_since)
    values = rows.order_by("student_id").values_list(
        "student_id",
        "liaison_id",
        "student__programme_id",
        "student__programme__level",
        "student__level",
        "started_at",
    )
    for row in values.iterator(chunk_size=chunk_size):
        yield Candidate(*row)


def recipients(campaign, sender, now=None):
    """(student_id, liaison_id) for every student ``campaign`` reaches when ``sender`` sends it.
    A liaison's campaign is also limited to its own liaison whoever sends it."""
    segment = segment_of(campaign, now)
    return select(segment, sender, candidates(segment, sender))
