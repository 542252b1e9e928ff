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


def test_workflow_covers_guides_news_and_enquiry_forms_not_the_directory(world, db):
    assert world.guide.get_workflow().name == WORKFLOW_NAME
    assert world.post.get_workflow().name == WORKFLOW_NAME
    assert world.pages["form"].get_workflow().name == WORKFLOW_NAME
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


# --- coordinator-only fields (issue #13, hole 9) -------------------------------------------------


def _refused(response):
    """Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard and its
    "Sorry, you do not have permission" message (a saved edit returns to the editor instead)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def _latest(page):
    return Page.objects.get(pk=page.pk).specific.get_latest_revision_as_object()


def test_hole9_liaison_cannot_change_capacity_programmes_or_accepting(world, as_actor):
    """Matching reads these: a liaison's form does not show them and a crafted POST is refused."""
    from tests.factories import ProgrammeFactory

    url = reverse("wagtailadmin_pages:edit", args=[world.profile.pk])
    owner = as_actor("owner")
    html = owner.get(url).content.decode()
    for name in ("capacity", "accepting_students", "programmes", "departments"):
        assert f'name="{name}"' not in html, name
    before = _latest(world.profile)
    extra = ProgrammeFactory(code="ANY-PROG")
    for change in (
        {"capacity": "999"},
        {"accepting_students": "on" if not before.accepting_students else ""},
        {"programmes": [str(extra.pk)]},
    ):
        response = owner.post(url, edit_form_data(world.profile, title="Mine now", **change))
        assert _refused(response), change
    after = _latest(world.profile)
    assert after.capacity == before.capacity
    assert after.title != "Mine now"
    assert list(after.programmes.all()) == list(before.programmes.all())


def test_coordinator_changes_capacity_and_programmes(world, as_actor):
    from tests.factories import ProgrammeFactory

    url = reverse("wagtailadmin_pages:edit", args=[world.profile.pk])
    coordinator = as_actor("coordinator")
    html = coordinator.get(url).content.decode()
    assert 'name="capacity"' in html and 'name="programmes"' in html
    programme = ProgrammeFactory(code="NEW-PROG")
    coordinator.post(
        url, edit_form_data(world.profile, capacity="40", programmes=[str(programme.pk)])
    )
    after = _latest(world.profile)
    assert after.capacity == 40
    assert [p.code for p in after.programmes.all()] == ["NEW-PROG"]


def test_hole9_coeditor_cannot_change_guide_owner_or_coeditors(world, as_actor):
    url = reverse("wagtailadmin_pages:edit", args=[world.guide.pk])
    coeditor = as_actor("coeditor")
    html = coeditor.get(url).content.decode()
    assert 'name="summary"' in html  # they may edit the guide itself
    assert 'name="liaison"' not in html and "co_editors-TOTAL_FORMS" not in html
    mine = {"liaison": str(world.coeditor_page.pk)}
    crowd = {
        "co_editors-TOTAL_FORMS": "2",
        "co_editors-1-liaison": str(world.other_page.pk),
        "co_editors-1-DELETE": "",
        "co_editors-1-ORDER": "2",
    }
    for change in (mine, crowd):
        response = coeditor.post(url, edit_form_data(world.guide, title="Taken over", **change))
        assert _refused(response), change
    guide = _latest(world.guide)
    assert guide.liaison_id == world.owner_page.pk
    assert [c.liaison_id for c in guide.co_editors.all()] == [world.coeditor_page.pk]
    assert guide.title != "Taken over"


def test_hole9_liaison_cannot_hand_post_or_enquiry_form_to_someone_else(world, as_actor):
    owner = as_actor("owner")
    for kind, name in (("post", "author"), ("form", "liaison")):
        page = world.pages[kind]
        url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert f'name="{name}"' not in owner.get(url).content.decode()
        data = edit_form_data(page, **{name: str(world.other_page.pk)})
        assert _refused(owner.post(url, data))
        assert getattr(_latest(page), f"{name}_id") == world.owner_page.pk


