"""Roster import: a CSV with the header ``email,name,programme,level`` (``programme`` is the
programme code) creates or updates students and matches them in bulk.

Two halves:

* ``parse_roster()`` is pure: bytes in, clean rows and numbered errors out (bad email, unknown
  programme, duplicate, wrong column count, not UTF-8). Bad rows never stop the good ones; a wrong
  header or an empty file stops the whole import, because no row could be trusted.
* ``import_roster()`` loads programmes, librarians, loads, users and students once, runs the pure
  matching over in-memory counters, and writes with ``bulk_create`` in batches inside one
  transaction (the librarian rows locked). Re-running the same file changes nothing.
"""

import csv
import re
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone

from portal.addresses import normalise_email

HEADER = ("email", "name", "programme", "level")
MAX_SHOWN_VALUE = 40
validate_email = EmailValidator()
# Most roster addresses are plain ASCII; this stricter pattern accepts them without the full
# validator (a strict subset of what it accepts). Anything else goes through EmailValidator.
SIMPLE_EMAIL = re.compile(
    r"[a-z0-9_%+-]+(?:\.[a-z0-9_%+-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}"
)


@dataclass(frozen=True)
class RosterRow:
    line: int
    email: str
    name: str
    programme: str  # the programme code as the registry spells it
    level: str


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self):
        return f"line {self.line}: {self.message}"


@dataclass
class ImportReport:
    rows: int = 0
    created_users: int = 0
    created_students: int = 0
    updated_students: int = 0
    unchanged: int = 0
    matched: int = 0
    rematched: int = 0
    unmatched: int = 0
    errors: list = field(default_factory=list)
    fatal: str = ""
    dry_run: bool = False

    @property
    def ok(self):
        return not self.fatal and not self.errors

    def summary(self):
        if self.fatal:
            return f"Nothing imported: {self.fatal}"
        verb = "Would import" if self.dry_run else "Imported"
        return (
            f"{verb} {self.rows} good row(s): {self.created_students} new student(s) "
            f"({self.created_users} new account(s)), {self.updated_students} updated, "
            f"{self.unchanged} unchanged; {self.matched} matched, {self.rematched} rematched after "
            f"a programme change, {self.unmatched} without a librarian with room; "
            f"{len(self.errors)} bad row(s)."
        )


def _shown(value):
    value = value.strip()
    return repr(value if len(value) <= MAX_SHOWN_VALUE else value[:MAX_SHOWN_VALUE] + "…")


def _read_header(first_line):
    """Column positions for the four fields, or a message saying what is wrong."""
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, "the header line is not UTF-8 text; save the file as CSV UTF-8"
    try:
        names = [n.strip().lower() for n in next(csv.reader([text]), [])]
    except csv.Error as exc:
        return None, f"the header line is not CSV ({exc})"
    missing = [h for h in HEADER if h not in names]
    if missing:
        shown = ",".join(names)[:80] or "(blank)"
        return None, (
            f"the first line must be the header {','.join(HEADER)} "
            f"(found {shown!r}; missing {', '.join(missing)})"
        )
    return [names.index(h) for h in HEADER], ""


def parse_roster(lines, programme_codes, on_line=None):
    """Parse roster lines (bytes, as read from a binary file).

    ``programme_codes`` maps a lower-cased code to the code as stored. Returns ``(rows, errors,
    fatal)``; ``on_line(nbytes)`` is called per line (for a progress bar)."""
    rows, errors = [], []
    seen = {}
    iterator = iter(lines)
    line_no = 0
    first = None
    for raw in iterator:
        line_no += 1
        if on_line:
            on_line(len(raw))
        if raw.strip():
            first = raw
            break
    if first is None:
        return rows, errors, "the file is empty"
    positions, problem = _read_header(first)
    if problem:
        return rows, errors, f"line {line_no}: {problem}"
    header_width = max(positions) + 1
    for raw in iterator:
        line_no += 1
        if on_line:
            on_line(len(raw))
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            errors.append(
                RowError(line_no, f"not UTF-8 text at byte {exc.start + 1}; save as CSV UTF-8")
            )
            continue
        if "\x00" in text:  # PostgreSQL cannot store it; a spreadsheet export gone wrong
            errors.append(RowError(line_no, "contains a NUL character; save as CSV UTF-8"))
            continue
        try:
            values = next(csv.reader([text]))
        except csv.Error as exc:
            errors.append(RowError(line_no, f"not a CSV row ({exc})"))
            continue
        if len(values) < header_width:
            errors.append(RowError(line_no, f"expected {len(HEADER)} columns, found {len(values)}"))
            continue
        email, name, code, level = (values[i].strip() for i in positions)
        email = email.lower()
        problems = []
        try:
            if len(email) > 254:
                raise ValidationError("too long")
            if not SIMPLE_EMAIL.fullmatch(email):
                validate_email(email)
        except ValidationError:
            problems.append(f"bad email {_shown(email)}")
        name = " ".join(name.split())
        if not name:
            problems.append("name is empty")
        elif len(name) > 150:
            problems.append("name is longer than 150 characters")
        stored_code = programme_codes.get(code.lower())
        if stored_code is None:
            problems.append(
                f"unknown programme {_shown(code)}" if code else "programme code is empty"
            )
        if len(level) > 40:
            problems.append("level is longer than 40 characters")
        if not problems and email in seen:
            problems.append(f"duplicate of line {seen[email]} ({email})")
        if problems:
            errors.append(RowError(line_no, "; ".join(problems)))
            continue
        seen[email] = line_no
        rows.append(RosterRow(line_no, email, name, stored_code, level))
    return rows, errors, ""


