"""The database adapter around the matching rules: recorded assignments, emails, locking."""

import pytest
from django.core import mail
from django.utils import timezone

from students import services
from students.models import Assignment, SwitchRequest


def open_liaison(student):
    return Assignment.objects.get(student=student, ended_at__isnull=True).liaison


def test_match_student_records_the_assignment_and_sends_a_welcome(
    librarians, make_student, django_capture_on_commit_callbacks
):
    student = make_student(preferred_name="Sam")
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.match_student(student)
    assert assignment.liaison == librarians["ada"]  # equal load: lowest id first
    assert assignment.reason == "serves BSc Chemistry"
    assert assignment.kind == Assignment.Kind.AUTOMATIC
    assert assignment.programme == student.programme
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [student.user.email]
    assert "Hello Sam," in mail.outbox[0].body
    assert "Ada Lovelace" in mail.outbox[0].subject


def test_match_student_twice_keeps_one_open_assignment(librarians, make_student):
    student = make_student()
    first = services.match_student(student)
    assert services.match_student(student) == first
    assert Assignment.objects.filter(student=student).count() == 1


def test_match_student_balances_between_programme_librarians(librarians, make_student):
    chosen = [
        services.match_student(make_student(f"s{i}@students.example.edu")).liaison.title
        for i in range(4)
    ]
    assert chosen == ["Ada Lovelace", "Grace Hopper", "Ada Lovelace", "Grace Hopper"]


def test_match_student_query_count_is_bounded(
    librarians, make_student, site_tree, science, django_assert_max_num_queries
):
    from tests.factories import LiaisonPageFactory

    for i in range(8):  # more librarians must not mean more queries
        LiaisonPageFactory(
            parent=site_tree["librarians"], title=f"Extra {i}", programmes=[science["chem"]]
        )
    student = make_student()
    mail.outbox.clear()
    with django_assert_max_num_queries(14):
        services.match_student(student)


def test_programme_change_keeps_a_librarian_who_serves_it(
    librarians, science, make_student, django_capture_on_commit_callbacks
):
    student = make_student()
    services.match_student(student)  # Ada (chem only)... make Grace the current one:
    services.reassign(student, librarians["grace"], created_by=None)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        result = services.change_programme(student, science["biochem"])
    assert callbacks == []
    assert result.liaison == librarians["grace"]
    assert Assignment.objects.filter(student=student).count() == 2


def test_programme_change_rematches_and_sends_handoff(
    librarians, science, make_student, django_capture_on_commit_callbacks
):
    student = make_student(preferred_name="Sam")
    services.match_student(student)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.change_programme(student, science["phys"])
    assert result.liaison == librarians["marie"]
    assert result.kind == Assignment.Kind.PROGRAMME_CHANGE
    assert "serves BSc Physics" in result.reason
    old = Assignment.objects.get(student=student, liaison=librarians["ada"])
    assert old.ended_at is not None
    recipients = sorted(email.to[0] for email in mail.outbox)
    assert recipients == sorted(
        [student.user.email, librarians["marie"].email, librarians["ada"].email]
    )
    student_mail = next(e for e in mail.outbox if e.to == [student.user.email])
    assert "Hello Sam," in student_mail.body and "Marie Curie" in student_mail.body


def test_full_programme_falls_back_to_the_department(site_tree, science, make_student):
    from tests.factories import LiaisonPageFactory

    parent = site_tree["librarians"]
    LiaisonPageFactory(parent=parent, title="Full", capacity=1, programmes=[science["chem"]])
    dept = LiaisonPageFactory(parent=parent, title="Biochem", programmes=[science["biochem"]])
    services.match_student(make_student("a@students.example.edu"))
    second = services.match_student(make_student("b@students.example.edu"))
    assert second.liaison == dept
    assert second.reason.startswith("serves the Chemistry department")


def test_general_enquiries_librarian_is_the_last_resort(site_tree, science, make_student, settings):
    from tests.factories import LiaisonPageFactory

    desk = LiaisonPageFactory(
        parent=site_tree["librarians"], title="Ask Desk", email="ask@library.example.edu"
    )
    settings.MATCHING_GENERAL_LIAISON_EMAIL = "ask@library.example.edu"
    assignment = services.match_student(make_student())
    assert assignment.liaison == desk
    assert assignment.reason.startswith("general enquiries librarian")


def test_nobody_with_room_leaves_the_student_unmatched(site_tree, science, make_student):
    assert services.match_student(make_student()) is None
    assert Assignment.objects.count() == 0


