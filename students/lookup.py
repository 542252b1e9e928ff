"""The public "who is my librarian?" answer for a programme, shared by the finder
(/librarians/find/), the embeddable widget and the JSON lookup.

It is the matching rule itself (``students.matching``), run over the candidate records a sign-up
for that programme would be matched from (``students.services.preview_pool``, the same query
without the row locks), so it names the librarian a new student of the programme would get now,
with the same "why" line their My librarian page would show. The other librarians who serve the
programme are listed with whether they take new students; one who does not is shown as such,
never as "your librarian". Only profile facts and per-librarian counts of open assignments are
read, never a student.

``describe`` is the rule, over plain records; ``librarian_for_programme`` loads the records and the
profiles to show. The finder page (/librarians/find/) shows it through the
``{% librarian_for_programme %}`` tag (``students_tags``); the widget and JSON lookup call it.
"""

from dataclasses import dataclass, field

from liaison_pages.models import librarian_cards

from . import matching, services

# What an answer says about each librarian who serves the programme.
MATCHED = "matched"  # the one a new student would get
ACCEPTING = "accepting"  # takes new students too (a later sign-up may get them)
FULL = "full"  # accepts students but has no room now
NOT_ACCEPTING = "not_accepting"  # not taking new students

STATUS_TEXT = {
    MATCHED: "Takes new students",
    ACCEPTING: "Also takes new students",
    FULL: "Full at the moment",
    NOT_ACCEPTING: "Not taking new students",
}


@dataclass(frozen=True)
class Answer:
    """Ids only: the match and the programme's other librarians, each with a status."""

    match: matching.Match
    others: tuple = ()  # ((liaison id, status), …), in the candidates' name order


def status_of(candidate, pool):
    if not candidate.accepting:
        return NOT_ACCEPTING
    return ACCEPTING if pool.has_room(candidate) else FULL


def describe(programme, candidates, general_id=None):
    """Whom a new student of ``programme`` gets (``matching.Pool.choose``, the sign-up's rule) and
    the other librarians who serve the programme, by name."""
    pool = matching.Pool(candidates, general_id)
    match = pool.choose(programme)
    serving = sorted(
        (c for c in pool.candidates.values() if matching.serves_programme(c, programme)),
        key=lambda c: (c.name.casefold(), c.id),
    )
    others = tuple((c.id, status_of(c, pool)) for c in serving if c.id != match.liaison_id)
    return Answer(match, others)


@dataclass
class Listed:
    liaison: object  # LiaisonPage
    status: str

    @property
    def status_text(self):
        return STATUS_TEXT[self.status]

    @property
    def takes_new_students(self):
        return self.status in (MATCHED, ACCEPTING)


@dataclass
class LookupResult:
    librarian: object = None  # the LiaisonPage a new student would get, or None
    reason: str = ""  # why (the "why this librarian" line), or why nobody
    level: str = matching.NONE  # programme, department, faculty, general or none
    others: list = field(default_factory=list)  # [Listed] other librarians serving the programme

    @property
    def exact(self):
        """Whether the librarian serves the programme itself (not only its department or faculty)."""
        return self.level == matching.PROGRAMME

    @property
    def listed(self):
        """Everyone shown: the librarian first (status MATCHED), then the others."""
        first = [Listed(self.librarian, MATCHED)] if self.librarian is not None else []
        return first + self.others


def librarian_for_programme(programme):
    """The answer for a ``taxonomy.Programme`` (with its department and faculty), with the
    profiles it names loaded for cards (photo renditions and subjects prefetched)."""
    pool = services.preview_pool(programme)
    answer = describe(
        services.programme_record(programme), pool.candidates.values(), pool.general_id
    )
    ids = [answer.match.liaison_id] if answer.match else []
    ids += [liaison_id for liaison_id, _ in answer.others]
    # only profiles the public may see (restricted sections never show here)
    pages = librarian_cards(ids)
    return LookupResult(
        librarian=pages.get(answer.match.liaison_id),
        reason=answer.match.reason,
        level=answer.match.level,
        others=[Listed(pages[i], status) for i, status in answer.others if i in pages],
    )
