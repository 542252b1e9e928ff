"""The portal's roles as Wagtail groups, and the moderation workflow. ``setup_roles()`` is idempotent:
``manage.py setup_roles``, ``seed_demo`` and ``add_liaison`` call it.

* Liaison: admin access; "add" on /guides/, /news/ and /enquiries/ (Wagtail then lets them edit
  the pages they own); images and documents: add and choose, so they change only files they uploaded. Their
  profile rights come from ``editorial.permissions``.
* Coordinator (``core.roles.is_coordinator``: this group holds its permission,
  ``editorial.manage_liaisons``): add/change/publish/lock/unlock on the whole site from the home page down; all
  image, document and taxonomy permissions; student assignments; adding and deactivating
  liaisons; the approval task of the workflow.
* Administrator: a superuser (``createsuperuser``); no group needed.

The workflow "Coordinator approval" is attached to /guides/, /news/ and /enquiries/ when it is
first created (databases made before enquiry forms needed approval get it on /enquiries/ from
migration editorial 0002). After that it is switched per section in Settings → Workflows, and
re-running this leaves that choice alone.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.models import HomePage
from inbox.models import EnquiryIndexPage
from liaison_pages.models import BlogIndexPage, GuideIndexPage

LIAISON = "Liaison"
COORDINATOR = "Coordinator"
WORKFLOW_NAME = "Coordinator approval"
TASK_NAME = "Coordinator review"

LIAISON_PAGE_PERMISSIONS = ["add_page"]
COORDINATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
# Apps whose every model permission a coordinator holds (taxonomy snippets, student assignments,
# services' own models, this app's liaison management, the groups that must use two-factor
# sign-in, best bets in search).
COORDINATOR_APPS = [
    "taxonomy",
    "students",
    "services",
    "editorial",
    "twofactor",
    "wagtailsearchpromotions",
]


def _perm(app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def _collection_permissions(group, codenames):
    root = Collection.get_first_root_node()
    for app_label, codename in codenames:
        permission = _perm(app_label, codename)
        if permission:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def _page_permissions(group, page, codenames):
    for codename in codenames:
        permission = _perm("wagtailcore", codename)
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def setup_groups():
    liaison, _ = Group.objects.get_or_create(name=LIAISON)
    coordinator, _ = Group.objects.get_or_create(name=COORDINATOR)
    access_admin = _perm("wagtailadmin", "access_admin")
    liaison.permissions.add(access_admin)
    coordinator.permissions.add(access_admin)
    coordinator.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=COORDINATOR_APPS)
    )
    # Form-builder submissions and redirects follow page permissions; nothing else to add.
    _collection_permissions(
        liaison,
        [
            ("wagtailimages", "add_image"),
            ("wagtailimages", "choose_image"),
            ("wagtaildocs", "add_document"),
            ("wagtaildocs", "choose_document"),
        ],
    )
    _collection_permissions(
        coordinator,
        [
            (app, f"{action}_{model}")
            for app, model in (("wagtailimages", "image"), ("wagtaildocs", "document"))
            for action in ("add", "change", "delete", "choose")
        ],
    )
    return liaison, coordinator


def setup_workflow(coordinator, sections):
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(coordinator)
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if created:
        # Wagtail installs "Moderators approval" on the root page, which would cover every
        # section; approval is per section here, so that default assignment goes (the workflow
        # itself stays, and Settings → Workflows can assign it anywhere).
        WorkflowPage.objects.filter(page__depth=1).delete()
        for page in sections:
            if page is not None:
                WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


@transaction.atomic
def setup_roles():
    """Create or top up the groups, their permissions and the workflow. Returns the two groups."""
    liaison, coordinator = setup_groups()
    home = HomePage.objects.first()
    guides, news = GuideIndexPage.objects.first(), BlogIndexPage.objects.first()
    enquiries = EnquiryIndexPage.objects.first()
    if home is not None:
        _page_permissions(coordinator, home, COORDINATOR_PAGE_PERMISSIONS)
    sections = [guides, news, enquiries]
    for section in sections:
        if section is not None:
            _page_permissions(liaison, section, LIAISON_PAGE_PERMISSIONS)
    if any(section is not None for section in sections):
        setup_workflow(coordinator, sections)
    return liaison, coordinator