def _progress(total, desc, enabled, unit="row"):
    from tqdm import tqdm

    return tqdm(
        total=total, desc=desc, unit=unit, unit_scale=True, disable=not enabled, leave=False
    )


def _batched(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def import_roster(path, *, dry_run=False, progress=False, batch_size=2000):
    """Import a roster file; returns an ``ImportReport`` (never raises for bad rows)."""
    import os

    from taxonomy.models import Programme

    from . import services

    report = ImportReport(dry_run=dry_run)
    programmes = {p.code: p for p in Programme.objects.select_related("department__faculty").all()}
    codes = {code.lower(): code for code in programmes}
    size = os.path.getsize(path)
    with open(path, "rb") as handle, _progress(size, "Reading", progress, unit="B") as bar:
        rows, errors, fatal = parse_roster(handle, codes, on_line=bar.update)
    report.errors = errors
    if fatal:
        report.fatal = fatal
        return report
    report.rows = len(rows)
    records = {code: services.programme_record(p) for code, p in programmes.items()}
    programme_ids = {code: p.pk for code, p in programmes.items()}

    with _sqlite_cache(128):
        return _import_rows(rows, report, records, programme_ids, dry_run, progress, batch_size)


class _sqlite_cache:
    """On SQLite, a bigger page cache for the import (index pages stay in memory while 100,000
    rows go in); restored afterwards. Does nothing on other databases."""

    def __init__(self, megabytes):
        self.kib = megabytes * 1024
        self.previous = None

    def __enter__(self):
        from django.db import connection

        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self.previous = cursor.fetchone()[0]
                cursor.execute(f"PRAGMA cache_size = -{int(self.kib)}")

    def __exit__(self, *exc):
        from django.db import connection

        if self.previous is not None:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self.previous)}")
        return False


