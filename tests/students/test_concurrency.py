"""Parallel sign-ups on PostgreSQL: row locks keep every librarian within capacity and the
programme balanced, and every student is matched exactly once."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from students import services
from students.models import Assignment
from tests.factories import LiaisonPageFactory, ProgrammeFactory, StudentFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 24


@pytest.fixture(autouse=True)
def _leave_database_as_migrated(leave_database_as_migrated):
    """Transactional tests empty every table at the end; see tests/conftest.py."""


def _programme_with_librarians(site_tree, code, name, title, count, capacity):
    programme = ProgrammeFactory(code=code, name=name)
    liaisons = [
        LiaisonPageFactory(
            parent=site_tree["librarians"],
            title=f"{title} {i}",
            capacity=capacity,
            programmes=[programme],
        )
        for i in range(count)
    ]
    return programme, liaisons


def _sign_up_in_parallel(students, submits=1):
    """Every student's sign-up match at the same moment, each in its own thread and connection;
    `submits` > 1 repeats the match as a double submit would. Returns what the threads raised."""
    barrier = threading.Barrier(len(students))
    errors = []

    def sign_up(student):
        try:
            barrier.wait(timeout=30)
            for _ in range(submits):
                services.match_student(student)
        except Exception as exc:  # reported to the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(s,)) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


def test_parallel_signups_stay_balanced_and_within_capacity(site_tree):
    programme, liaisons = _programme_with_librarians(
        site_tree, "BSC-CHEM", "BSc Chemistry", "Librarian", count=3, capacity=9
    )  # 27 places for 24 students
    students = [
        StudentFactory(user__email=f"p{i}@students.example.edu", programme=programme)
        for i in range(THREADS)
    ]
    errors = _sign_up_in_parallel(students, submits=2)  # a double submit must not match twice
    assert errors == []
    assert connection.vendor == "postgresql"
    open_ = Assignment.objects.filter(ended_at__isnull=True)
    per_student = Counter(open_.values_list("student_id", flat=True))
    assert len(per_student) == THREADS and set(per_student.values()) == {1}
    assert Assignment.objects.count() == THREADS
    loads = Counter(open_.values_list("liaison_id", flat=True))
    counts = [loads.get(liaison.pk, 0) for liaison in liaisons]
    assert max(counts) <= 9
    assert max(counts) - min(counts) <= 1, counts


def test_parallel_signups_never_exceed_capacity_when_places_run_out(site_tree):
    programme, liaisons = _programme_with_librarians(
        site_tree, "BA-HIST", "BA History", "Historian", count=2, capacity=5
    )  # 10 places for 20 students
    students = [
        StudentFactory(user__email=f"h{i}@students.example.edu", programme=programme)
        for i in range(20)
    ]
    _sign_up_in_parallel(students)
    loads = Counter(
        Assignment.objects.filter(ended_at__isnull=True).values_list("liaison_id", flat=True)
    )
    assert [loads[liaison.pk] for liaison in liaisons] == [5, 5]