def test_inactive_or_draft_librarian_never_matched(librarians, make_student):
    for key in ("ada", "grace"):
        page = librarians[key]
        page.is_active = key != "ada"
        page.save()
    librarians["grace"].unpublish()
    assignment = services.match_student(make_student())
    assert assignment.liaison == librarians["marie"]  # the faculty fallback: both others skipped
    assert assignment.reason.startswith("serves the Faculty of Science")


def test_rebalance_moves_everyone_off_a_departing_librarian(librarians, make_student):
    students = [make_student(f"s{i}@students.example.edu") for i in range(4)]
    for s in students:
        services.reassign(s, librarians["ada"], created_by=None)
    ada = librarians["ada"]
    ada.accepting_students = False
    ada.save()
    result = services.rebalance(ada)
    assert len(result.moved) == 4
    for s in students:
        current = Assignment.objects.get(student=s, ended_at__isnull=True)
        assert current.liaison == librarians["grace"]
        assert current.kind == Assignment.Kind.REBALANCE
        assert "rebalanced from Ada Lovelace" in current.reason


def test_rebalance_moves_only_the_excess_of_an_over_capacity_librarian(librarians, make_student):
    ada = librarians["ada"]
    ada.capacity = 2
    ada.save()
    for i in range(3):
        services.reassign(make_student(f"s{i}@students.example.edu"), ada, created_by=None)
    result = services.rebalance(ada)
    assert len(result.moved) == 1
    assert Assignment.objects.filter(liaison=ada, ended_at__isnull=True).count() == 2


def test_rebalance_dry_run_changes_nothing(librarians, make_student):
    student = make_student()
    services.reassign(student, librarians["ada"], created_by=None)
    result = services.rebalance(librarians["ada"], move_all=True, dry_run=True)
    assert len(result.moved) == 1
    assert open_liaison(student) == librarians["ada"]


def test_switch_request_approved_picks_another_librarian(
    librarians, make_student, django_user_model
):
    student = make_student()
    services.match_student(student)
    request = services.request_switch(student, "Different hours suit me better.")
    with pytest.raises(services.MatchingError):
        services.request_switch(student, "again")
    coordinator = django_user_model.objects.create(username="coord", email="c@example.edu")
    assignment = services.decide_switch(request, approve=True, decided_by=coordinator)
    assert assignment.liaison == librarians["grace"]
    assert assignment.kind == Assignment.Kind.SWITCH_REQUEST
    request.refresh_from_db()
    assert request.status == SwitchRequest.Status.APPROVED
    assert request.result == assignment


def test_deleting_a_student_keeps_anonymous_history(librarians, make_student):
    student = make_student()
    services.match_student(student)
    programme = student.programme
    student.user.delete()
    history = Assignment.objects.get()
    assert history.student is None
    assert history.programme == programme
    assert history.liaison == librarians["ada"]


def test_switch_request_closes_when_the_assignment_it_names_ends(
    librarians, science, make_student, django_user_model
):
    """A student asks to leave Ada, then changes programme and is moved to Marie: the request about
    Ada closes, and nobody can approve it into moving the student away from Marie."""
    student = make_student()
    services.match_student(student)
    assert open_liaison(student) == librarians["ada"]
    request = services.request_switch(student, "Different hours suit me better.")
    services.change_programme(student, science["phys"])
    assert open_liaison(student) == librarians["marie"]

    request.refresh_from_db()
    assert request.status == SwitchRequest.Status.CLOSED
    assert "no longer" in request.decision_note
    coordinator = django_user_model.objects.create(username="coord", email="c@example.edu")
    with pytest.raises(services.MatchingError, match="already been decided"):
        services.decide_switch(request, approve=True, decided_by=coordinator)
    assert open_liaison(student) == librarians["marie"]
    # The student may ask again, about Marie this time.
    again = services.request_switch(student, "Still not convenient.")
    assert again.assignment == Assignment.objects.get(student=student, ended_at__isnull=True)


def test_decide_switch_acts_only_on_the_assignment_it_names(
    librarians, make_student, django_user_model
):
    """Even a request left pending by older data is re-checked at decision time."""
    student = make_student()
    services.match_student(student)
    request = services.request_switch(student, "Different hours suit me better.")
    # The assignment ends behind the request's back (as rows written before requests closed).
    Assignment.objects.filter(pk=request.assignment_id).update(ended_at=timezone.now())
    Assignment.objects.create(student=student, liaison=librarians["grace"], reason="by hand")
    coordinator = django_user_model.objects.create(username="coord", email="c@example.edu")
    with pytest.raises(services.MatchingError, match="no longer"):
        services.decide_switch(request, approve=True, decided_by=coordinator)
    assert open_liaison(student) == librarians["grace"]
    request.refresh_from_db()
    assert request.status == SwitchRequest.Status.CLOSED
