"""Who may do what to which page: every actor × kind of page × admin action.

``expected()`` below is the policy, written out. It is checked twice:

* as a table, for every combination, against the rule itself (``editorial.permissions.
  extra_grants`` on top of the groups' permissions): no database, a few milliseconds;
* through the real Wagtail admin views over HTTP, for each admin view family as the page's owner,
  another liaison and a coordinator (plus the cases where the kind of page changes the answer:
  workflows, profiles, forms, co-editors, sections). Each case signs in, requests an admin URL
  directly (GET or a crafted POST, never by following buttons) and checks what a user would see:
  the page rendered (allowed) or not, and for POSTs whether the database changed. The paths include
  the ones in Wagtail's recent security advisories: copying, history, revision compare and view,
  previews, view-draft, form submission listing and deletion, and the bulk-action endpoints.
"""

import pytest
from django.urls import reverse
from wagtail.models import Page

from editorial.permissions import (
    COPY,
    DELETE,
    EDIT,
    FORM,
    GUIDE,
    OTHER,
    POST,
    PROFILE,
    PUBLISH,
    UNPUBLISH,
    Relation,
    extra_grants,
)

from .formdata import edit_form_data

ACTORS = ["owner", "coeditor", "other", "coordinator", "student", "anonymous"]
LEAF_KINDS = ["profile", "guide", "post", "service", "form"]
# Index pages: the home page, one section liaisons add to (guides) and one they do not (the
# directory); news, services and enquiries indexes follow the same rules as these.
INDEX_KINDS = ["home", "librarians", "guides"]
KINDS = LEAF_KINDS + INDEX_KINDS

# Sections under the "Coordinator approval" workflow: editing there never publishes directly for
# liaisons. (An enquiry form would not even outside it: see editorial.permissions.)
WORKFLOW_KINDS = {"guide", "post", "form"}

# One coordinator-only field per kind of page (editorial.permissions.COORDINATOR_FIELDS): what
# matching reads on a profile, who owns a guide or post, who receives a form's submissions.
COORDINATOR_FIELDS = {
    "profile": "capacity",
    "guide": "liaison",
    "post": "author",
    "form": "liaison",
}


def _fresh(world, kind):
    return Page.objects.get(pk=world.pages[kind].pk).specific


def _revision(world, kind, n):
    return world.revisions[kind][n].pk


def _ok(response):
    assert response.status_code < 500, response
    return response.status_code == 200


def _redirected_away(response):
    """A denied request: 403, 404, or a redirect to the login page or the admin dashboard."""
    return response.status_code in (302, 403, 404)


# --- actions: each returns True when the actor got what they asked for --------------------------


def explore(client, world, kind):
    return _ok(client.get(reverse("wagtailadmin_explore", args=[world.pages[kind].pk])))


def edit_get(client, world, kind):
    return _ok(client.get(reverse("wagtailadmin_pages:edit", args=[world.pages[kind].pk])))


def edit_post(client, world, kind):
    page = _fresh(world, kind)
    title = f"{page.title} (edited)"
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_form_data(page, title=title)
    )
    assert response.status_code in (200, 302, 403, 404), response
    latest = Page.objects.get(pk=page.pk).get_latest_revision()
    return latest is not None and latest.content["title"] == title


def change_coordinator_field(client, world, kind):
    """A crafted edit POST changing only a coordinator-only field (the rest as the form shows it)."""
    page = _fresh(world, kind).get_latest_revision_as_object()
    name = COORDINATOR_FIELDS[kind]
    value = page.capacity + 50 if name == "capacity" else world.other_page.pk
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), edit_form_data(page, **{name: value})
    )
    latest = Page.objects.get(pk=page.pk).get_latest_revision()
    return latest is not None and latest.content[name] == value


def publish(client, world, kind):
    page = _fresh(world, kind)
    title = f"{page.title} (published)"
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form_data(page, title=title, **{"action-publish": "action-publish"}),
    )
    return Page.objects.get(pk=page.pk).title == title


def unpublish_get(client, world, kind):
    return _ok(client.get(reverse("wagtailadmin_pages:unpublish", args=[world.pages[kind].pk])))


def unpublish_post(client, world, kind):
    pk = world.pages[kind].pk
    client.post(reverse("wagtailadmin_pages:unpublish", args=[pk]))
    return not Page.objects.get(pk=pk).live


def move_get(client, world, kind):
    return _ok(client.get(reverse("wagtailadmin_pages:move", args=[world.pages[kind].pk])))


