import pytest
from wagtail.search import index

from tests.factories import (
    BlogPostPageFactory,
    DepartmentFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    SubjectFactory,
    build_site_tree,
    raw_stream,
)
from tests.shared_rows import built_once, per_test_copy


def reindex(*pages):
    """Index pages as they are now. The immediate task backend used in tests indexes on post_save,
    before modelcluster writes a page's many-to-many relations (subjects, programmes); in
    production the task worker runs after the transaction commits, so it sees them."""
    for page in pages:
        index.insert_or_update_object(page.specific_class.objects.get(pk=page.pk))


@pytest.fixture
def services_index(site_tree):
    return ServiceIndexPageFactory(parent=site_tree["home"])


@pytest.fixture
def content(site_tree, services_index):
    """One page of each searchable type, plus an unpublished one of each."""
    return build_content(site_tree, services_index)


def build_tree_and_content():
    """A fresh page tree with a service catalogue and the pages of ``content`` on it."""
    tree = build_site_tree()
    return {
        "site_tree": tree,
        "content": build_content(tree, ServiceIndexPageFactory(parent=tree["home"])),
    }


@pytest.fixture(scope="module")
def shared_content_rows(django_db_setup, django_db_blocker):
    """The tree and ``content`` built once for a module and rolled back after it (see
    tests/shared_rows.py). A module whose tests all read ``content`` opts in by overriding
    ``site_tree`` and ``content`` with the two parts of ``shared_content``."""
    yield from built_once(django_db_blocker, build_tree_and_content)


@pytest.fixture
def shared_content(db, shared_content_rows):
    """This test's own copy of ``shared_content_rows``; the test runs in a savepoint inside it."""
    return per_test_copy(shared_content_rows)


def build_content(site_tree, services_index):
    """The pages of ``content``."""
    palaeo = SubjectFactory(name="Palaeontology")
    dept = DepartmentFactory(name="Earth Sciences")
    programme = ProgrammeFactory(code="BSC-GEOL", name="BSc Geology", department=dept)
    liaison = LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Ada Byrne",
        job_title="Earth Sciences Librarian",
        subjects=[palaeo],
        programmes=[programme],
    )
    guide = GuidePageFactory(
        parent=site_tree["guides"],
        title="Rocks and minerals",
        summary="Finding geological maps and survey data.",
        liaison=liaison,
        body=raw_stream([("paragraph", "<p>The borehole archive holds stratigraphy logs.</p>")]),
    )
    post = BlogPostPageFactory(
        parent=site_tree["news"],
        title="New fossil database",
        intro="Trial access to a trilobite catalogue this term.",
        author=liaison,
    )
    service = ServicePageFactory(
        parent=services_index,
        title="GIS and mapping",
        summary="Help with shapefiles, georeferencing and map layouts.",
        liaisons=[liaison],
    )
    drafts = {
        "liaison": LiaisonPageFactory(
            parent=site_tree["librarians"], title="Secret Zebediah", live=False
        ),
        "guide": GuidePageFactory(
            parent=site_tree["guides"], title="Secret zebediah guide", live=False
        ),
        "post": BlogPostPageFactory(
            parent=site_tree["news"], title="Secret zebediah post", live=False
        ),
        "service": ServicePageFactory(
            parent=services_index, title="Secret zebediah service", live=False
        ),
    }
    reindex(liaison, guide, post, service, *drafts.values())
    return {
        "subject": palaeo,
        "department": dept,
        "programme": programme,
        "liaison": liaison,
        "guide": guide,
        "post": post,
        "service": service,
        "drafts": drafts,
    }
