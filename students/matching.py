"""Who is a student's personal librarian? Pure functions over plain records, no database.

Rules, in order:

1. Candidates are librarians who are active, accept new students and have room
   (current load below capacity). Nobody is ever matched past capacity.
2. Prefer librarians who serve the student's programme; if none has room, those who serve the
   programme's department; then its faculty; then the configured general-enquiries librarian.
3. Among the candidates at the first level that has any, pick the lowest load/capacity ratio,
   ties broken by lower load, then lower id. The result is deterministic, and equal-capacity
   librarians of one programme never differ by more than one student.

``Pool`` keeps the loads in memory so a bulk import can match thousands of students with one
pass; ``choose()`` is the one-off form used at sign-up.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

PROGRAMME = "programme"
DEPARTMENT = "department"
FACULTY = "faculty"
GENERAL = "general"
NONE = "none"


@dataclass(frozen=True)
class ProgrammeRecord:
    code: str
    name: str
    department_id: int | None = None
    department_name: str = ""
    faculty_id: int | None = None
    faculty_name: str = ""


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str = ""
    programmes: frozenset = field(default_factory=frozenset)  # programme codes served
    departments: frozenset = field(default_factory=frozenset)  # department ids served
    faculties: frozenset = field(default_factory=frozenset)  # faculty ids served
    active: bool = True
    accepting: bool = True
    capacity: int = 0
    load: int = 0


@dataclass(frozen=True)
class Match:
    liaison_id: int | None
    level: str
    reason: str

    def __bool__(self):
        return self.liaison_id is not None


def serves_programme(candidate: Candidate | None, programme: ProgrammeRecord) -> bool:
    return bool(candidate and candidate.active and programme.code in candidate.programmes)


def keeps_librarian(current: Candidate | None, new_programme: ProgrammeRecord) -> bool:
    """On a programme change the student keeps their librarian if that librarian serves the new
    programme (capacity does not matter: the student is already counted in their load)."""
    return serves_programme(current, new_programme)


class Pool:
    """Candidates indexed by programme, department and faculty, with loads kept in memory."""

    def __init__(self, candidates: Iterable[Candidate], general_id: int | None = None):
        self.candidates = {c.id: c for c in candidates}
        self.loads = {c.id: c.load for c in self.candidates.values()}
        self.general_id = general_id
        self._by_programme = defaultdict(list)
        self._by_department = defaultdict(list)
        self._by_faculty = defaultdict(list)
        for c in self.candidates.values():
            if not (c.active and c.accepting and c.capacity > 0):
                continue  # never eligible: skip once instead of on every choice
            for code in c.programmes:
                self._by_programme[code].append(c)
            for dept in c.departments:
                self._by_department[dept].append(c)
            for fac in c.faculties:
                self._by_faculty[fac].append(c)

    def has_room(self, candidate: Candidate) -> bool:
        return (
            candidate.active
            and candidate.accepting
            and self.loads[candidate.id] < candidate.capacity
        )

    def _best(self, candidates, exclude):
        """Lowest load/capacity (compared by cross-multiplying, exact and fast), then lower
        load, then lower id."""
        best = None
        best_load = best_capacity = 0
        for c in candidates:
            if c.id in exclude or not self.has_room(c):
                continue
            load = self.loads[c.id]
            if best is None:
                best, best_load, best_capacity = c, load, c.capacity
                continue
            left, right = load * best_capacity, best_load * c.capacity
            if left < right or (left == right and (load, c.id) < (best_load, best.id)):
                best, best_load, best_capacity = c, load, c.capacity
        return best

    def choose(self, programme: ProgrammeRecord, exclude: Iterable[int] = ()) -> Match:
        """The librarian this student should get, without recording it (see ``assign``)."""
        exclude = frozenset(exclude)
        general = self.candidates.get(self.general_id)
        levels = (
            (PROGRAMME, self._by_programme.get(programme.code, ()), f"serves {programme.name}"),
            (
                DEPARTMENT,
                self._by_department.get(programme.department_id, ()),
                f"serves the {programme.department_name} department"
                f" (no librarian for {programme.name} had room)",
            ),
            (
                FACULTY,
                self._by_faculty.get(programme.faculty_id, ()),
                f"serves the {programme.faculty_name}"
                f" (no librarian in the {programme.department_name} department had room)",
            ),
            (
                GENERAL,
                (general,) if general else (),
                f"general enquiries librarian (no subject librarian had room for {programme.name})",
            ),
        )
        for level, candidates, reason in levels:
            best = self._best(candidates, exclude)
            if best is not None:
                return Match(best.id, level, reason)
        return Match(None, NONE, f"no librarian has room for {programme.name} yet")

    def assign(self, liaison_id: int) -> None:
        self.loads[liaison_id] = self.loads.get(liaison_id, 0) + 1

    def release(self, liaison_id: int | None) -> None:
        if liaison_id in self.loads:
            self.loads[liaison_id] -= 1

    def match(self, programme: ProgrammeRecord, exclude: Iterable[int] = ()) -> Match:
        """Choose and count the student in the chosen librarian's load."""
        result = self.choose(programme, exclude)
        if result:
            self.assign(result.liaison_id)
        return result


def choose(
    programme: ProgrammeRecord,
    candidates: Iterable[Candidate],
    general_id: int | None = None,
    exclude: Iterable[int] = (),
) -> Match:
    """One student's match: see the module docstring for the rules."""
    return Pool(candidates, general_id).choose(programme, exclude)