def move_post(client, world, kind):
    pk, target = world.pages[kind].pk, world.move_targets[kind]
    client.post(reverse("wagtailadmin_pages:move_confirm", args=[pk, target.pk]))
    return Page.objects.get(pk=pk).get_parent().pk == target.pk


def delete_get(client, world, kind):
    return _ok(client.get(reverse("wagtailadmin_pages:delete", args=[world.pages[kind].pk])))


def delete_post(client, world, kind):
    pk = world.pages[kind].pk
    client.post(reverse("wagtailadmin_pages:delete", args=[pk]))
    return not Page.objects.filter(pk=pk).exists()


def copy_get(client, world, kind):
    return _ok(client.get(reverse("wagtailadmin_pages:copy", args=[world.pages[kind].pk])))


def copy_post(client, world, kind):
    page = world.pages[kind]
    client.post(
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        {
            "new_title": "Copied page",
            "new_slug": "copied-page",
            "new_parent_page": str(page.get_parent().pk),
        },
    )
    return Page.objects.filter(slug="copied-page").exists()


def view_draft(client, world, kind):
    return _ok(client.get(reverse("wagtailadmin_pages:view_draft", args=[world.pages[kind].pk])))


def preview(client, world, kind):
    page = _fresh(world, kind)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    posted = client.post(url, edit_form_data(page, title="Previewed title"))
    if posted.status_code != 200:
        return False
    assert posted.json()["is_valid"], posted.json()
    shown = client.get(url)
    return _ok(shown) and "Previewed title" in shown.content.decode()


def history(client, world, kind):
    return _ok(client.get(reverse("wagtailadmin_pages:history", args=[world.pages[kind].pk])))


def revision_view(client, world, kind):
    url = reverse(
        "wagtailadmin_pages:revisions_view", args=[world.pages[kind].pk, _revision(world, kind, 0)]
    )
    return _ok(client.get(url))


def revision_compare(client, world, kind):
    url = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=[world.pages[kind].pk, _revision(world, kind, 0), _revision(world, kind, 1)],
    )
    return _ok(client.get(url))


def revision_revert(client, world, kind):
    url = reverse(
        "wagtailadmin_pages:revisions_revert",
        args=[world.pages[kind].pk, _revision(world, kind, 0)],
    )
    return _ok(client.get(url))


def workflow_history(client, world, kind):
    url = reverse("wagtailadmin_pages:workflow_history", args=[world.pages[kind].pk])
    return _ok(client.get(url))


def usage(client, world, kind):
    return _ok(client.get(reverse("wagtailadmin_pages:usage", args=[world.pages[kind].pk])))


def lock(client, world, kind):
    pk = world.pages[kind].pk
    client.post(reverse("wagtailadmin_pages:lock", args=[pk]))
    return Page.objects.get(pk=pk).locked


def _bulk(client, action, pks, data=None):
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action])
    query = "&".join(f"id={pk}" for pk in pks)
    return client.post(f"{url}?{query}", data or {})


def bulk_delete(client, world, kind):
    pk = world.pages[kind].pk
    _bulk(client, "delete", [pk])
    return not Page.objects.filter(pk=pk).exists()


def bulk_unpublish(client, world, kind):
    pk = world.pages[kind].pk
    _bulk(client, "unpublish", [pk])
    return not Page.objects.get(pk=pk).live


def bulk_publish(client, world, kind):
    pk = world.pages[kind].pk
    _bulk(client, "publish", [pk])
    return not Page.objects.get(pk=pk).has_unpublished_changes


def bulk_move(client, world, kind):
    pk, target = world.pages[kind].pk, world.move_targets[kind]
    _bulk(client, "move", [pk], {"chooser": str(target.pk)})
    return Page.objects.get(pk=pk).get_parent().pk == target.pk


# Index pages whose children can be created here: (app, model, a sample page of that type).
CHILD_TYPES = {
    "librarians": ("liaison_pages", "liaisonpage", "profile"),
    "guides": ("liaison_pages", "guidepage", "guide"),
}


def _create_url(world, kind):
    app, model, _sample = CHILD_TYPES[kind]
    return reverse("wagtailadmin_pages:add", args=[app, model, world.pages[kind].pk])


def create_get(client, world, kind):
    return _ok(client.get(_create_url(world, kind)))


