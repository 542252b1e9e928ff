"""The evidence test world, with counts known in advance (see each test for the sums).

Two faculties: Science (Chemistry: BSc Chemistry, BSc Biochemistry) and Arts (History: BA
History; plus a withdrawn BA Classics). Ada serves BSc Chemistry directly (capacity 10, three
students now, one who left in September); Bo serves the History department (capacity 2, two
students: full). Nobody serves Biochemistry. ``NOW`` is 1 October 2026, 10:00 UTC; September 2026
is the period most tests count.
"""

import datetime
from types import SimpleNamespace

from django.contrib.auth.models import Group

from editorial.roles import COORDINATOR, LIAISON, setup_roles
from inbox.models import Message
from students.models import Assignment
from tests.factories import (
    DepartmentFactory,
    FacultyFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    MessageFactory,
    ProgrammeFactory,
    StudentFactory,
    UserFactory,
)

UTC = datetime.UTC


def at(month, day, hour=10, minute=0, second=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=UTC)


NOW = at(10, 1, 10)
TODAY = NOW.date()


def assign(student, liaison, started, ended=None):
    return Assignment.objects.create(
        student=student,
        liaison=liaison,
        programme=student.programme,
        reason="Serves the programme",
        started_at=started,
        ended_at=ended,
    )


def message(liaison, created, status=Message.Status.NEW, responded=None, programme=None, **kw):
    m = MessageFactory(
        liaison=liaison, created_at=created, status=status, programme=programme, **kw
    )
    # the stored first-response time is what the figures read; set it as recorded (or leave it
    # empty, as for messages answered before it was recorded)
    Message.objects.filter(pk=m.pk).update(responded_at=responded)
    m.responded_at = responded
    return m


def build_world(site_tree):
    """The seeded world (see the module docstring); browser tests build it too."""
    setup_roles()
    w = SimpleNamespace(**site_tree)
    science = FacultyFactory(name="Faculty of Science")
    arts = FacultyFactory(name="Faculty of Arts")
    w.science, w.arts = science, arts
    w.chemistry = DepartmentFactory(name="Chemistry", faculty=science)
    w.history = DepartmentFactory(name="History", faculty=arts)
    w.chem = ProgrammeFactory(code="BSC-CHEM", name="BSc Chemistry", department=w.chemistry)
    w.biochem = ProgrammeFactory(code="BSC-BIOC", name="BSc Biochemistry", department=w.chemistry)
    w.hist = ProgrammeFactory(code="BA-HIST", name="BA History", department=w.history)
    w.classics = ProgrammeFactory(
        code="BA-CLAS", name="BA Classics", department=w.history, is_active=False
    )

    w.ada = LiaisonPageFactory(
        parent=w.librarians, title="Ada Byrne", capacity=10, programmes=[w.chem]
    )
    w.bo = LiaisonPageFactory(parent=w.librarians, title="Bo Finch", capacity=2)
    w.bo.departments.set([w.history])
    w.bo.save_revision().publish()
    liaison_group = Group.objects.get(name=LIAISON)
    for liaison in (w.ada, w.bo):
        liaison.user.groups.add(liaison_group)
    w.coordinator = UserFactory(email="coordinator@library.example.edu")
    w.coordinator.groups.add(Group.objects.get(name=COORDINATOR))
    w.outsider = UserFactory(email="someone@library.example.edu")

    # Ada: three students since 1 September, one who left on 15 September
    w.ada_students = [StudentFactory(programme=w.chem) for _ in range(3)]
    for s in w.ada_students:
        assign(s, w.ada, at(9, 1, 12))
    w.former = StudentFactory(programme=w.chem)
    assign(w.former, w.ada, at(6, 1), ended=at(9, 15))
    # Bo: two history students since 20 September (full)
    w.bo_students = [StudentFactory(programme=w.hist) for _ in range(2)]
    for s in w.bo_students:
        assign(s, w.bo, at(9, 20))

    S = Message.Status
    student_user = w.ada_students[0].user
    w.messages = {
        "2h": message(w.ada, at(9, 2), S.ANSWERED, at(9, 2, 12), w.chem, sender_user=student_user),
        "24h": message(w.ada, at(9, 3), S.CLOSED, at(9, 4), w.chem),
        "1h": message(w.ada, at(9, 5), S.ANSWERED, at(9, 5, 11), w.biochem),
        "open-21d": message(w.ada, at(9, 10), S.NEW, sender_user=student_user),
        "open-10h": message(w.ada, at(9, 30, 23, 59, 59), S.READ, programme=w.chem),
        "untimed": message(w.ada, at(9, 7), S.ANSWERED, None, w.biochem),
        "spam": message(w.ada, at(9, 6), S.SPAM, programme=w.chem),
        "boundary-after": message(w.ada, at(10, 1, 0), S.ANSWERED, at(10, 1, 1), w.chem),
        "boundary-before": message(w.ada, at(8, 31, 23, 59, 59), S.NEW, programme=w.chem),
        "bo-5h": message(w.bo, at(9, 21), S.ANSWERED, at(9, 21, 15), w.hist),
    }

    # guides: cutoff with 12 months on 1 Oct 2026 is 30 Sep 2025
    def guide(title, liaison, reviewed, programmes):
        page = GuidePageFactory(
            parent=w.guides, title=title, liaison=liaison, last_reviewed=reviewed
        )
        page.programmes.set(programmes)
        page.save_revision().publish()
        return page

    w.fresh_chem = guide("Chemistry essentials", w.ada, datetime.date(2026, 5, 1), [w.chem])
    w.stale_chem = guide("Old chemistry guide", w.ada, datetime.date(2024, 1, 1), [w.chem])
    w.stale_hist = guide("History sources", w.bo, datetime.date(2025, 1, 1), [w.hist])
    w.untagged = guide("Citing sources", w.ada, datetime.date(2026, 6, 1), [])
    return w
