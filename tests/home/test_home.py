"""The home page: a programme picker, featured guides that are live, the three latest posts."""

import datetime

import pytest

from home.models import FeaturedGuide
from tests.factories import BlogPostPageFactory, GuidePageFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_picker_offers_only_programmes_still_offered(client, site_tree):
    ProgrammeFactory(code="BSC-CHEM", name="BSc Chemistry")
    ProgrammeFactory(code="BSC-ALCH", name="BSc Alchemy", is_active=False)
    html = client.get("/").content.decode()
    assert 'action="/librarians/find/"' in html
    assert '<label for="programme-picker">' in html
    assert "BSc Chemistry" in html
    assert "BSc Alchemy" not in html


def test_featured_guides_keep_editor_order_and_skip_unpublished(client, site_tree):
    home = site_tree["home"]
    second = GuidePageFactory(parent=site_tree["guides"], title="Systematic reviews")
    first = GuidePageFactory(parent=site_tree["guides"], title="Planning a search")
    draft = GuidePageFactory(parent=site_tree["guides"], title="Draft guide", live=False)
    for order, guide in enumerate([first, draft, second]):
        FeaturedGuide.objects.create(page=home, guide=guide, sort_order=order)
    assert [g.title for g in home.get_featured_guides()] == [
        "Planning a search",
        "Systematic reviews",
    ]
    html = client.get("/").content.decode()
    assert html.index("Planning a search") < html.index("Systematic reviews")
    assert "Draft guide" not in html


def test_home_shows_three_latest_posts(client, site_tree):
    for day in range(1, 6):
        BlogPostPageFactory(
            parent=site_tree["news"], title=f"Post of day {day}", date=datetime.date(2026, 5, day)
        )
    html = client.get("/").content.decode()
    assert [f"Post of day {d}" in html for d in range(1, 6)] == [False, False, True, True, True]
