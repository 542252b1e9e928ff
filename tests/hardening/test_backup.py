"""export_backup / restore_backup round-trip pages (with revisions), assignments and messages
into an emptied database, and a failed restore changes nothing."""

import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page, Revision

from inbox.models import Message
from liaison_pages.models import LiaisonPage
from students.models import Assignment, Student
from tests.factories import GuidePageFactory, LiaisonPageFactory, MessageFactory, StudentFactory


@pytest.fixture(autouse=True)
def clear_caches_after_restore():
    """A restore recreates content types; the test transaction's rollback brings back the old
    ones, so cached ids must not leak into later tests."""
    yield
    ContentType.objects.clear_cache()
    cache.clear()


@pytest.fixture
def portal_data(site_tree):
    liaison = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byron")
    guide = GuidePageFactory(parent=site_tree["guides"], title="Finding journal articles")
    guide.title = "Finding journal articles (revised)"
    guide.save_revision().publish()
    student = StudentFactory(name="Grace Hopper")
    assignment = Assignment.objects.create(
        student=student, liaison=liaison, programme=student.programme, reason="Programme match"
    )
    message = MessageFactory(liaison=liaison, subject="Dissertation sources ünïcode ✓")
    return {"liaison": liaison, "guide": guide, "assignment": assignment, "message": message}


def snapshot():
    return {
        "pages": sorted(Page.objects.values_list("pk", "title", "path", "live")),
        "page_types": sorted(
            (page.pk, type(page).__name__) for page in Page.objects.specific().all()
        ),
        "revisions": Revision.objects.count(),
        "assignments": sorted(
            Assignment.objects.values_list("pk", "student__name", "liaison__title", "reason")
        ),
        "students": sorted(Student.objects.values_list("pk", "user__email", "programme__code")),
        "messages": sorted(
            Message.objects.values_list("pk", "subject", "sender_email", "liaison__title")
        ),
    }


def test_backup_round_trips_pages_assignments_and_messages(portal_data, tmp_path):
    before = snapshot()
    backup = tmp_path / "backup.json"
    call_command("export_backup", str(backup))
    assert json.loads(backup.read_text())  # a plain JSON list of records

    # Wipe the portal: what is left is an empty, migrated database.
    Page.objects.filter(depth__gt=1).delete()
    Message.objects.all().delete()
    Student.objects.all().delete()
    Assignment.objects.all().delete()
    assert snapshot() != before

    call_command("restore_backup", str(backup), "--yes")

    after = snapshot()
    assert after == before
    assert after["revisions"] >= 1  # the guide's published revision
    restored = LiaisonPage.objects.get(pk=portal_data["liaison"].pk)
    assert restored.student_assignments.get().student.name == "Grace Hopper"
    assert restored.messages.get().subject == "Dissertation sources ünïcode ✓"


def test_restore_refuses_to_overwrite_without_yes(portal_data, tmp_path):
    backup = tmp_path / "backup.json"
    call_command("export_backup", str(backup))
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_backup", str(backup))
    assert Message.objects.filter(pk=portal_data["message"].pk).exists()


def test_failed_restore_leaves_the_database_as_it_was(portal_data, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"model": "inbox.message", "pk": 1, "fields": {"nonsense": 1}}]')
    before = snapshot()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore_backup", str(broken), "--yes")
    ContentType.objects.clear_cache()
    assert snapshot() == before
