"""The liaison's admin home, the coordinators' liaison screens and the content checker."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Page

from editorial.models import LiaisonDeactivation
from liaison_pages.models import GuidePage, LiaisonPage


def _dashboard(client):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_dashboard_lists_my_pages_with_status(world, as_actor):
    html = _dashboard(as_actor("owner"))
    section = html.split('id="editorial-my-pages-section"', 1)[1].split("</section>", 1)[0]
    for title in ("Chemistry guide", "New databases", "Ana Owner"):
        assert title in section
    assert "Cy Other" not in section


def test_dashboard_coeditor_sees_shared_guide(world, as_actor):
    html = _dashboard(as_actor("coeditor"))
    section = html.split('id="editorial-my-pages-section"', 1)[1].split("</section>", 1)[0]
    assert "Chemistry guide" in section and "New databases" not in section


def test_dashboard_guides_due_for_review(world, as_actor, settings):
    settings.GUIDE_REVIEW_MONTHS = 12
    GuidePage.objects.filter(pk=world.guide.pk).update(
        last_reviewed=datetime.date.today() - datetime.timedelta(days=500)
    )
    owner_html = _dashboard(as_actor("owner"))
    section = owner_html.split('id="editorial-due-for-review-section"', 1)[1][:3000]
    assert "Chemistry guide" in section
    other_html = _dashboard(as_actor("other"))
    assert (
        "Chemistry guide"
        not in other_html.split('id="editorial-due-for-review-section"', 1)[1][:3000]
    )


def test_dashboard_shows_only_my_new_messages(world, as_actor):
    Message = pytest.importorskip("inbox.models").Message
    Message.objects.create(
        liaison=world.owner_page,
        sender_name="Maya Chen",
        sender_email="maya@example.edu",
        subject="Help with my dissertation",
        body="Where do I start?",
    )
    assert "Help with my dissertation" in _dashboard(as_actor("owner"))
    assert "Help with my dissertation" not in _dashboard(as_actor("other"))


def test_dashboard_lists_my_students(world, as_actor):
    students = pytest.importorskip("students.models")
    from tests.factories import UserFactory

    student = students.Student.objects.create(
        user=UserFactory(email="kim@students.example.edu"), name="Kim Park"
    )
    students.Assignment.objects.create(student=student, liaison=world.owner_page, reason="test")
    assert "Kim Park" in _dashboard(as_actor("owner"))
    assert "Kim Park" not in _dashboard(as_actor("other"))


def test_liaison_screens_are_for_coordinators_only(world, as_actor):
    assert as_actor("coordinator").get(reverse("editorial:liaisons")).status_code == 200
    for actor in ("owner", "student", "anonymous"):
        client = as_actor(actor)
        assert client.get(reverse("editorial:liaisons")).status_code in (302, 403)
        url = reverse("editorial:deactivate_liaison", args=[world.other_page.pk])
        client.post(url, {})
        assert LiaisonPage.objects.get(pk=world.other_page.pk).is_active


def test_coordinator_deactivates_liaison_through_admin(world, as_actor):
    client = as_actor("coordinator")
    url = reverse("editorial:deactivate_liaison", args=[world.owner_page.pk])
    assert "Chemistry guide" in client.get(url).content.decode()
    response = client.post(url, {"transfer_to": world.other_page.pk}, follow=True)
    assert "is inactive; their pages stay published" in response.content.decode()
    guide = GuidePage.objects.get(pk=world.guide.pk)
    assert guide.live and guide.liaison_id == world.other_page.pk
    assert guide.owner_id == world.users["other"].pk
    assert not LiaisonPage.objects.get(pk=world.owner_page.pk).is_active
    assert LiaisonDeactivation.objects.filter(liaison=world.owner_page).exists()
    # the former owner can no longer edit the guide they handed over
    former = as_actor("owner")
    edit = reverse("wagtailadmin_pages:edit", args=[world.guide.pk])
    assert former.get(edit).status_code != 200


def test_content_checker_rules_in_editor(world, as_actor):
    html = as_actor("owner").get(reverse("wagtailadmin_pages:edit", args=[world.guide.pk]))
    match = re.search(
        r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>',
        html.content.decode(),
        re.S,
    )
    assert match, "the editor has no content checker configuration"
    run_only = json.loads(match.group(1))["options"]["runOnly"]
    for rule in ("heading-order", "empty-heading", "image-alt", "alt-text-quality", "link-name"):
        assert rule in run_only


def test_guide_headings_cannot_skip_levels(world, as_actor):
    from .formdata import edit_form_data

    page = Page.objects.get(pk=world.guide.pk).specific
    data = edit_form_data(page)
    data.update(
        {
            "body-count": "2",
            "body-0-type": "heading",
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-id": "a",
            "body-0-value-text": "Intro",
            "body-0-value-level": "h2",
            "body-1-type": "heading",
            "body-1-deleted": "",
            "body-1-order": "1",
            "body-1-id": "b",
            "body-1-value-text": "Deep",
            "body-1-value-level": "h4",
        }
    )
    response = as_actor("owner").post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 200
    assert "skips a level" in response.content.decode()


@pytest.mark.parametrize(
    "actor,allowed", [("owner", False), ("other", False), ("coordinator", True)]
)
def test_only_coordinators_change_programmes(world, as_actor, actor, allowed):
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(code="PHYS-MSC", name="MSc Physics")
    client = as_actor(actor)
    url = reverse("wagtailsnippets_taxonomy_programme:edit", args=[programme.pk])
    assert (client.get(url).status_code == 200) is allowed
    client.post(
        url,
        {
            "code": "PHYS-MSC",
            "name": "Renamed",
            "level": programme.level,
            "department": programme.department_id,
            "is_active": "on",
        },
    )
    programme.refresh_from_db()
    assert (programme.name == "Renamed") is allowed


@pytest.mark.parametrize("actor", ["owner", "coordinator"])
def test_liaisons_and_coordinators_cannot_manage_users_or_site_settings(world, as_actor, actor):
    client = as_actor(actor)
    assert client.get(reverse("wagtailusers_users:index")).status_code in (302, 403)
    url = reverse("wagtailsettings:edit", args=["core", "portalsettings"])
    assert client.get(url).status_code in (302, 403)


def test_my_pages_panel_costs_the_same_queries_with_more_drafts(world, as_actor):
    """Each draft's status tag asks whether it is scheduled: answered in the listing's query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import GuidePageFactory

    client = as_actor("owner")

    made = []

    def drafts(n):
        for _ in range(n):
            made.append(len(made))
            guide = GuidePageFactory(
                parent=world.pages["guides"],
                title=f"Draft {made[-1]}",
                liaison=world.owner_page,
                live=False,
            )
            guide.owner = world.users["owner"]
            guide.save()

    def count():
        _dashboard(client)
        with CaptureQueriesContext(connection) as ctx:
            html = _dashboard(client)
        return len(ctx), html

    drafts(1)
    few, _ = count()
    drafts(4)
    many, html = count()
    assert "Draft 4" in html
    assert many <= few, (few, many)
