"""The evidence test world, with counts known in advance (see each test for the sums).

Two faculties: Science (Chemistry: BSc Chemistry, BSc Biochemistry) and Arts (History: BA
History; plus a withdrawn BA Classics). Ada serves BSc Chemistry directly (capacity 10, three
students now, one who left in September); Bo serves the History department (capacity 2, two
students: full). Nobody serves Biochemistry. ``NOW`` is 1 October 2026, 10:00 UTC; September 2026
is the period most tests count.

Consultations, feedback and outreach (``build_engagement``) are seeded around Ada's second
student, ``w.client``, with rows on both sides of the September boundaries; the sums are in
``tests/evidence/test_engagement.py``.
"""

import datetime
from types import SimpleNamespace

from django.contrib.auth.models import Group

from consultations.models import Booking, Feedback
from editorial.roles import COORDINATOR, LIAISON, setup_roles
from inbox.models import Message
from outreach.models import Campaign, Send, Subscription
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
    # the stored first-response time (and its wait, as Message.save() keeps it) is what the
    # figures read; set it as recorded (or leave it empty, as for messages answered before it
    # was recorded)
    waited = (responded - created).total_seconds() if responded else None
    Message.objects.filter(pk=m.pk).update(responded_at=responded, response_seconds=waited)
    m.responded_at, m.response_seconds = responded, waited
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
    build_engagement(w)
    return w


def booking(liaison, start, student=None, type_="", outcome="", cancelled=False, topic="Sources"):
    return Booking.objects.create(
        liaison=liaison,
        start=start,
        end=start + datetime.timedelta(minutes=30),
        block_start=start,
        block_end=start + datetime.timedelta(minutes=30),
        topic=topic,
        client_name=student.name if student else "A visitor",
        client_email=student.user.email if student else "visitor@elsewhere.example.org",
        client_user=student.user if student else None,
        consultation_type=type_,
        outcome=outcome,
        status=Booking.Status.CANCELLED if cancelled else Booking.Status.CONFIRMED,
        created_at=start - datetime.timedelta(days=7),
    )


def feedback(booking_, rating, received, comment=""):
    return Feedback.objects.create(
        booking=booking_, rating=rating, comment=comment, created_at=received
    )


def campaign(title, subject, liaison=None, kind=Campaign.Kind.CAMPAIGN):
    return Campaign.objects.create(
        title=title,
        subject=subject,
        body="<p>Hello</p>",
        liaison=liaison,
        kind=kind,
        status=Campaign.Status.SENT,
    )


def send(campaign_, student, liaison, when, status=Send.Status.SENT):
    return Send.objects.create(
        campaign=campaign_,
        student=student,
        liaison=liaison,
        status=status,
        claimed_at=when,
        sent_at=when if status == Send.Status.SENT else None,
    )


def unsubscribe(student, when):
    return Subscription.objects.create(student=student, unsubscribed_at=when)


def build_engagement(w):
    """Consultations, feedback and outreach for September 2026, and just outside it."""
    # addresses no MessageFactory sender shares, so address timelines hold only what is seeded
    for i, student in enumerate([*w.ada_students, w.former, *w.bo_students]):
        student.user.email = f"client{i}@uni.example.edu"
        student.user.save(update_fields=["email"])
    w.client = w.ada_students[1]
    other, former = w.ada_students[2], w.former
    T = Booking.Type
    Out = Booking.Outcome
    w.bookings = {
        # Ada, September: 5 booked; 2 attended, 1 no-show, 1 cancelled, 1 not recorded
        "attended": booking(w.ada, at(9, 3), w.client, T.RESEARCH, Out.ATTENDED, topic="Databases"),
        "no-show": booking(w.ada, at(9, 10), other, T.RESEARCH, Out.NO_SHOW),
        "taught": booking(w.ada, at(9, 15), None, T.INSTRUCTION, Out.ATTENDED),
        "cancelled": booking(w.ada, at(9, 20), other, T.DATA, cancelled=True),
        "last-day": booking(w.ada, at(9, 30, 23, 30), other, T.RESEARCH),  # no outcome yet
        # just outside September
        "first-day": booking(
            w.ada, at(10, 1, 0), w.client, T.RESEARCH, Out.ATTENDED, topic="Zotero"
        ),
        "august": booking(w.ada, at(8, 31, 23, 30), None, T.RESEARCH, Out.ATTENDED),
        # Bo, September: 1 attended (systematic review), 1 cancelled late (no type)
        "bo": booking(w.bo, at(9, 22, 14), w.bo_students[0], T.SYSTEMATIC_REVIEW, Out.ATTENDED),
        "bo-late": booking(w.bo, at(9, 25), w.bo_students[1], "", Out.CANCELLED_LATE),
        # Bo met Ada's student in August, before she was Ada's: never on Ada's timeline
        "bo-client": booking(w.bo, at(8, 20), w.client, T.RESEARCH, Out.ATTENDED, topic="Archives"),
    }
    B = w.bookings
    w.feedback = {
        # received in September: Ada 5, 3, 4 (mean 4.0, one comment); Bo 2 (with a comment)
        "ada-5": feedback(B["attended"], 5, at(9, 4), "Exactly what I needed"),
        "ada-3": feedback(B["taught"], 3, at(9, 16)),
        "ada-4": feedback(B["august"], 4, at(9, 1, 0)),  # met in August, answered 1 September
        "bo-2": feedback(B["bo"], 2, at(9, 23), "Bo's room was too cold"),
        # outside September
        "ada-1": feedback(B["first-day"], 1, at(10, 1, 2), "Too short"),
        "bo-5": feedback(B["bo-client"], 5, at(8, 21), "Bo helped a lot"),
    }
    welcome = campaign("Welcome week", "Meet your librarian")
    clinic = campaign("Dissertation clinic", "Dissertation help", liaison=w.ada)
    digest = campaign("October digest", "New guides", liaison=w.ada, kind=Campaign.Kind.DIGEST)
    summer = campaign("Summer reading", "Reading for the summer")
    w.campaigns = SimpleNamespace(welcome=welcome, clinic=clinic, digest=digest, summer=summer)
    S = Send.Status
    # Ada, September: 3 sent to 2 students in 2 campaigns, 1 skipped (outreach off)
    send(welcome, w.client, w.ada, at(9, 2, 9))
    send(welcome, other, w.ada, at(9, 2, 9))
    send(clinic, w.client, w.ada, at(9, 30, 23, 59, 59))
    send(clinic, other, w.ada, at(9, 30, 23), S.UNSUBSCRIBED)
    # Bo, September: 1 sent, 1 failed
    send(welcome, w.bo_students[0], w.bo, at(9, 21))
    send(welcome, w.bo_students[1], w.bo, at(9, 21), S.FAILED)
    # outside September: Ada's digest on 1 October; Bo's summer campaign to Ada's student-to-be
    send(digest, w.client, w.ada, at(10, 1, 8))
    send(summer, w.client, w.bo, at(8, 1))
    # unsubscribes in September: Ada's student; her former student after leaving her (not
    # hers); Bo's student on the last second. On 1 October: not September.
    unsubscribe(other, at(9, 10))
    unsubscribe(former, at(9, 20))
    unsubscribe(w.bo_students[1], at(9, 30, 23, 59, 59))
    w.client_subscription = unsubscribe(w.client, at(10, 1, 0))
