"""The adapter between the pure matching rules and the database.

Every change of librarian goes through here: it locks the librarian rows involved (ordered by
primary key, so two sign-ups never deadlock), counts loads from open assignments, records an
``Assignment`` and, after the transaction commits, queues the emails. On SQLite the IMMEDIATE
transaction mode serialises writers, which gives the same guarantee.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from liaison_pages.models import LiaisonPage
from portal.addresses import normalise_email
from taxonomy.models import Programme

from . import matching, tasks
from .models import Assignment, Student, SwitchRequest

Kind = Assignment.Kind


class MatchingError(Exception):
    """A change of librarian that cannot be made (the message says why, for the person asking)."""


# --- Loading records ----------------------------------------------------------------------------


def programme_record(programme):
    department = programme.department
    return matching.ProgrammeRecord(
        code=programme.code,
        name=programme.name,
        department_id=department.pk,
        department_name=department.name,
        faculty_id=department.faculty_id,
        faculty_name=department.faculty.name,
    )


def liaison_id_for_address(address):
    """The first librarian (by id) whose profile or sign-in address is ``address``, compared
    exactly after ``normalise_email`` (no Unicode case folding), or None. One query; the
    comparison runs here because stored addresses keep the case editors typed."""
    target = normalise_email(address)
    if not target:
        return None
    rows = LiaisonPage.objects.order_by("pk").values_list("pk", "email", "user__email")
    for pk, email, user_email in rows:
        if target in (normalise_email(email), normalise_email(user_email)):
            return pk
    return None


def general_liaison_id():
    """The general-enquiries librarian from ``MATCHING_GENERAL_LIAISON_EMAIL`` (or None)."""
    return liaison_id_for_address(getattr(settings, "MATCHING_GENERAL_LIAISON_EMAIL", ""))


def matchable_liaisons():
    """Liaison profiles that may ever be matched: published and active."""
    return LiaisonPage.objects.filter(live=True, is_active=True)


def build_candidates(liaison_rows):
    """Candidate records for ``(pk, title, is_active, accepting, capacity)`` rows: what each serves
    (directly or through the programmes it serves) and its current load. Three queries."""
    ids = [row[0] for row in liaison_rows]
    programmes = {i: set() for i in ids}
    departments = {i: set() for i in ids}
    faculties = {i: set() for i in ids}
    for liaison_id, code, dept_id, fac_id in LiaisonPage.programmes.through.objects.filter(
        liaisonpage_id__in=ids
    ).values_list(
        "liaisonpage_id",
        "programme__code",
        "programme__department_id",
        "programme__department__faculty_id",
    ):
        programmes[liaison_id].add(code)
        departments[liaison_id].add(dept_id)
        faculties[liaison_id].add(fac_id)
    for liaison_id, dept_id, fac_id in LiaisonPage.departments.through.objects.filter(
        liaisonpage_id__in=ids
    ).values_list("liaisonpage_id", "department_id", "department__faculty_id"):
        departments[liaison_id].add(dept_id)
        faculties[liaison_id].add(fac_id)
    loads = dict(
        Assignment.objects.filter(liaison_id__in=ids, ended_at__isnull=True)
        .values("liaison_id")
        .annotate(n=Count("id"))
        .values_list("liaison_id", "n")
    )
    return [
        matching.Candidate(
            id=pk,
            name=title,
            programmes=frozenset(programmes[pk]),
            departments=frozenset(departments[pk]),
            faculties=frozenset(faculties[pk]),
            active=active,
            accepting=accepting,
            capacity=capacity,
            load=loads.get(pk, 0),
        )
        for pk, title, active, accepting, capacity in liaison_rows
    ]


LIAISON_FIELDS = ("pk", "title", "is_active", "accepting_students", "capacity")


def with_open_load(liaisons):
    """Librarians annotated with ``open_load``: how many students each has now."""
    return liaisons.annotate(
        open_load=Count("student_assignments", filter=Q(student_assignments__ended_at__isnull=True))
    )


def _pool(programme, extra_ids, lock):
    general_id = general_liaison_id()
    liaisons = matchable_liaisons()
    if programme is not None:
        # everyone serving a programme or department of the faculty, in the same query
        faculty_id = programme.department.faculty_id
        by_programme = LiaisonPage.programmes.through.objects.filter(
            programme__department__faculty_id=faculty_id
        ).values("liaisonpage_id")
        by_department = LiaisonPage.departments.through.objects.filter(
            department__faculty_id=faculty_id
        ).values("liaisonpage_id")
        extra = [i for i in (general_id, *extra_ids) if i]
        liaisons = liaisons.filter(
            Q(pk__in=by_programme) | Q(pk__in=by_department) | Q(pk__in=extra)
        )
    if lock:
        liaisons = liaisons.select_for_update(of=("self",))
    rows = list(liaisons.order_by("pk").values_list(*LIAISON_FIELDS))
    return matching.Pool(build_candidates(rows), general_id)


def locked_pool(programme=None, extra_ids=()):
    """A matching pool for one programme (everyone serving its faculty, the general librarian and
    ``extra_ids``), with those librarian rows locked until the transaction ends. Call inside
    ``transaction.atomic()``. ``programme=None`` loads every matchable librarian."""
    return _pool(programme, extra_ids, lock=True)


def preview_pool(programme):
    """The pool a sign-up for ``programme`` would be matched from (as ``locked_pool``), without
    locking anything: for saying whom a new student would get (students.lookup)."""
    return _pool(programme, (), lock=False)


def full_pool():
    """Every matchable librarian, unlocked: for previews and reports."""
    rows = list(matchable_liaisons().order_by("pk").values_list(*LIAISON_FIELDS))
    return matching.Pool(build_candidates(rows), general_liaison_id())


# --- Changing a student's librarian -------------------------------------------------------------


def _lock_student(student):
    Student.objects.select_for_update().filter(pk=student.pk).values_list("pk").first()


def _open_assignment(student):
    # with the librarian's profile and photo, which the student's page shows
    open_assignments = Assignment.objects.filter(student=student, ended_at__isnull=True)
    return open_assignments.select_related("liaison__photo").first()


def _record(student, liaison_id, kind, reason, previous=None, created_by=None, notify=True):
    now = timezone.now()
    if previous is not None:
        Assignment.objects.filter(pk=previous.pk).update(ended_at=now)
        _close_switch_requests(previous, now)
    assignment = Assignment.objects.create(
        student=student,
        liaison_id=liaison_id,
        programme_id=student.programme_id,
        kind=kind,
        reason=reason[:300],
        started_at=now,
        created_by=created_by,
    )
    if notify:
        _after_commit(assignment, previous)
    return assignment


def _after_commit(assignment, previous):
    if previous is None:
        transaction.on_commit(lambda: tasks.send_welcome_emails.enqueue([assignment.pk]))
    else:
        transaction.on_commit(
            lambda: tasks.send_handoff_emails.enqueue(assignment.pk, previous.liaison_id)
        )


def match_student(
    student, *, kind=Kind.AUTOMATIC, exclude=(), created_by=None, prefix="", notify=True
):
    """Give a student a librarian if they have none (or, with ``exclude``, another one).

    Returns the open assignment, or None when nobody has room (the student stays unmatched and
    is picked up by the next ``rebalance``). A bounded number of queries whatever the number of
    librarians."""
    if student.programme_id is None:
        return None
    with transaction.atomic():
        _lock_student(student)
        current = _open_assignment(student)
        if current is not None and not exclude:
            return current
        programme = Programme.objects.select_related("department__faculty").get(
            pk=student.programme_id
        )
        extra = [current.liaison_id] if current and current.liaison_id else []
        pool = locked_pool(programme, extra_ids=extra)
        result = pool.choose(programme_record(programme), exclude=exclude)
        if not result:
            return None
        return _record(
            student, result.liaison_id, kind, prefix + result.reason, current, created_by, notify
        )


def ensure_matched(student, notify=True):
    """Match a student who has a programme but no librarian yet (cheap when already matched).
    ``notify=False`` sends no welcome email (demo data)."""
    if student.programme_id is None:
        return None
    current = _open_assignment(student)
    return current or match_student(student, notify=notify)


def change_programme(student, programme, level=None, created_by=None):
    """Move a student to another programme. They keep their librarian when that librarian serves
    the new programme; otherwise they are rematched and a hand-off email goes to everyone."""
    with transaction.atomic():
        _lock_student(student)
        student.programme = programme
        fields = ["programme"]
        if level is not None:
            student.level = level
            fields.append("level")
        student.save(update_fields=fields)
        current = _open_assignment(student)
        if current is None:
            return match_student(student)
        programme = Programme.objects.select_related("department__faculty").get(pk=programme.pk)
        pool = locked_pool(programme, extra_ids=[current.liaison_id] if current.liaison_id else [])
        record = programme_record(programme)
        if matching.keeps_librarian(pool.candidates.get(current.liaison_id), record):
            return current
        pool.release(current.liaison_id)
        result = pool.choose(record)
        if not result:
            return current  # nobody else has room: keep the current librarian for now
        return _record(
            student,
            result.liaison_id,
            Kind.PROGRAMME_CHANGE,
            f"changed programme; {result.reason}",
            current,
            created_by,
        )


def reassign(student, liaison, created_by, note=""):
    """A coordinator's choice. It may exceed capacity (a person decided), never an inactive one."""
    if not liaison.is_active or not liaison.live:
        raise MatchingError(f"{liaison.title} is not an active librarian.")
    with transaction.atomic():
        _lock_student(student)
        current = _open_assignment(student)
        if current is not None and current.liaison_id == liaison.pk:
            raise MatchingError(f"{student} is already assigned to {liaison.title}.")
        # The kind already says a coordinator chose; the reason is their note.
        reason = note.strip() or "no reason given"
        return _record(student, liaison.pk, Kind.MANUAL, reason, current, created_by)


