"""The editorial test world: roles, three liaisons, a coordinator, a student and one page of each
kind, built once per module and rolled back after it (each test runs in a savepoint inside)."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from editorial.roles import COORDINATOR, LIAISON, setup_roles
from liaison_pages.models import GuideCoEditor
from tests.factories import (
    BlogIndexPageFactory,
    BlogPostPageFactory,
    GuideIndexPageFactory,
    GuidePageFactory,
    LiaisonIndexPageFactory,
    LiaisonPageFactory,
    UserFactory,
    build_site_tree,
)


def _optional(module, *names):
    try:
        imported = __import__(module, fromlist=names)
    except ImportError:
        return None
    return [getattr(imported, name, None) for name in names]


def _second_revision(page, user, **changes):
    """Publish what the factory made (revision 1), then save a draft (revision 2)."""
    page = page.specific_class.objects.get(pk=page.pk)
    first = page.save_revision(user=user)
    first.publish(user=None)
    page = page.specific_class.objects.get(pk=page.pk)
    for field, value in changes.items():
        setattr(page, field, value)
    second = page.save_revision(user=user)
    return first, second


def build_world():
    tree = build_site_tree()
    home, librarians, guides, news = (tree[k] for k in ("home", "librarians", "guides", "news"))
    w = SimpleNamespace(home=home, librarians=librarians, guides=guides, news=news)

    enquiry = _optional("tests.factories", "EnquiryIndexPageFactory", "EnquiryFormPageFactory")
    services = _optional("tests.factories", "ServiceIndexPageFactory", "ServicePageFactory")
    if enquiry and all(enquiry):
        w.enquiries = enquiry[0](parent=home)
    setup_roles()
    liaison_group, coordinator_group = (
        Group.objects.get(name=LIAISON),
        Group.objects.get(name=COORDINATOR),
    )

    w.owner_page = LiaisonPageFactory(parent=librarians, title="Ana Owner")
    w.coeditor_page = LiaisonPageFactory(parent=librarians, title="Ben Coeditor")
    w.other_page = LiaisonPageFactory(parent=librarians, title="Cy Other")
    w.users = {
        "owner": w.owner_page.user,
        "coeditor": w.coeditor_page.user,
        "other": w.other_page.user,
        "coordinator": UserFactory(email="coordinator@library.example.edu"),
        "student": UserFactory(email="student@students.example.edu"),
        "anonymous": None,
    }
    for key in ("owner", "coeditor", "other"):
        w.users[key].groups.add(liaison_group)
    w.users["coordinator"].groups.add(coordinator_group)
    owner = w.users["owner"]

    w.profile = w.owner_page
    w.guide = GuidePageFactory(parent=guides, title="Chemistry guide", liaison=w.owner_page)
    GuideCoEditor.objects.create(page=w.guide, liaison=w.coeditor_page)
    w.post = BlogPostPageFactory(parent=news, title="New databases", author=w.owner_page)
    w.revisions = {
        "profile": _second_revision(w.profile, owner, pronouns="she/her"),
        "guide": _second_revision(w.guide, owner, summary="Updated summary."),
        "post": _second_revision(w.post, owner, intro="Updated intro."),
    }
    w.pages = {
        "profile": w.profile,
        "guide": w.guide,
        "post": w.post,
        "home": home,
        "librarians": librarians,
        "guides": guides,
        "news": news,
    }
    if services and all(services):
        w.services = services[0](parent=home)
        w.pages["services"] = w.services
        w.pages["service"] = services[1](parent=w.services, title="Systematic review support")
        w.revisions["service"] = _second_revision(w.pages["service"], None, title="Reviews")
    if hasattr(w, "enquiries"):
        from wagtail.contrib.forms.models import FormSubmission

        form_page = enquiry[1](
            parent=w.enquiries, title="Book a consultation", owner=owner, liaison=w.owner_page
        )
        w.pages["enquiries"] = w.enquiries
        w.pages["form"] = form_page
        w.revisions["form"] = _second_revision(form_page, owner, intro="<p>Ask us.</p>")
        w.submission = FormSubmission.objects.create(
            page=form_page, form_data={"name": "Sam Student", "email": "sam@example.edu"}
        )
    for kind in ("home", "librarians", "guides", "news", "services", "enquiries"):
        if kind in w.pages:
            w.revisions[kind] = _second_revision(w.pages[kind], None, title=w.pages[kind].title)

    # Destinations a coordinator may move pages to (created after the roles, so Liaison has no
    # permission there).
    w.move_targets = {
        "profile": LiaisonIndexPageFactory(parent=home, title="Former staff", slug="former"),
        "guide": GuideIndexPageFactory(parent=home, title="Archived guides", slug="old-guides"),
        "post": BlogIndexPageFactory(parent=home, title="News archive", slug="old-news"),
    }
    if "service" in w.pages:
        w.move_targets["service"] = services[0](parent=home, title="Old services", slug="old")
    if "form" in w.pages:
        w.move_targets["form"] = home  # enquiry forms may also live directly under home
    w.today = datetime.date.today()
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def as_actor(client, world, db):
    """A test client signed in as one of the world's actors ("anonymous" stays signed out)."""

    def sign_in(actor):
        user = world.users[actor]
        if user is not None:
            client.force_login(user)
        return client

    return sign_in


_PERMISSION_CASES = []


@pytest.fixture
def permission_cases():
    return _PERMISSION_CASES


def pytest_terminal_summary(terminalreporter):
    if _PERMISSION_CASES:
        allowed = sum(1 for case in _PERMISSION_CASES if case[3])
        terminalreporter.write_line(
            f"Permission matrix: {len(_PERMISSION_CASES)} cases checked through the admin "
            f"({allowed} allowed, {len(_PERMISSION_CASES) - allowed} denied)."
        )