def test_hole9_guide_a_liaison_creates_is_theirs(world, as_actor):
    """The owner field is not on a liaison's form, so a new guide names its creator."""
    from liaison_pages.models import GuidePage

    url = reverse("wagtailadmin_pages:add", args=["liaison_pages", "guidepage", world.guides.pk])
    owner = as_actor("owner")
    html = owner.get(url).content.decode()
    assert 'name="liaison"' not in html and "co_editors-TOTAL_FORMS" not in html
    data = edit_form_data(
        world.guide, title="Spectroscopy", slug="spectroscopy", liaison=str(world.other_page.pk)
    )
    data = {k: v for k, v in data.items() if not k.startswith("co_editors-")}
    response = owner.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    guide = GuidePage.objects.get(slug="spectroscopy")
    assert guide.liaison_id == world.owner_page.pk  # the crafted 'liaison' was ignored
    assert guide.owner_id == world.users["owner"].pk


def test_coeditor_edit_from_their_own_form_keeps_owner_and_coeditors(world, as_actor):
    """What the co-editor's browser sends (no owner, no co-editor rows) saves, and leaves both."""
    data = edit_form_data(world.guide, summary="Sharper summary.")
    data = {k: v for k, v in data.items() if k != "liaison" and not k.startswith("co_editors-")}
    response = as_actor("coeditor").post(
        reverse("wagtailadmin_pages:edit", args=[world.guide.pk]), data
    )
    assert response.status_code == 302 and not _refused(response)
    guide = _latest(world.guide)
    assert guide.summary == "Sharper summary."
    assert guide.liaison_id == world.owner_page.pk
    assert [c.liaison_id for c in guide.co_editors.all()] == [world.coeditor_page.pk]


def test_hole9_liaison_publish_of_enquiry_form_only_saves_a_draft(world, as_actor):
    """A rogue form could phish: a liaison's 'Publish' of their own form changes nothing live."""
    form = world.pages["form"]
    live_title = Page.objects.get(pk=form.pk).title
    _edit(as_actor("owner"), form, title="Verify your password here", **{"action-publish": "1"})
    page = Page.objects.get(pk=form.pk)
    assert page.title == live_title
    assert page.get_latest_revision().content["title"] == "Verify your password here"


def test_hole9_liaison_submits_enquiry_form_and_coordinator_approves(world, client, db):
    form = world.pages["form"]
    client.force_login(world.users["owner"])
    response = _edit(client, form, title="Book a research consultation", **{"action-submit": "1"})
    assert response.status_code == 302
    page = Page.objects.get(pk=form.pk)
    assert page.workflow_in_progress and page.title != "Book a research consultation"
    assert _approve(client, form).status_code in (302, 403)  # not by themselves
    assert Page.objects.get(pk=form.pk).workflow_in_progress

    client.force_login(world.users["coordinator"])
    _approve(client, form)
    page = Page.objects.get(pk=form.pk)
    assert page.title == "Book a research consultation" and not page.workflow_in_progress


def test_hole9_enquiry_form_outside_any_workflow_is_published_by_a_coordinator(world, as_actor):
    """Forms may also sit under the home page, which no workflow covers."""
    form = world.pages["form"]
    WorkflowPage.objects.filter(page=world.enquiries).delete()
    live_title = Page.objects.get(pk=form.pk).title
    _edit(as_actor("owner"), form, title="Published at once?", **{"action-publish": "1"})
    assert Page.objects.get(pk=form.pk).title == live_title
    _edit(
        as_actor("coordinator"), form, title="Published by a coordinator", **{"action-publish": "1"}
    )
    assert Page.objects.get(pk=form.pk).title == "Published by a coordinator"


def test_hole9_existing_database_gets_enquiry_forms_under_approval(world, db):
    """Migration editorial 0002, for portals whose workflow was made before forms needed it."""
    from importlib import import_module

    from django.apps import apps

    WorkflowPage.objects.filter(page=world.enquiries).delete()
    migration = import_module("editorial.migrations.0002_enquiry_forms_need_approval")
    migration.enquiry_forms_need_approval(apps, None)
    migration.enquiry_forms_need_approval(apps, None)  # harmless twice
    assert world.pages["form"].get_workflow().name == WORKFLOW_NAME