@dataclass
class RebalanceResult:
    moved: list = field(default_factory=list)  # (student, old liaison id, new assignment)
    unplaced: list = field(default_factory=list)  # students nobody else had room for
    matched: list = field(default_factory=list)  # previously unmatched students now matched


def rebalance(liaison=None, *, move_all=None, created_by=None, dry_run=False):
    """Move students off a departing or over-capacity librarian, recorded as rebalance.

    With ``liaison``: everyone if they are inactive or not accepting students (or ``move_all``),
    otherwise only the students above their capacity (the most recently assigned first). Without
    ``liaison``: every such librarian, and every unmatched student with a programme is matched."""
    result = RebalanceResult()
    with transaction.atomic():
        pool = locked_pool(None, extra_ids=[liaison.pk] if liaison else [])
        if liaison is not None:
            targets = [liaison]
        else:
            targets = list(
                LiaisonPage.objects.filter(student_assignments__ended_at__isnull=True)
                .distinct()
                .order_by("pk")
            )
        for target in targets:
            departing = not (target.is_active and target.live and target.accepting_students)
            everyone = move_all if move_all is not None else departing
            open_assignments = list(
                Assignment.objects.filter(liaison=target, ended_at__isnull=True)
                .select_related("student__programme__department__faculty")
                .order_by("-started_at", "-pk")
            )
            excess = len(open_assignments) if everyone else len(open_assignments) - target.capacity
            for current in open_assignments[: max(excess, 0)]:
                student = current.student
                if student is None or student.programme is None:
                    result.unplaced.append(student)
                    continue
                choice = pool.choose(programme_record(student.programme), exclude={target.pk})
                if not choice:
                    result.unplaced.append(student)
                    continue
                pool.release(target.pk)
                pool.assign(choice.liaison_id)
                new = None
                if not dry_run:
                    new = _record(
                        student,
                        choice.liaison_id,
                        Kind.REBALANCE,
                        f"rebalanced from {target.title}; {choice.reason}",
                        current,
                        created_by,
                    )
                result.moved.append((student, target.pk, choice, new))
        if liaison is None:
            unmatched = (
                Student.objects.filter(programme__isnull=False)
                .exclude(assignments__ended_at__isnull=True)
                .select_related("programme__department__faculty")
                .order_by("pk")
            )
            for student in unmatched:
                choice = pool.match(programme_record(student.programme))
                if choice and not dry_run:
                    _record(
                        student, choice.liaison_id, Kind.REBALANCE, choice.reason, None, created_by
                    )
                (result.matched if choice else result.unplaced).append(student)
        if dry_run:
            transaction.set_rollback(True)
    return result


