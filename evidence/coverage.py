"""The coverage map: every offered programme against the librarians who serve it and its guides.

A librarian serves a programme when their profile lists it, or lists its department (as matching
reads it). A programme is flagged when nobody serves it, when nobody serving it has room (active,
accepting and under capacity), when it has no live guide, or when all its live guides are overdue
for review. Seven queries, whatever the number of programmes.
"""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count

from liaison_pages.models import GuidePage, LiaisonPage
from students.models import Assignment
from taxonomy.models import Programme

from .metrics import review_cutoff

NO_LIAISON = "no-liaison"
NO_ROOM = "no-room"
NO_GUIDE = "no-guide"
STALE_GUIDES = "stale-guides"

FLAG_LABELS = {
    NO_LIAISON: "No librarian",
    NO_ROOM: "No librarian with room",
    NO_GUIDE: "No guide",
    STALE_GUIDES: "Only stale guides",
}

SORTS = {
    "programme": lambda r: (r.name.lower(), r.code),
    "faculty": lambda r: (r.faculty.lower(), r.name.lower()),
    "flags": lambda r: (-len(r.flags), r.name.lower()),
    "liaisons": lambda r: (len(r.liaisons), r.name.lower()),
    "guides": lambda r: (r.guide_count, r.name.lower()),
}


@dataclass
class ServingLiaison:
    pk: int
    name: str
    load: int
    capacity: int
    has_room: bool
    via: str  # "programme" or "department"


class CoverageGuide(NamedTuple):
    pk: int
    title: str
    last_reviewed: datetime.date
    stale: bool


@dataclass
class CoverageRow:
    pk: int
    code: str
    name: str
    department: str
    faculty: str
    faculty_id: int
    liaisons: list = field(default_factory=list)
    guides: list = field(default_factory=list)  # [CoverageGuide]
    flags: list = field(default_factory=list)

    @property
    def guide_count(self):
        return len(self.guides)

    @property
    def stalest_guide(self):
        stale = [g for g in self.guides if g[3]]
        return min(stale, key=lambda g: g[2]) if stale else None


def coverage(faculty_id=None, flag=None, sort="programme", today=None):
    """One ``CoverageRow`` per offered programme (of one faculty, or all), flagged and sorted."""
    programmes = Programme.objects.filter(is_active=True)
    if faculty_id:
        programmes = programmes.filter(department__faculty_id=faculty_id)
    rows = {
        pk: CoverageRow(pk, code, name, dept, fac, fac_id)
        for pk, code, name, dept, fac, fac_id in programmes.values_list(
            "pk",
            "code",
            "name",
            "department__name",
            "department__faculty__name",
            "department__faculty_id",
        )
    }
    department_of = dict(programmes.values_list("pk", "department_id"))

    # loads from the (liaison, ended_at) index, not a join of every assignment to its librarian
    loads = dict(
        Assignment.objects.filter(ended_at__isnull=True, liaison_id__isnull=False)
        .order_by()
        .values("liaison_id")
        .annotate(n=Count("id"))
        .values_list("liaison_id", "n")
    )
    liaisons = {
        pk: (title, loads.get(pk, 0), capacity, accepting)
        for pk, title, capacity, accepting in LiaisonPage.objects.filter(
            live=True, is_active=True
        ).values_list("pk", "title", "capacity", "accepting_students")
    }

    def serving(pk, via):
        title, load, capacity, accepting = liaisons[pk]
        return ServingLiaison(pk, title, load, capacity, bool(accepting and load < capacity), via)

    direct = LiaisonPage.programmes.through.objects.filter(
        programme_id__in=rows, liaisonpage_id__in=liaisons
    ).values_list("programme_id", "liaisonpage_id")
    for programme_id, liaison_id in direct:
        rows[programme_id].liaisons.append(serving(liaison_id, "programme"))
    by_department = {}
    for dept_id, liaison_id in LiaisonPage.departments.through.objects.filter(
        department_id__in=set(department_of.values()), liaisonpage_id__in=liaisons
    ).values_list("department_id", "liaisonpage_id"):
        by_department.setdefault(dept_id, []).append(liaison_id)
    for programme_id, dept_id in department_of.items():
        listed = {s.pk for s in rows[programme_id].liaisons}
        for liaison_id in by_department.get(dept_id, []):
            if liaison_id not in listed:
                rows[programme_id].liaisons.append(serving(liaison_id, "department"))

    cutoff = review_cutoff(today)
    guide_rows = GuidePage.programmes.through.objects.filter(
        programme_id__in=rows, guidepage__live=True
    ).values_list("programme_id", "guidepage_id", "guidepage__title", "guidepage__last_reviewed")
    for programme_id, guide_id, title, reviewed in guide_rows:
        rows[programme_id].guides.append(
            CoverageGuide(guide_id, title, reviewed, reviewed < cutoff)
        )

    for row in rows.values():
        row.liaisons.sort(key=lambda s: s.name)
        row.guides.sort(key=lambda g: g[1])
        if not row.liaisons:
            row.flags.append(NO_LIAISON)
        elif not any(s.has_room for s in row.liaisons):
            row.flags.append(NO_ROOM)
        if not row.guides:
            row.flags.append(NO_GUIDE)
        elif all(g[3] for g in row.guides):
            row.flags.append(STALE_GUIDES)

    result = list(rows.values())
    if flag in FLAG_LABELS:
        result = [r for r in result if flag in r.flags]
    elif flag == "any":
        result = [r for r in result if r.flags]
    return sorted(result, key=SORTS.get(sort, SORTS["programme"]))


def flag_counts(rows):
    return {key: sum(1 for r in rows if key in r.flags) for key in FLAG_LABELS}
