import pytest

from demo.builder import load
from demo.steps import services as demo
from services.models import ServiceIndexPage, ServicePage
from tests.factories import LiaisonPageFactory, SubjectFactory

pytestmark = pytest.mark.django_db


def test_services_demo_seeds_a_catalogue_once(client, site_tree):
    SubjectFactory(name="Systematic Reviews", slug="systematic-reviews")
    LiaisonPageFactory(parent=site_tree["librarians"], title="Eleanor Whitfield")
    context = {"home": site_tree["home"]}
    demo.seed(context)
    demo.seed(context)

    assert ServiceIndexPage.objects.count() == 1
    services = ServicePage.objects.live()
    assert services.count() == len(load("services")["services"]) >= 10
    review = services.get(slug="systematic-review-support")
    assert [a.slug for a in review.audiences.all()] == ["faculty", "researchers"]
    assert [p.liaison.title for p in review.liaison_placements.all()] == ["Eleanor Whitfield"]

    html = client.get("/services/?audience=researchers&subject=systematic-reviews").content.decode()
    assert "Systematic review support" in html
    assert "GIS and mapping" not in html