# --- Switch requests ----------------------------------------------------------------------------


STALE_SWITCH_NOTE = "Closed: the student is no longer with the librarian they asked to leave."


def _close_switch_requests(assignment, now):
    """A pending request is about one assignment; once that assignment ends, it has nothing to act on."""
    SwitchRequest.objects.filter(
        Q(assignment=assignment)
        | Q(
            assignment__isnull=True,
            student_id=assignment.student_id,
            from_liaison_id=assignment.liaison_id,
        ),
        status=SwitchRequest.Status.PENDING,
    ).update(status=SwitchRequest.Status.CLOSED, decided_at=now, decision_note=STALE_SWITCH_NOTE)


def request_switch(student, reason):
    current = _open_assignment(student)
    if current is None:
        raise MatchingError("You have no librarian yet, so there is nobody to switch from.")
    if student.switch_requests.filter(status=SwitchRequest.Status.PENDING).exists():
        raise MatchingError("You already have a switch request waiting for a decision.")
    return SwitchRequest.objects.create(
        student=student, assignment=current, from_liaison_id=current.liaison_id, reason=reason
    )


def _names(switch_request, assignment):
    """Whether a request is about this (open) assignment; older rows name only the librarian."""
    if switch_request.assignment_id is not None:
        return switch_request.assignment_id == assignment.pk
    return switch_request.from_liaison_id == assignment.liaison_id


