"""The sitemap (home.sitemap) lists live public pages with their dates, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from tests.factories import GuidePageFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_live_public_pages_only(client, site_tree):
    GuidePageFactory(parent=site_tree["guides"], title="Open guide").save_revision().publish()
    GuidePageFactory(parent=site_tree["guides"], title="Draft guide", live=False)
    private = GuidePageFactory(parent=site_tree["guides"], title="Staff guide")
    GuidePageFactory(parent=private, title="Staff guide details")

    xml = client.get("/sitemap.xml").content.decode()
    assert "http://localhost/guides/open-guide/" in xml
    assert "<lastmod>" in xml
    assert "draft-guide" not in xml
    assert "staff-guide" in xml  # nothing private yet

    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    xml = client.get("/sitemap.xml").content.decode()
    assert "open-guide" in xml
    assert "staff-guide" not in xml  # the restricted page and the page below it


def test_sitemap_queries_do_not_grow_with_pages(client, site_tree):
    for n in range(3):
        GuidePageFactory(parent=site_tree["guides"], title=f"Guide {n}")
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    for n in range(3, 9):
        GuidePageFactory(parent=site_tree["guides"], title=f"Guide {n}")
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as more:
        xml = client.get("/sitemap.xml").content.decode()
    assert "guides/guide-8/" in xml
    assert len(more) == len(few) <= 3
