"""Parallel sign-ups on PostgreSQL: row locks keep every librarian within capacity and the
programme balanced, and every student is matched exactly once."""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from liaison_pages.factories import LiaisonPageFactory
from students import services
from students.factories import StudentFactory
from students.models import Assignment
from taxonomy.factories import ProgrammeFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

THREADS = 24


def test_parallel_signups_stay_balanced_and_within_capacity(site_tree):
    programme = ProgrammeFactory(code="BSC-CHEM", name="BSc Chemistry")
    liaisons = [
        LiaisonPageFactory(
            parent=site_tree["librarians"],
            title=f"Librarian {i}",
            capacity=9,
            programmes=[programme],
        )
        for i in range(3)
    ]  # 27 places for 24 students
    students = [
        StudentFactory(user__email=f"p{i}@students.example.edu", programme=programme)
        for i in range(THREADS)
    ]
    barrier = threading.Barrier(THREADS)
    errors = []

    def sign_up(student):
        try:
            barrier.wait(timeout=30)
            services.match_student(student)
            services.match_student(student)  # a double submit must not match twice
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(s,)) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
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
    programme = ProgrammeFactory(code="BA-HIST", name="BA History")
    liaisons = [
        LiaisonPageFactory(
            parent=site_tree["librarians"],
            title=f"Historian {i}",
            capacity=5,
            programmes=[programme],
        )
        for i in range(2)
    ]  # 10 places for 20 students
    students = [
        StudentFactory(user__email=f"h{i}@students.example.edu", programme=programme)
        for i in range(20)
    ]
    barrier = threading.Barrier(len(students))

    def sign_up(student):
        try:
            barrier.wait(timeout=30)
            services.match_student(student)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(s,)) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    loads = Counter(
        Assignment.objects.filter(ended_at__isnull=True).values_list("liaison_id", flat=True)
    )
    assert [loads[liaison.pk] for liaison in liaisons] == [5, 5]