def decide_switch(switch_request, *, approve, decided_by, liaison=None, note=""):
    """Approve (to ``liaison``, or the engine picks another eligible librarian) or decline.

    Acts only on the assignment the request names: if the student has since moved on, the request
    is closed (committed) and MatchingError says so; nothing else changes."""
    if switch_request.status != SwitchRequest.Status.PENDING:
        raise MatchingError("This request has already been decided.")
    with transaction.atomic():
        _lock_student(switch_request.student)
        current = _open_assignment(switch_request.student)
        stale = current is None or not _names(switch_request, current)
        if stale:
            switch_request.status = SwitchRequest.Status.CLOSED
            switch_request.decided_at = timezone.now()
            switch_request.decision_note = STALE_SWITCH_NOTE
            switch_request.save()
            assignment = None
        else:
            assignment = _decide(switch_request, current, approve, decided_by, liaison, note)
    if stale:
        raise MatchingError(
            "This request is about a librarian the student is no longer with; it has been"
            " closed without changing anything."
        )
    return assignment


def _decide(switch_request, current, approve, decided_by, liaison, note):
    student = switch_request.student
    assignment = None
    if approve and liaison is not None:
        if not liaison.is_active or not liaison.live:
            raise MatchingError(f"{liaison.title} is not an active librarian.")
        reason = "switch requested; chosen by a coordinator" + (f": {note}" if note else "")
        assignment = _record(student, liaison.pk, Kind.SWITCH_REQUEST, reason, current, decided_by)
    elif approve:
        assignment = match_student(
            student,
            kind=Kind.SWITCH_REQUEST,
            exclude={current.liaison_id or 0},
            created_by=decided_by,
            prefix="switch requested; ",
        )
        if assignment is None:
            raise MatchingError("No other librarian has room for this student; choose one by hand.")
    switch_request.status = (
        SwitchRequest.Status.APPROVED if approve else SwitchRequest.Status.DECLINED
    )
    switch_request.decided_at = timezone.now()
    switch_request.decided_by = decided_by
    switch_request.decision_note = note[:300]
    switch_request.result = assignment
    switch_request.save()
    return assignment
