"""Fixtures for the hardening tests: a small portal with one librarian serving one programme, and
a full one with every kind of public page and every place an image is shown."""

import pytest

from demo.portraits import illustration_image, portrait_image
from home.models import FeaturedGuide
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
    guide_body,
    raw_stream,
)


@pytest.fixture
def small_portal(site_tree):
    programme = ProgrammeFactory(code="CHEM-BSC", name="BSc Chemistry")
    liaison = LiaisonPageFactory(parent=site_tree["librarians"], title="Marie Curie")
    liaison.programmes.add(programme)
    liaison.save_revision().publish()
    return {**site_tree, "programme": programme, "liaison": liaison}


@pytest.fixture
def full_portal(site_tree):
    return make_full_portal(site_tree)


def make_full_portal(site_tree):
    """Every kind of public page, with an image in every place the portal shows one: profile
    photos (profile, cards, widget, JSON lookup, JSON-LD), a post's listing image (cards, post
    page), a figure in a guide, plus services and an enquiry form. Some pages have a search
    description, most rely on their intro, bio or summary."""
    home = site_tree["home"]
    home.intro = "<p>Every student has a <b>personal librarian</b>: find yours in a minute.</p>"
    home.save_revision().publish()
    for key, intro in [
        ("librarians", "<p>Each department has a liaison librarian.</p>"),
        ("guides", "<p>Our librarians' pick of databases and books.</p>"),
        ("news", "<p>New resources and workshops.</p>"),
    ]:
        site_tree[key].intro = intro
        site_tree[key].save_revision().publish()
    programme = ProgrammeFactory(code="CHEM-BSC", name="BSc Chemistry")
    subject = SubjectFactory(name="Chemistry")
    liaisons = []
    for name in ("Marie Curie", "Rosalind Franklin"):
        liaison = LiaisonPageFactory(
            parent=site_tree["librarians"],
            title=name,
            photo=portrait_image(name),
            bio=f"<p>{name} helps chemists find <i>data</i>, patents and papers.</p>",
        )
        liaison.programmes.add(programme)
        liaison.subjects.add(subject)
        liaison.save_revision().publish()
        liaisons.append(liaison)
    banner = illustration_image("Reading room")
    long_guide = GuidePageFactory(
        parent=site_tree["guides"],
        title="Chemistry: finding sources",
        summary="Databases, handbooks and patents for chemists.",
        liaison=liaisons[0],
        subjects=[subject],
        body=[
            *guide_body("Chemistry"),
            {"type": "image", "value": {"image": banner.pk, "decorative": False, "alt_text": "A"}},
        ],
    )
    short_guide = GuidePageFactory(
        parent=site_tree["guides"],
        title="Patents in a hurry",
        summary="Where to look for patents when the deadline is tomorrow.",
        search_description="Patent searching in five minutes, with the databases to start from.",
        liaison=liaisons[1],
        body=raw_stream(
            [
                (
                    "resource_list",
                    {
                        "heading": "Where to look",
                        "resources": [
                            {
                                "title": "Espacenet",
                                "url": "https://worldwide.espacenet.com/",
                                "description": "Patents from over 100 countries.",
                                "access_note": "",
                            }
                        ],
                    },
                ),
                ("ask_librarian", {"heading": "Ask your librarian", "text": "Book a time."}),
            ]
        ),
    )
    FeaturedGuide.objects.create(page=home, guide=long_guide, sort_order=0)
    posts = [
        BlogPostPageFactory(
            parent=site_tree["news"],
            title=f"New chemistry database {i}",
            intro=f"Trial access to database number {i} until the end of term.",
            author=liaisons[i % 2],
            subjects=[subject],
            listing_image=banner if i == 0 else None,
        )
        for i in range(2)
    ]
    services = ServiceIndexPageFactory(parent=home)
    service = ServicePageFactory(
        parent=services,
        title="Systematic review support",
        summary="Search strategies and documented searches for systematic reviews.",
        liaisons=liaisons,
    )
    enquiries = EnquiryIndexPageFactory(
        parent=home, intro="<p>Forms for consultations, classes and partnerships.</p>"
    )
    form = EnquiryFormPageFactory(
        parent=enquiries,
        title="Book a consultation",
        intro="<p>An hour with your librarian, in person or online.</p>",
        liaison=liaisons[0],
    )
    return {
        **site_tree,
        "programme": programme,
        "liaisons": liaisons,
        "guide_pages": [long_guide, short_guide],
        "post_pages": posts,
        "services": services,
        "service": service,
        "enquiries": enquiries,
        "form": form,
        "images": [liaison.photo for liaison in liaisons] + [banner],
    }
