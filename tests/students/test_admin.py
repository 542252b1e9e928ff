"""Staff tools in the Wagtail admin: liaisons see only their own students; coordinators reassign,
rebalance and decide switch requests."""

import pytest
from django.contrib.auth.models import Permission

from editorial.roles import setup_groups
from students import services
from students.models import Assignment, SwitchRequest


def admin_access(user, group=None):
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if group:  # the groups as setup_roles makes them, with their permissions
        liaison, coordinator = setup_groups()
        user.groups.add({"Liaison": liaison, "Coordinator": coordinator}[group])
    return user


@pytest.fixture
def roster(librarians, make_student):
    """Two students with Ada, one with Grace."""
    students = {
        "ana": make_student("ana@students.example.edu", name="Ana Silva"),
        "ben": make_student("ben@students.example.edu", name="Ben Ode"),
        "cy": make_student("cy@students.example.edu", name="Cy Park"),
    }
    for key, liaison in (("ana", "ada"), ("ben", "ada"), ("cy", "grace")):
        services.reassign(students[key], librarians[liaison], created_by=None)
    return students


def test_liaison_sees_only_their_own_students(client, librarians, roster):
    client.force_login(admin_access(librarians["ada"].user))
    page = client.get("/admin/students/").content.decode()
    assert "Ana Silva" in page and "Ben Ode" in page
    assert "Cy Park" not in page
    assert "My students" in page


def test_liaison_search_and_csv_export_stay_within_their_students(client, librarians, roster):
    client.force_login(admin_access(librarians["ada"].user))
    page = client.get("/admin/students/?q=ben").content.decode()
    assert "Ben Ode" in page and "Ana Silva" not in page
    response = client.get("/admin/students/?export=csv")
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "ana@students.example.edu" in body and "ben@students.example.edu" in body
    assert "cy@students.example.edu" not in body
    assert "Why this librarian" in body.splitlines()[0]


def test_liaison_cannot_reassign_or_rebalance(client, librarians, roster):
    client.force_login(admin_access(librarians["ada"].user))
    assert client.get(f"/admin/students/{roster['ana'].pk}/reassign/").status_code in (302, 403)
    assert client.post(
        "/admin/students/rebalance/", {"liaison": librarians["ada"].pk, "do": "1"}
    ).status_code in (302, 403)
    assert Assignment.objects.filter(liaison=librarians["ada"], ended_at__isnull=True).count() == 2


def test_user_without_liaison_profile_sees_no_students(client, roster, django_user_model):
    editor = admin_access(django_user_model.objects.create_user("ed", "ed@example.edu", "pw"))
    client.force_login(editor)
    response = client.get("/admin/students/")
    assert response.status_code in (302, 403)


def test_student_has_no_admin_access(client, roster):
    client.force_login(roster["ana"].user)
    response = client.get("/admin/students/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_coordinator_sees_everyone_and_reassigns(client, librarians, roster, django_user_model):
    coordinator = admin_access(
        django_user_model.objects.create_user("co", "co@example.edu", "pw"), "Coordinator"
    )
    client.force_login(coordinator)
    page = client.get("/admin/students/").content.decode()
    assert all(name in page for name in ("Ana Silva", "Ben Ode", "Cy Park"))
    response = client.post(
        f"/admin/students/{roster['ana'].pk}/reassign/",
        {"liaison": librarians["marie"].pk, "note": "Joint honours"},
    )
    assert response.status_code == 302
    current = roster["ana"].current_assignment()
    assert current.liaison == librarians["marie"]
    assert current.kind == Assignment.Kind.MANUAL
    assert current.created_by == coordinator
    assert current.reason == "Joint honours"


def test_coordinator_rebalances_a_departing_librarian(
    client, librarians, roster, django_user_model
):
    coordinator = admin_access(
        django_user_model.objects.create_user("co", "co@example.edu", "pw"), "Coordinator"
    )
    ada = librarians["ada"]
    ada.accepting_students = False
    ada.save()
    client.force_login(coordinator)
    preview = client.get(f"/admin/students/rebalance/?liaison={ada.pk}").content.decode()
    assert "Grace Hopper" in preview and "Move 2 student(s)" in preview
    assert Assignment.objects.filter(liaison=ada, ended_at__isnull=True).count() == 2
    client.post("/admin/students/rebalance/", {"liaison": ada.pk, "do": "1"})
    assert Assignment.objects.filter(liaison=ada, ended_at__isnull=True).count() == 0
    assert (
        Assignment.objects.filter(kind=Assignment.Kind.REBALANCE, created_by=coordinator).count()
        == 2
    )


def test_coordinator_approves_a_switch_request(client, librarians, roster, django_user_model):
    coordinator = admin_access(
        django_user_model.objects.create_user("co", "co@example.edu", "pw"), "Coordinator"
    )
    request = services.request_switch(roster["ana"], "Timetable clash with office hours.")
    client.force_login(coordinator)
    listing = client.get("/admin/students/switch-requests/").content.decode()
    assert "Ana Silva" in listing
    page = client.get(f"/admin/students/switch-requests/{request.pk}/").content.decode()
    assert "Timetable clash with office hours." in page
    response = client.post(
        f"/admin/students/switch-requests/{request.pk}/", {"decision": "engine", "note": ""}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == SwitchRequest.Status.APPROVED
    assert roster["ana"].current_assignment().liaison == librarians["grace"]


def test_rebalance_command(librarians, roster, capsys):
    from django.core.management import call_command

    ada = librarians["ada"]
    ada.is_active = False
    ada.save()
    call_command("rebalance", "--liaison", ada.email)
    out = capsys.readouterr().out
    assert "Moved 2 student(s)" in out
    assert Assignment.objects.filter(liaison=ada, ended_at__isnull=True).count() == 0


def test_csv_export_neutralises_spreadsheet_formulas(client, librarians, make_student):
    student = make_student("evil@students.example.edu", name='=HYPERLINK("http://evil.example")')
    services.reassign(student, librarians["ada"], created_by=None)
    client.force_login(admin_access(librarians["ada"].user))
    response = client.get("/admin/students/?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK" in body
    assert ',"=HYPERLINK' not in body and "\n=HYPERLINK" not in body


def test_coordinator_choices_show_each_librarians_load_and_the_history_names_people(
    client, librarians, roster, django_user_model
):
    """Choosing a librarian by hand needs their load; the history says who decided, by name, and
    the reason column holds the coordinator's note instead of repeating the kind."""
    coordinator = admin_access(
        django_user_model.objects.create_user(
            "co", "co@example.edu", "pw", first_name="Cora", last_name="Ordway"
        ),
        "Coordinator",
    )
    librarians["marie"].accepting_students = False
    librarians["marie"].save()
    client.force_login(coordinator)
    page = client.get(f"/admin/students/{roster['ana'].pk}/reassign/").content.decode()
    assert "Ada Lovelace — 2 of 10 students" in page
    assert "Grace Hopper — 1 of 10 students" in page
    assert "Marie Curie — 0 of 10 students, not accepting new students" in page
    rebalance = client.get("/admin/students/rebalance/").content.decode()
    assert "Ada Lovelace — 2 of 10 students" in rebalance

    client.post(
        f"/admin/students/{roster['ana'].pk}/reassign/",
        {"liaison": librarians["grace"].pk, "note": "Joint honours"},
    )
    page = client.get(f"/admin/students/{roster['ana'].pk}/reassign/").content.decode()
    history = page.split("<tbody>", 2)[-1]
    assert "Cora Ordway" in history and "co@example.edu" not in history
    assert "assigned by a coordinator:" not in history  # the kind column says it once
    assert "Joint honours" in history
