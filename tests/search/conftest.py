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
    raw_stream,
)


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


def build_content(site_tree, services_index):
    """The pages of ``content``; tests/search/test_search.py builds them once for a class."""
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
