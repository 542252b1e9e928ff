"""The demo students: matched by the real engine, idempotent, and the demo login works."""

from django.core.management import call_command

from students.demo import COUNT, STUDENT_EMAIL, STUDENT_PASSWORD
from students.models import Assignment, Student


def test_seed_demo_students_twice_then_the_demo_student_signs_in(db, client):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Student.objects.count() == COUNT + 1
    open_assignments = Assignment.objects.filter(ended_at__isnull=True)
    assert open_assignments.count() == COUNT + 1  # every demo student matched exactly once
    for liaison_id, capacity in open_assignments.values_list("liaison_id", "liaison__capacity"):
        assert open_assignments.filter(liaison_id=liaison_id).count() <= capacity
    response = client.post(
        "/accounts/login/", {"login": STUDENT_EMAIL, "password": STUDENT_PASSWORD}
    )
    assert response["Location"] == "/my-librarian/"
    page = client.get("/my-librarian/").content.decode()
    assert "Hello, Sam" in page
    assert "Why this librarian:" in page