def _import_rows(rows, report, records, programme_ids, dry_run, progress, batch_size):
    from . import matching, services
    from .models import Assignment, Student

    User = get_user_model()
    with transaction.atomic():
        pool = services.locked_pool(None)
        users = {}
        usernames = set()
        for pk, email, username in User.objects.values_list("pk", "email", "username").iterator(
            chunk_size=5000
        ):
            if email:
                # exact after normalise_email: str.lower() would fold the Kelvin sign onto "k"
                users.setdefault(normalise_email(email), pk)
            usernames.add(username.lower())
        students = {
            user_id: (pk, name, programme_id, level)
            for pk, user_id, name, programme_id, level in Student.objects.values_list(
                "pk", "user_id", "name", "programme_id", "level"
            ).iterator(chunk_size=5000)
        }
        open_by_student = {
            student_id: (pk, liaison_id)
            for pk, student_id, liaison_id in Assignment.objects.filter(
                ended_at__isnull=True, student__isnull=False
            )
            .values_list("pk", "student_id", "liaison_id")
            .iterator(chunk_size=5000)
        }

        new_users = []  # rows whose account must be created
        new_students = []  # rows (with a user id, or pending) whose profile must be created
        updates = []  # Student objects with changed fields
        to_match = []  # (row, student pk or None, assignment to close or None, Match)
        with _progress(len(rows), "Matching", progress) as bar:
            for row in rows:
                bar.update(1)
                record = records[row.programme]
                user_id = users.get(row.email)
                existing = students.get(user_id) if user_id else None
                if existing is None:
                    if user_id is None:
                        new_users.append(row)
                    new_students.append((row, user_id))
                    report.created_students += 1
                    result = pool.match(record)
                    if result:
                        report.matched += 1
                        to_match.append((row, None, None, result))
                    else:
                        report.unmatched += 1
                    continue
                student_id, name, programme_id, level = existing
                new_programme_id = programme_ids[row.programme]
                changed = (name, programme_id, level) != (row.name, new_programme_id, row.level)
                if changed:
                    report.updated_students += 1
                    updates.append(
                        Student(
                            pk=student_id,
                            name=row.name,
                            programme_id=new_programme_id,
                            level=row.level,
                        )
                    )
                current = open_by_student.get(student_id)
                if current is None:
                    result = pool.match(record)
                    if result:
                        report.matched += 1
                        to_match.append((row, student_id, None, result))
                    else:
                        report.unmatched += 1
                elif programme_id != new_programme_id and not matching.keeps_librarian(
                    pool.candidates.get(current[1]), record
                ):
                    pool.release(current[1])
                    result = pool.match(record)
                    if result:
                        report.rematched += 1
                        to_match.append((row, student_id, current, result))
                    else:
                        pool.assign(current[1])  # nobody else has room: keep them
                elif not changed:
                    report.unchanged += 1
        report.created_users = len(new_users)
        if dry_run:
            return report

        now = timezone.now()
        total = len(new_users) + len(new_students) + len(to_match)
        with _progress(total, "Writing", progress) as bar:
            new_accounts = []
            for row in new_users:
                username = row.email[:150]
                if username in usernames:
                    username = f"{row.email[:130]}-{secrets.token_hex(4)}"
                usernames.add(username)
                password = UNUSABLE_PASSWORD_PREFIX + secrets.token_hex(20)
                new_accounts.append(
                    User(username=username, email=row.email, password=password, date_joined=now)
                )
            _create(User, new_accounts, batch_size, bar)
            users.update((normalise_email(user.email), user.pk) for user in new_accounts)

            profiles = _create(
                Student,
                [
                    Student(
                        user_id=user_id or users[row.email],
                        name=row.name,
                        programme_id=programme_ids[row.programme],
                        level=row.level,
                        created_at=now,
                    )
                    for row, user_id in new_students
                ],
                batch_size,
                bar,
            )
            student_ids = {student.user_id: student.pk for student in profiles}
            for batch in _batched(updates, batch_size):
                Student.objects.bulk_update(batch, ["name", "programme", "level"])

            to_close = [current[0] for _, _, current, _ in to_match if current]
            for batch in _batched(to_close, 500):
                Assignment.objects.filter(pk__in=batch).update(ended_at=now)
            assignments = _create(
                Assignment,
                [
                    Assignment(
                        student_id=student_id or student_ids[users[row.email]],
                        liaison_id=result.liaison_id,
                        programme_id=programme_ids[row.programme],
                        kind=Assignment.Kind.PROGRAMME_CHANGE
                        if current
                        else Assignment.Kind.IMPORT,
                        reason=(
                            f"changed programme; {result.reason}" if current else result.reason
                        )[:300],
                        started_at=now,
                    )
                    for row, student_id, current, result in to_match
                ],
                batch_size,
                bar,
            )
            welcome, handoff = [], []
            for assignment, (_row, _student_id, current, _result) in zip(
                assignments, to_match, strict=True
            ):
                if current:
                    handoff.append((assignment.pk, current[1]))
                else:
                    welcome.append(assignment.pk)
        _enqueue_emails(welcome, handoff)
    return report


def _create(model, objects, batch_size, bar):
    """``bulk_create`` in batches, one progress step per batch. The objects come back with their
    primary keys (PostgreSQL and SQLite 3.35+ return them from the INSERT)."""
    for batch in _batched(objects, batch_size):
        model.objects.bulk_create(batch)
        bar.update(len(batch))
    return objects


def _enqueue_emails(welcome_ids, handoffs):
    from . import tasks

    def enqueue():
        for batch in _batched(welcome_ids, 500):
            tasks.send_welcome_emails.enqueue(list(batch))
        for assignment_id, previous_liaison_id in handoffs:
            tasks.send_handoff_emails.enqueue(assignment_id, previous_liaison_id)

    transaction.on_commit(enqueue)