def create_post(client, world, kind):
    """A crafted POST creating a page of the section's type, from a sample page's data."""
    sample = world.pages[CHILD_TYPES[kind][2]]
    data = edit_form_data(sample, title="Created page", slug="created-page", user="")
    for key in list(data):
        if key.endswith("-INITIAL_FORMS"):
            data[key] = "0"
        elif key.endswith("-id"):
            del data[key]
    client.post(_create_url(world, kind), data)
    return Page.objects.filter(slug="created-page").exists()


def submissions_list(client, world, kind):
    url = reverse("wagtailforms:list_submissions", args=[world.pages[kind].pk])
    response = client.get(url)
    return _ok(response) and f'value="{world.submission.pk}"' in response.content.decode()


def submissions_delete(client, world, kind):
    from wagtail.contrib.forms.models import FormSubmission

    url = reverse("wagtailforms:delete_submissions", args=[world.pages[kind].pk])
    client.post(f"{url}?selected-submissions={world.submission.pk}")
    return not FormSubmission.objects.filter(pk=world.submission.pk).exists()


ACTIONS = {
    f.__name__: f
    for f in [
        explore,
        edit_get,
        edit_post,
        change_coordinator_field,
        publish,
        unpublish_get,
        unpublish_post,
        move_get,
        move_post,
        delete_get,
        delete_post,
        copy_get,
        copy_post,
        view_draft,
        preview,
        history,
        revision_view,
        revision_compare,
        revision_revert,
        workflow_history,
        usage,
        lock,
        bulk_delete,
        bulk_unpublish,
        bulk_publish,
        bulk_move,
        create_get,
        create_post,
        submissions_list,
        submissions_delete,
    ]
}
READ_ACTIONS = {
    "edit_get",
    "edit_post",
    "view_draft",
    "preview",
    "history",
    "revision_view",
    "revision_compare",
    "revision_revert",
    "workflow_history",
    "usage",
}


def applies(kind, action):
    """Which actions make sense for which kind of page."""
    if action in ("submissions_list", "submissions_delete"):
        return kind == "form"
    if action == "change_coordinator_field":
        return kind in COORDINATOR_FIELDS
    if action in ("create_get", "create_post"):
        return kind in CHILD_TYPES
    if action in ("move_post", "bulk_move"):
        return kind in LEAF_KINDS  # index pages have nowhere valid to go
    if action in ("delete_post", "bulk_delete", "copy_post"):
        return kind in LEAF_KINDS
    return True


def role(actor, kind):
    """How an actor stands to a page: owner, coeditor or nobody."""
    if actor == "owner" and kind in ("profile", "guide", "post", "form"):
        return "owner"
    if actor == "coeditor" and kind == "guide":
        return "coeditor"  # (on every other page the co-editor is just another liaison)
    return None


def expected(kind, action, actor):
    if actor in ("anonymous", "student"):
        return False  # no admin access at all
    if action in ("copy_get", "copy_post") and kind == "profile":
        return False  # a profile is a person: nobody copies one (it would claim the same account)
    if action == "delete_get" and kind in INDEX_KINDS:
        return False  # sections have pages below them: only an administrator deletes those
    if actor == "coordinator":
        return True
    # liaisons (owner, coeditor, other)
    stands = role(actor, kind)
    if action == "explore":
        return True  # the explorer lists titles and status, which every editor may see
    if action in ("create_get", "create_post"):
        return kind == "guides"
    if stands is None:
        return False
    if action == "change_coordinator_field":
        return False  # matching and ownership fields: coordinators only
    if action in READ_ACTIONS:
        return True
    if action in ("publish", "bulk_publish"):
        return kind not in WORKFLOW_KINDS  # only profiles publish directly
    if action in ("unpublish_get", "unpublish_post", "bulk_unpublish"):
        return stands == "owner" and kind != "profile"
    if action in ("delete_get", "delete_post", "bulk_delete"):
        return stands == "owner" and kind != "profile"
    if action in ("copy_get", "copy_post"):
        return kind != "profile"
    if action in ("move_get", "move_post", "bulk_move", "lock"):
        return False
    if action in ("submissions_list", "submissions_delete"):
        return stands == "owner"
    raise AssertionError(f"no expectation for {action}")


ALL_CASES = [
    (kind, action, actor)
    for kind in KINDS
    for action in ACTIONS
    for actor in ACTORS
    if applies(kind, action) and (actor != "coeditor" or kind in ("guide", "post"))
]


# --- the table: every combination against the rule function ---------------------------------------

