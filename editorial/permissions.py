"""Who may do what to which page.

Wagtail's group page permissions are the baseline (see ``editorial.roles``):

* *Coordinator* has add/change/publish/lock/unlock on the home page, so on every page below it.
* *Liaison* has "add" on /guides/ and /news/: Wagtail lets them create pages there and edit the
  pages they own (``Page.owner``), but not publish, unpublish, delete live pages or touch anyone
  else's page. They have nothing on /librarians/.

Wagtail cannot express the rest, so ``extra_grants()`` adds it for a user's *own* pages:

* a profile (``LiaisonPage``) belongs to its ``user`` (or owner): they may edit it and view its
  drafts and revisions, and publish it directly unless a workflow covers the directory; never
  delete, move, copy or unpublish it (deactivation is a coordinator's job);
* a guide belongs to its owner and its named librarian (``GuidePage.liaison``); its co-editors
  may edit it too. A post belongs to its owner and its author, an enquiry form to its owner and
  its recipient librarian;
* owners may unpublish and delete their own guides, posts and forms; co-editors only edit;
* anyone who may edit may publish without approval only when no workflow covers the page: with
  a workflow they submit for moderation and a coordinator approves. Enquiry forms never: a form
  asks people for their details and could be made to phish, so a liaison submits one to the
  workflow on /enquiries/ (or, outside any workflow, a coordinator publishes it).

Grants only ever add to what Wagtail allows; nothing here can take a coordinator's rights away.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from wagtail.models import PagePermissionTester, get_page_models
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.permissions import OwnedPageMixin
from liaison_pages.models import GuideCoEditor

PROFILE, GUIDE, POST, FORM, OTHER = "profile", "guide", "post", "form", "other"
EDIT, PUBLISH, UNPUBLISH, DELETE, COPY = "edit", "publish", "unpublish", "delete", "copy"


@dataclass(frozen=True)
class Relation:
    """How one user stands to one page."""

    kind: str  # PROFILE, GUIDE, POST, FORM or OTHER
    owns: bool = False
    co_edits: bool = False


def extra_grants(relation, *, has_workflow):
    """The actions a user gets on a page beyond their group permissions (a frozenset)."""
    if relation.kind == PROFILE:
        grants = {EDIT} if relation.owns else set()
    elif relation.kind in (GUIDE, POST, FORM):
        if relation.owns:
            grants = {EDIT, COPY, UNPUBLISH, DELETE}
        elif relation.co_edits and relation.kind == GUIDE:
            grants = {EDIT, COPY}
        else:
            grants = set()
    else:
        grants = set()
    if EDIT in grants and not has_workflow and relation.kind != FORM:
        grants.add(PUBLISH)
    return frozenset(grants)


# Fields only a coordinator changes, by kind of page: which account a profile is, whether it is
# active and who answers for it once it is not (deactivation keeps its own record); what drives
# matching (departments and programmes served, accepting students, capacity); and who owns a page,
# since being named on it grants the rights above. Liaisons' forms do not show them
# (``liaison_pages.panels``); the edit hook refuses a crafted POST that changes one.
COORDINATOR_FIELDS = {
    PROFILE: (
        "user",
        "is_active",
        "successor",
        "accepting_students",
        "capacity",
        "programmes",
        "departments",
    ),
    GUIDE: ("liaison", "co_editors"),
    POST: ("author",),
    FORM: ("liaison",),
}


def coordinator_field_changes(kind, current, posted):
    """Names of coordinator-only fields whose posted value differs from the current one.
    ``current`` and ``posted`` map field names to what a form would send: a string, or a
    frozenset of strings for a many-valued field. A field the POST leaves out changes nothing."""
    return [
        name
        for name in COORDINATOR_FIELDS.get(kind, ())
        if name in posted and (posted[name] or "") != (current.get(name) or "")
    ]


# --- adapter: the queries and Wagtail's tester ----------------------------------------------------

_CACHE_ATTR = "_editorial_page_links"


def _owned_models():
    """Page types a liaison can own (``core.permissions.OwnedPageMixin``): (model, kind, the
    field naming the owner librarian). Profiles, guides, posts and enquiry forms."""
    return [
        (model, model.owned_kind, model.owner_field)
        for model in get_page_models()
        if issubclass(model, OwnedPageMixin)
    ]


def _page_kinds():
    return {ContentType.objects.get_for_model(model).pk: kind for model, kind, _ in _owned_models()}


def page_links_for_user(user):
    """Ids of the pages a user is named on, cached on the user object for the request."""
    links = getattr(user, _CACHE_ATTR, None)
    if links is None:
        named = set()
        for model, _kind, field in _owned_models():
            lookup = f"{field}__user" if field else "user"
            named |= set(model.objects.filter(**{lookup: user}).values_list("pk", flat=True))
        links = {
            "named": named,
            "co_edited": set(
                GuideCoEditor.objects.filter(liaison__user=user).values_list("page_id", flat=True)
            ),
        }
        setattr(user, _CACHE_ATTR, links)
    return links


def page_kind(page):
    """PROFILE, GUIDE, POST, FORM or OTHER."""
    return _page_kinds().get(page.content_type_id, OTHER)


def relation_for(user, page):
    kind = _page_kinds().get(page.content_type_id, OTHER)
    if kind == OTHER:
        return Relation(OTHER)
    links = page_links_for_user(user)
    return Relation(
        kind,
        owns=page.owner_id == user.pk or page.pk in links["named"],
        co_edits=page.pk in links["co_edited"],
    )


class EditorialPagePermissionTester(PagePermissionTester):
    """Wagtail's tester plus the grants above, for the owned page types (their
    ``permissions_for_user``, see ``core.permissions``); used by every admin page view."""

    @cached_property
    def grants(self):
        user = self.user
        if not user.is_active or user.is_superuser or self.page_is_root or not self.page.pk:
            return frozenset()
        if self._kind() == OTHER:
            return frozenset()
        relation = relation_for(user, self.page)
        without_workflow = extra_grants(relation, has_workflow=False)
        if PUBLISH not in without_workflow:
            return without_workflow
        return extra_grants(relation, has_workflow=self.page.get_workflow() is not None)

    def can_edit(self):
        return super().can_edit() or EDIT in self.grants

    def can_publish(self):
        return super().can_publish() or PUBLISH in self.grants

    def can_unpublish(self):
        if super().can_unpublish():
            return True
        return (
            UNPUBLISH in self.grants
            and self.page.live
            and not self.page_is_root
            and not self.page_locked()
        )

    def can_delete(self, ignore_bulk=False):
        if super().can_delete(ignore_bulk=ignore_bulk):
            return True
        return DELETE in self.grants and (ignore_bulk or self.page.is_leaf())

    def can_move(self):
        # Moving publishes within the destination, so it stays with Wagtail's own rules.
        return PagePermissionTester.can_delete(self, ignore_bulk=True)

    def can_copy(self):
        if self._kind() == PROFILE:
            return False  # a profile is a person: a copy would claim the same user account
        return super().can_edit() or COPY in self.grants

    def _kind(self):
        return _page_kinds().get(self.page.content_type_id, OTHER)


class EditorialPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page policy, whose "pages this user can change" also lists the pages they are
    named on or co-edit, so listings agree with the tester: the explorer, and the form
    submissions of an enquiry form whose recipient they are."""

    def instances_user_has_any_permission_for(self, user, actions):
        pages = super().instances_user_has_any_permission_for(user, actions)
        if "change" not in actions or not user.is_active or user.is_superuser:
            return pages
        links = page_links_for_user(user)
        ids = links["named"] | links["co_edited"]
        if not ids:
            return pages
        return pages | self.model._default_manager.filter(pk__in=ids)
