import datetime

import pytest
from django.core.cache import cache

from demo.portraits import illustration_image, portrait_image
from home.models import FeaturedGuide
from liaison_pages.models import GuideCoEditor, OfficeHour, SocialLink
from tests.factories import (
    BlogPostPageFactory,
    GuidePageFactory,
    LiaisonPageFactory,
    ProgrammeFactory,
    SubjectFactory,
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def add_unit(site_tree, data):
    """One unit of content: two librarians (photos, office hours, links, subjects, programmes),
    three guides with co-editors and four posts with tags, subjects and some listing images.
    The first librarian made (the one tests open) gets a share of every later unit's guides and
    posts, so their profile grows with the data too."""
    n = data["units"]
    subjects = [SubjectFactory(name=f"Subject {n}-{i}") for i in range(2)]
    programmes = [ProgrammeFactory(name=f"BSc Programme {n}-{i}") for i in range(2)]
    banner = illustration_image("Reading room")
    liaisons = []
    for i in range(2):
        name = f"Librarian {n}-{i}"
        liaison = LiaisonPageFactory(
            parent=site_tree["librarians"],
            title=name,
            photo=portrait_image(name),
            departments=[programmes[i].department],
            office_hours=[
                OfficeHour(day=i, start=datetime.time(10), end=datetime.time(12)),
                OfficeHour(day=i + 2, start=datetime.time(14), end=datetime.time(15)),
            ],
            social_links=[SocialLink(label="ORCID", url="https://orcid.org/0000-0002-1825-0097")],
        )
        liaison.subjects.set(subjects)
        liaison.programmes.set(programmes)
        liaison.save()
        liaisons.append(liaison)
    data["liaisons"] += liaisons
    data["subjects"] += subjects
    data["programmes"] += programmes
    first = data.setdefault("first", liaisons[0])
    for i in range(3):
        data["guides"].append(
            GuidePageFactory(
                parent=site_tree["guides"],
                liaison=first if i == 0 else liaisons[i % 2],
                subjects=[data["subjects"][0], subjects[i % 2]],
                programmes=programmes[:1],
                co_editors=[GuideCoEditor(liaison=liaisons[(i + 1) % 2])],
            )
        )
    for i in range(4):
        post = BlogPostPageFactory(
            parent=site_tree["news"],
            author=first if i % 2 == 0 else liaisons[1],
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=10 * n + i),
            subjects=[data["subjects"][0], subjects[i % 2]],
            listing_image=banner if i % 2 else None,
        )
        post.tags.add("workshops", f"tag-{n}-{i}")
        post.save()
        data["posts"].append(post)
    home = site_tree["home"]
    featured = FeaturedGuide.objects.filter(page=home).count()
    for order, guide in enumerate(data["guides"][featured:6], start=featured):
        FeaturedGuide.objects.create(page=home, guide=guide, sort_order=order)
    data["units"] += 1
    return data


def build_portal(site_tree, units=1, data=None):
    data = data or {
        "units": 0,
        "liaisons": [],
        "subjects": [],
        "programmes": [],
        "guides": [],
        "posts": [],
    }
    for _ in range(units):
        add_unit(site_tree, data)
    return data


@pytest.fixture
def portal(site_tree):
    return build_portal(site_tree)
