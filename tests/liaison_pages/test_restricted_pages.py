"""Hole 7: pages behind a password or a sign-in (Wagtail's PageViewRestriction) never appear on a
public surface: listings and their filters, the home page, feeds, the programme lookup (page, JSON
and widget), services, enquiry forms, search, the sitemap, vCards, JSON-LD and the "related"
lists and bylines of public pages."""

import pytest
from wagtail.models import PageViewRestriction

from home.models import FeaturedGuide
from liaison_pages.models import GuideCoEditor
from tests.factories import (
    BlogPostPageFactory,
    EnquiryFormPageFactory,
    EnquiryIndexPageFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    SubjectFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("search_index_for_module")]

# What a restricted page would give away: titles, intros and summaries, a librarian's name and email.
HIDDEN = [
    "Hidden Librarian",
    "hidden.librarian@library.example.edu",
    "Hidden Guide",
    "Secret guide summary",
    "Hidden Post",
    "Secret post intro",
    "Hidden Service",
    "Secret service summary",
    "Hidden Form",
]


@pytest.fixture
def portal(site_tree):
    """Public content and, beside it, one restricted page of each type. The hidden librarian
    also owns a public guide and wrote a public post, so their name could leak as a byline."""
    subject = SubjectFactory(name="Geology", slug="geology")
    programme = ProgrammeFactory(name="BSc Geology", code="BSC-GEO")
    open_liaison = LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Open Librarian",
        programmes=[programme],
        subjects=[subject],
    )
    hidden_liaison = LiaisonPageFactory(
        parent=site_tree["librarians"],
        title="Hidden Librarian",
        email="hidden.librarian@library.example.edu",
        programmes=[programme],
        subjects=[subject],
    )

    def guide(title, summary, liaison):
        page = GuidePageFactory(
            parent=site_tree["guides"], title=title, summary=summary, liaison=liaison
        )
        page.subjects.set([subject])
        page.programmes.set([programme])
        page.save_revision().publish()
        return page

    def post(title, intro, author):
        page = BlogPostPageFactory(
            parent=site_tree["news"], title=title, intro=intro, author=author
        )
        page.subjects.set([subject])
        page.save_revision().publish()
        return page

    open_guide = guide("Open Guide", "Rocks and minerals.", open_liaison)
    hidden_guide = guide("Hidden Guide", "Secret guide summary.", open_liaison)
    byline_guide = guide("Byline Guide", "Its owner is the restricted profile.", hidden_liaison)
    GuideCoEditor.objects.create(page=open_guide, liaison=hidden_liaison)
    open_post = post("Open Post", "Field trip news.", open_liaison)
    hidden_post = post("Hidden Post", "Secret post intro.", open_liaison)
    byline_post = post("Byline Post", "Its author is the restricted profile.", hidden_liaison)
    home = site_tree["home"]
    for guide_page in (open_guide, hidden_guide):
        FeaturedGuide.objects.create(page=home, guide=guide_page)
    services = ServiceIndexPageFactory(parent=home)
    open_service = ServicePageFactory(
        parent=services, title="Open Service", liaisons=[open_liaison, hidden_liaison]
    )
    hidden_service = ServicePageFactory(
        parent=services, title="Hidden Service", summary="Secret service summary."
    )
    enquiries = EnquiryIndexPageFactory(parent=home)
    open_form = EnquiryFormPageFactory(parent=enquiries, title="Open Form", liaison=hidden_liaison)
    hidden_form = EnquiryFormPageFactory(parent=enquiries, title="Hidden Form")
    return {
        "restricted": [
            hidden_liaison,
            hidden_guide,
            hidden_post,
            hidden_service,
            hidden_form,
        ],
        "hidden_liaison": hidden_liaison,
        "open_liaison": open_liaison,
        "open_guide": open_guide,
        "byline_guide": byline_guide,
        "open_post": open_post,
        "byline_post": byline_post,
        "open_service": open_service,
        "open_form": open_form,
    }


def surfaces(portal):
    """Every public surface, with a public thing it must still show (so the test cannot pass by
    showing nothing)."""
    hidden = portal["hidden_liaison"]
    return {
        "/": "Open Guide",
        "/librarians/": "Open Librarian",
        "/librarians/?subject=geology": "Open Librarian",
        "/librarians/?programme=BSC-GEO": "Open Librarian",
        "/librarians/?q=Librarian": "Open Librarian",
        "/librarians/find/?programme=BSC-GEO": "Open Librarian",
        "/api/librarian-for-programme/BSC-GEO/": "Open Librarian",
        "/api/widget/librarian/BSC-GEO/": "Open Librarian",
        "/guides/": "Open Guide",
        "/guides/?subject=geology": "Open Guide",
        "/guides/?programme=BSC-GEO": "Open Guide",
        "/news/": "Open Post",
        "/news/?subject=geology": "Open Post",
        f"/news/?author={hidden.slug}": "Open Post",
        "/news/feed/": "Open Post",
        "/news/feed/subject/geology/": "Open Post",
        f"/news/feed/librarian/{hidden.slug}/": None,
        "/services/": "Open Service",
        portal["open_service"].url: "Open Librarian",
        "/enquiries/": "Open Form",
        portal["open_liaison"].url: "Open Guide",  # the profile's guides and posts
        portal["open_guide"].url: "Open Librarian",
        portal["byline_guide"].url: "Byline Guide",  # owned by the hidden librarian
        portal["byline_post"].url: "Byline Post",  # written by the hidden librarian
        "/search/?q=open": "Rocks and minerals",  # the title has the term marked
        "/search/?q=hidden": None,
        "/sitemap.xml": "open-guide",
        "/api/v2/pages/?search=hidden": None,
        f"/api/vcard/{hidden.slug}.vcf": None,
    }


@pytest.mark.parametrize(
    "restriction",
    [
        {"restriction_type": PageViewRestriction.PASSWORD, "password": "s3cret"},
        {"restriction_type": PageViewRestriction.LOGIN},
    ],
    ids=["password", "login"],
)
def test_hole7_restricted_pages_never_show_on_public_surfaces(client, portal, restriction):
    for page in portal["restricted"]:
        PageViewRestriction.objects.create(page=page, **restriction)
    leaks, missing = {}, {}
    for url, shown in surfaces(portal).items():
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        body = (b"".join(response) if response.streaming else response.content).decode()
        found = [text for text in HIDDEN if text.lower() in body.lower()]
        if found:
            leaks[url] = found
        if shown is not None and shown not in body:
            missing[url] = shown
    assert not leaks, f"restricted pages leak into public surfaces: {leaks}"
    assert not missing, f"public content missing: {missing}"
    # the restricted pages themselves ask for the password or a sign-in
    for page in portal["restricted"]:
        response = client.get(page.url)
        assert response.status_code in (200, 302) and "Hidden" not in response.content.decode()