# What each admin view asks of the rule. (Form submissions follow "change": the policy lists a
# form's submissions to whoever may edit it, editorial.permissions.EditorialPagePermissionPolicy.)
NEEDS = {
    **dict.fromkeys(READ_ACTIONS, EDIT),
    "submissions_list": EDIT,
    "submissions_delete": EDIT,
    "publish": PUBLISH,
    "bulk_publish": PUBLISH,
    "unpublish_get": UNPUBLISH,
    "unpublish_post": UNPUBLISH,
    "bulk_unpublish": UNPUBLISH,
    "delete_get": DELETE,
    "delete_post": DELETE,
    "bulk_delete": DELETE,
    "copy_get": COPY,
    "copy_post": COPY,
}
RULE_KINDS = {"profile": PROFILE, "guide": GUIDE, "post": POST, "form": FORM}


def decided_by_rules(kind, action, actor):
    """The answer the permission code gives: the groups' permissions (editorial.roles) for
    coordinators and the sections, ``extra_grants`` for a liaison's relation to the page."""
    if actor in ("anonymous", "student"):
        return False  # no "access admin" permission
    if action in ("copy_get", "copy_post") and kind == "profile":
        return False  # EditorialPagePermissionTester.can_copy
    if action == "delete_get" and kind in INDEX_KINDS:
        return False  # Wagtail: pages with children need "bulk delete" (administrators)
    if actor == "coordinator":
        return True  # add/change/publish/lock on the home page and everything below it
    if action == "explore":
        return True
    if action in ("create_get", "create_post"):
        return kind == "guides"  # the Liaison group's "add" on /guides/ (and /news/)
    if action not in NEEDS:
        return False  # moving, locking and coordinator-only fields: groups only
    stands = role(actor, kind)
    relation = Relation(
        RULE_KINDS.get(kind, OTHER), owns=stands == "owner", co_edits=stands == "coeditor"
    )
    return NEEDS[action] in extra_grants(relation, has_workflow=kind in WORKFLOW_KINDS)


def test_permission_table_every_actor_kind_and_action_agrees_with_the_rules():
    disagreements = [
        f"{actor} {action} on {kind}: expected {'allowed' if want else 'denied'}"
        for kind, action, actor in ALL_CASES
        if decided_by_rules(kind, action, actor) != (want := expected(kind, action, actor))
    ]
    assert not disagreements, "\n".join(disagreements)
    assert len(ALL_CASES) > 1000  # every combination the admin offers, not a sample


# --- over HTTP: each admin view family as owner, other liaison and coordinator --------------------

# The kind of page each family is tried on: one where its owner is allowed when any liaison is.
FAMILY_KIND = {
    **dict.fromkeys(
        ["explore", "change_coordinator_field", "move_get", "move_post", "bulk_move", "lock"],
        "guide",
    ),
    **dict.fromkeys(READ_ACTIONS, "guide"),
    **dict.fromkeys(["publish", "bulk_publish"], "profile"),
    **dict.fromkeys(
        [
            "unpublish_get",
            "unpublish_post",
            "bulk_unpublish",
            "delete_get",
            "delete_post",
            "bulk_delete",
            "copy_get",
            "copy_post",
        ],
        "post",
    ),
    **dict.fromkeys(["create_get", "create_post"], "guides"),
    **dict.fromkeys(["submissions_list", "submissions_delete"], "form"),
}
# Where the kind of page, or how the actor stands to it, changes the answer.
KIND_CASES = [
    ("guide", "publish", "owner"),  # the guides' workflow: submit, not publish
    ("form", "publish", "owner"),  # forms: never published by a liaison
    ("profile", "edit_post", "owner"),  # a profile belongs to its user
    ("post", "edit_post", "owner"),  # a post belongs to its author
    ("form", "edit_post", "owner"),
    ("form", "edit_post", "other"),
    ("profile", "unpublish_post", "owner"),  # deactivation is a coordinator's job
    ("profile", "delete_get", "owner"),
    ("profile", "copy_get", "coordinator"),  # nobody copies a person
    ("profile", "change_coordinator_field", "owner"),  # capacity: what matching reads
    ("profile", "change_coordinator_field", "coordinator"),
    ("post", "change_coordinator_field", "owner"),
    ("form", "change_coordinator_field", "owner"),
    ("guide", "edit_post", "coeditor"),
    ("guide", "copy_post", "coeditor"),
    ("guide", "delete_post", "coeditor"),  # co-editors only edit
    ("post", "edit_get", "coeditor"),  # co-editing is for guides only
    ("service", "edit_get", "owner"),  # other pages: the groups' permissions only
    ("service", "publish", "coordinator"),
    ("home", "edit_get", "owner"),
    ("home", "delete_get", "coordinator"),  # sections: administrators only
    ("librarians", "create_get", "other"),  # liaisons add guides and posts, not profiles
    ("guide", "edit_get", "student"),  # no admin access at all
    ("guide", "edit_post", "anonymous"),
    ("post", "bulk_delete", "student"),
    ("form", "submissions_list", "anonymous"),
]
HTTP_CASES = sorted(
    {(FAMILY_KIND[action], action, actor) for action in ACTIONS for actor in ("owner", "other")}
    | {(FAMILY_KIND[action], action, "coordinator") for action in ACTIONS}
    | set(KIND_CASES)
)


