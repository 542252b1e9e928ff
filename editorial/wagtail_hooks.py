"""Admin wiring: dashboard panels, the coordinators' Liaisons menu, and the content checker."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.userbar import ContentCheckerItem

from core.permissions import TESTER_HOOK

from . import dashboard, views
from .permissions import (
    COORDINATOR_FIELDS,
    EditorialPagePermissionTester,
    coordinator_field_changes,
    page_kind,
)

# --- who may do what to an owned page (core.permissions.OwnedPageMixin) ---------------------------


@hooks.register(TESTER_HOOK)
def owned_page_permission_tester(user, page):
    return EditorialPagePermissionTester(user, page)


# --- dashboard panels ---------------------------------------------------------------------------


class DashboardPanel(Component):
    heading = ""
    query = None

    def __init__(self, items, total):
        self.items, self.total = items, total

    def get_context_data(self, parent_context):
        return {
            "items": self.items,
            "total": self.total,
            "heading": self.heading,
            "request": parent_context.get("request"),
        }


class MyPagesPanel(DashboardPanel):
    name = "editorial_my_pages"
    template_name = "editorial/panels/my_pages.html"
    heading = "My pages"
    order = 60


class DueForReviewPanel(DashboardPanel):
    name = "editorial_due_for_review"
    template_name = "editorial/panels/due_for_review.html"
    heading = "Guides due for review"
    order = 70

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["months"] = getattr(settings, "GUIDE_REVIEW_MONTHS", 12)
        return context


class NewMessagesPanel(DashboardPanel):
    name = "editorial_new_messages"
    template_name = "editorial/panels/new_messages.html"
    heading = "New contact messages"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["inbox_url"] = reverse("inbox:index")
        context["rows"] = [(m, reverse("inbox:edit", args=[m.pk])) for m in self.items]
        return context


class MyStudentsPanel(DashboardPanel):
    name = "editorial_my_students"
    template_name = "editorial/panels/my_students.html"
    heading = "My students"
    order = 80


class RebalancePanel(DashboardPanel):
    name = "editorial_rebalance"
    template_name = "editorial/panels/rebalance.html"
    heading = "Students to rebalance"
    order = 40


def _is_liaison(user):
    return hasattr(user, "liaison_profile")


@hooks.register("construct_homepage_panels")
def add_editorial_panels(request, panels):
    user = request.user
    flags = dashboard.liaisons_to_rebalance(user)
    if flags and flags[0]:
        panels.append(RebalancePanel(*flags))
    if _is_liaison(user):
        panels.append(NewMessagesPanel(*dashboard.new_messages(user)))
        panels.append(MyStudentsPanel(*dashboard.my_students(user)))
    items, total = dashboard.my_pages(user)
    if items or _is_liaison(user):
        panels.append(MyPagesPanel(items, total))
    due = dashboard.guides_due_for_review(user)
    if due[0] or _is_liaison(user):
        panels.append(DueForReviewPanel(*due))


# --- coordinators' liaison management -----------------------------------------------------------


@hooks.register("register_admin_urls")
def register_editorial_urls():
    urls = [
        path("", views.LiaisonListView.as_view(), name="liaisons"),
        path("add/", views.AddLiaisonView.as_view(), name="add_liaison"),
        path(
            "<int:pk>/deactivate/", views.DeactivateLiaisonView.as_view(), name="deactivate_liaison"
        ),
        path("rebalance/<int:pk>/", views.RebalanceView.as_view(), name="rebalance"),
    ]
    return [path("liaisons/", include((urls, "editorial"), namespace="editorial"))]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_liaisons_menu_item():
    return CoordinatorMenuItem(
        "Liaisons", reverse("editorial:liaisons"), icon_name="group", order=250
    )


# --- coordinator-only fields --------------------------------------------------------------------


def _current_value(page, name):
    """What the edit form would send for ``name`` as the page stands (its latest revision)."""
    field = page._meta.get_field(name)
    if field.one_to_many:  # an inline (co-editors): the librarians named
        return frozenset(str(child.liaison_id) for child in getattr(page, name).all())
    if field.many_to_many:
        return frozenset(str(item.pk) for item in getattr(page, name).all())
    value = getattr(page, field.attname)
    if isinstance(value, bool):
        return "on" if value else ""
    return "" if value is None else str(value)


def _posted_value(page, post, name):
    """What the POST says for ``name``; None when it does not mention the field."""
    field = page._meta.get_field(name)
    if field.one_to_many:
        try:
            total = min(int(post[f"{name}-TOTAL_FORMS"]), 1000)
        except (KeyError, ValueError):
            return None
        return frozenset(
            post[f"{name}-{i}-liaison"]
            for i in range(total)
            if post.get(f"{name}-{i}-liaison") and not post.get(f"{name}-{i}-DELETE")
        )
    if name not in post:
        return None
    if field.many_to_many:
        return frozenset(post.getlist(name))
    if isinstance(field, BooleanField):
        return "on" if post.get(name) else ""
    return post[name].strip()


@hooks.register("before_edit_page")
def protect_coordinator_fields(request, page):
    """A liaison's edit form does not show the coordinator-only fields (panel permissions in the
    page models), so Wagtail ignores them in a POST; a crafted POST that tries to change one
    anyway is refused outright, and nothing else in it is saved."""
    if request.method != "POST" or request.user.has_perm(views.PERMISSION):
        return None
    kind = page_kind(page)
    names = COORDINATOR_FIELDS.get(kind, ())
    posted = {
        name: value
        for name in names
        if (value := _posted_value(page, request.POST, name)) is not None
    }
    current = {name: _current_value(page, name) for name in posted}
    changed = coordinator_field_changes(kind, current, posted)
    if changed:
        raise PermissionDenied(f"Only a coordinator can change: {', '.join(changed)}.")
    return None


# --- content checker ----------------------------------------------------------------------------


class PortalContentChecker(ContentCheckerItem):
    """Wagtail's checker (userbar and the editor's Checks panel) with the portal's rules: headings
    (order, empty, paragraphs posing as headings), alt text (missing or a file name) and link and
    button text."""

    axe_run_only = [
        *ContentCheckerItem.axe_run_only,
        "image-alt",
        "input-image-alt",
        "role-img-alt",
        "svg-img-alt",
        "page-has-heading-one",
    ]
    axe_messages = {
        **ContentCheckerItem.axe_messages,
        "image-alt": {
            "error_name": "Image has no alt text",
            "help_text": "Describe the image, or mark it decorative",
        },
        "page-has-heading-one": {
            "error_name": "Page has no main heading",
            "help_text": "Give the page a title shown as its H1",
        },
    }


@hooks.register("construct_wagtail_userbar")
def use_portal_content_checker(request, items, page):
    for i, item in enumerate(items):
        if isinstance(item, ContentCheckerItem) and not isinstance(item, PortalContentChecker):
            items[i] = PortalContentChecker(in_editor=item.in_editor)
