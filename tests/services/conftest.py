import pytest

from services.models import Audience
from tests.factories import ServiceIndexPageFactory


@pytest.fixture
def services_index(site_tree):
    return ServiceIndexPageFactory(parent=site_tree["home"])


@pytest.fixture
def audiences(db):
    """The four audiences the data migration creates."""
    return {a.slug: a for a in Audience.objects.all()}