def test_every_admin_view_family_is_tried_over_http_as_owner_and_as_another_liaison():
    assert set(FAMILY_KIND) == set(ACTIONS)
    assert set(HTTP_CASES) <= set(ALL_CASES)
    for action in ACTIONS:
        actors = {actor for _kind, a, actor in HTTP_CASES if a == action}
        assert {"owner", "other", "coordinator"} <= actors, action
        owner_case = (FAMILY_KIND[action], action, "owner")
        if any(expected(k, a, "owner") for k, a, _ in ALL_CASES if a == action):
            assert expected(*owner_case), f"{action}: tried where its owner is refused"


@pytest.mark.parametrize(
    "kind,action,actor", [pytest.param(*case, id="-".join(case)) for case in HTTP_CASES]
)
def test_permission_matrix(world, as_actor, kind, action, actor, permission_cases):
    if kind not in world.pages:
        pytest.skip(f"the {kind} page type is not installed")
    client = as_actor(actor)
    allowed = ACTIONS[action](client, world, kind)
    permission_cases.append((kind, action, actor, allowed))
    want = expected(kind, action, actor)
    assert allowed == want, f"{actor} {action} on {kind}: {'allowed' if allowed else 'denied'}"


@pytest.mark.parametrize("action", ["delete", "unpublish"])
def test_bulk_action_with_mixed_selection_spares_pages_of_others(world, as_actor, action):
    """A crafted bulk request naming one's own post and another liaison's guide and profile."""
    from tests.factories import GuidePageFactory

    theirs = GuidePageFactory(parent=world.guides, title="Their guide", liaison=world.other_page)
    theirs.save_revision().publish()
    targets = [world.post.pk, theirs.pk, world.other_page.pk]
    _bulk(as_actor("owner"), action, targets)
    for pk in targets[1:]:
        page = Page.objects.filter(pk=pk).first()
        assert page is not None and page.live


def test_form_recipient_sees_submissions_of_a_form_they_do_not_own(world, as_actor):
    """The recipient librarian named on an enquiry form reads its submissions; others do not."""
    if "form" not in world.pages:
        pytest.skip("enquiry forms are not installed")
    from wagtail.contrib.forms.models import FormSubmission

    from tests.factories import EnquiryFormPageFactory

    form_page = EnquiryFormPageFactory(
        parent=world.enquiries,
        title="Partnerships",
        owner=world.users["coordinator"],
        liaison=world.other_page,
    )
    FormSubmission.objects.create(page=form_page, form_data={"name": "P"})
    url = reverse("wagtailforms:list_submissions", args=[form_page.pk])
    assert as_actor("other").get(url).status_code == 200
    assert as_actor("owner").get(url).status_code != 200


# --- best bets (Settings → Promoted search results): coordinators only --------------------------


def _pin(client, world):
    from wagtail.contrib.search_promotions.models import SearchPromotion

    client.post(
        reverse("wagtailsearchpromotions:add"),
        {
            "query_string": "chemistry",
            "editors_picks-TOTAL_FORMS": 1,
            "editors_picks-INITIAL_FORMS": 0,
            "editors_picks-MAX_NUM_FORMS": 1000,
            "editors_picks-0-DELETE": "",
            "editors_picks-0-ORDER": 0,
            "editors_picks-0-page": world.pages["guide"].pk,
            "editors_picks-0-description": "Start here",
        },
    )
    return SearchPromotion.objects.filter(query__query_string="chemistry").exists()


@pytest.mark.parametrize("actor", ACTORS)
def test_best_bets_are_pinned_by_coordinators_only(world, as_actor, actor):
    client = as_actor(actor)
    listed = client.get(reverse("wagtailsearchpromotions:index"))
    assert listed.status_code < 500
    allowed = actor == "coordinator"
    assert (listed.status_code == 200) is allowed
    assert _pin(client, world) is allowed
