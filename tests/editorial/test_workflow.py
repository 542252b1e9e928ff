"""The moderation workflow through the admin: guides and posts wait for a coordinator, profiles
publish directly, and a section can be switched off approval."""

from django.core import mail
from django.urls import reverse
from wagtail.models import Page, WorkflowPage

from editorial.roles import WORKFLOW_NAME

from .formdata import edit_form_data


def _edit(client, page, **data):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_form_data(page, **data)
    )


def _approve(client, page):
    page = Page.objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": "Looks good."},
    )


def test_workflow_covers_guides_and_news_not_the_directory(world, db):
    assert world.guide.get_workflow().name == WORKFLOW_NAME
    assert world.post.get_workflow().name == WORKFLOW_NAME
    assert world.profile.get_workflow() is None


def test_workflow_liaison_guide_edit_waits_for_approval(world, as_actor):
    live_title = Page.objects.get(pk=world.guide.pk).title
    response = _edit(
        as_actor("owner"), world.guide, title="Chemistry: a new start", **{"action-submit": "1"}
    )
    assert response.status_code == 302
    page = Page.objects.get(pk=world.guide.pk)
    assert page.title == live_title  # the public page is unchanged
    assert page.workflow_in_progress
    assert page.get_latest_revision().content["title"] == "Chemistry: a new start"


def test_workflow_coordinator_approval_publishes_guide(world, client, db):
    owner_client = client
    owner_client.force_login(world.users["owner"])
    _edit(owner_client, world.guide, title="Chemistry: approved", **{"action-submit": "1"})
    mail.outbox.clear()

    owner_client.force_login(world.users["coordinator"])
    response = _approve(owner_client, world.guide)
    assert response.status_code in (200, 302)
    page = Page.objects.get(pk=world.guide.pk)
    assert page.title == "Chemistry: approved"
    assert page.live and not page.workflow_in_progress


def test_workflow_liaison_cannot_approve_own_guide(world, as_actor):
    client = as_actor("owner")
    live_title = Page.objects.get(pk=world.guide.pk).title
    _edit(client, world.guide, title="Self-approved", **{"action-submit": "1"})
    response = _approve(client, world.guide)
    assert response.status_code in (302, 403)
    page = Page.objects.get(pk=world.guide.pk)
    assert page.title == live_title
    assert page.workflow_in_progress


def test_workflow_coeditor_can_submit_guide(world, as_actor):
    response = _edit(
        as_actor("coeditor"), world.guide, title="Co-edited chemistry", **{"action-submit": "1"}
    )
    assert response.status_code == 302
    assert Page.objects.get(pk=world.guide.pk).workflow_in_progress


def test_workflow_crafted_publish_on_guide_only_saves_a_draft(world, as_actor):
    live_title = Page.objects.get(pk=world.guide.pk).title
    _edit(as_actor("owner"), world.guide, title="Sneaky publish", **{"action-publish": "1"})
    page = Page.objects.get(pk=world.guide.pk)
    assert page.title == live_title
    assert page.get_latest_revision().content["title"] == "Sneaky publish"


def test_workflow_profile_edit_publishes_directly(world, as_actor):
    _edit(as_actor("owner"), world.profile, title="Ana Owner-Smith", **{"action-publish": "1"})
    page = Page.objects.get(pk=world.profile.pk)
    assert page.title == "Ana Owner-Smith"
    assert page.live and not page.has_unpublished_changes


def test_workflow_switched_off_for_news_lets_owner_publish_post(world, as_actor):
    # What Settings → Workflows does when a coordinator removes /news/ from the workflow.
    WorkflowPage.objects.filter(page=world.news).delete()
    _edit(as_actor("owner"), world.post, title="Published at once", **{"action-publish": "1"})
    assert Page.objects.get(pk=world.post.pk).title == "Published at once"


def test_workflow_switched_on_for_directory_stops_direct_profile_publish(world, as_actor):
    from wagtail.models import Workflow

    WorkflowPage.objects.create(
        page=world.librarians, workflow=Workflow.objects.get(name=WORKFLOW_NAME)
    )
    live_title = Page.objects.get(pk=world.profile.pk).title
    _edit(as_actor("owner"), world.profile, title="Needs approval now", **{"action-publish": "1"})
    assert Page.objects.get(pk=world.profile.pk).title == live_title


def test_profile_owner_cannot_hand_profile_to_another_account(world, as_actor):
    client = as_actor("owner")
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[world.profile.pk]),
        edit_form_data(world.profile, user=str(world.users["student"].pk), title="Hijacked"),
    )
    assert response.status_code in (302, 403)
    page = Page.objects.get(pk=world.profile.pk).specific
    assert page.user_id == world.users["owner"].pk
    assert page.get_latest_revision().content["title"] != "Hijacked"


def test_profile_owner_cannot_reactivate_themselves(world, as_actor):
    from liaison_pages.models import LiaisonPage

    page = LiaisonPage.objects.get(pk=world.profile.pk)
    page.is_active = False
    page.save_revision().publish()
    data = edit_form_data(page, is_active="on")
    as_actor("owner").post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert not LiaisonPage.objects.get(pk=page.pk).get_latest_revision_as_object().is_active


def test_profile_owner_can_schedule_publishing(world, as_actor):
    live_title = Page.objects.get(pk=world.profile.pk).title
    _edit(
        as_actor("owner"),
        world.profile,
        title="From next year",
        go_live_at="2099-01-01 09:00",
        **{"action-publish": "1"},
    )
    page = Page.objects.get(pk=world.profile.pk)
    assert page.title == live_title  # not yet
    scheduled = page.scheduled_revision
    assert scheduled is not None and scheduled.content["title"] == "From next year"


def test_account_fields_are_shown_to_coordinators_only(world, as_actor):
    """A liaison's own profile form does not list every account on the portal to pick from."""
    url = reverse("wagtailadmin_pages:edit", args=[world.profile.pk])
    owner_html = as_actor("owner").get(url).content.decode()
    assert 'name="title"' in owner_html  # their own profile, editable
    assert 'name="user"' not in owner_html
    assert 'name="is_active"' not in owner_html
    assert world.users["student"].email not in owner_html
    coordinator_html = as_actor("coordinator").get(url).content.decode()
    assert 'name="user"' in coordinator_html and 'name="is_active"' in coordinator_html
