"""Which fields of an inline row a draft cannot be stored without (core.panels)."""

from core.panels import required_foreign_keys
from home.models import FeaturedGuide
from liaison_pages.models import LiaisonPage, OfficeHour
from services.models import ServiceLiaison


def test_required_foreign_keys_names_a_chooser_a_row_cannot_be_stored_without():
    assert required_foreign_keys(ServiceLiaison, ["liaison"]) == ["liaison"]
    assert required_foreign_keys(FeaturedGuide, ["guide"]) == ["guide"]


def test_required_foreign_keys_ignores_plain_fields_and_optional_choosers():
    assert required_foreign_keys(OfficeHour, ["day", "start", "end"]) == []
    assert required_foreign_keys(LiaisonPage, ["photo", "successor", "job_title"]) == []


def test_required_foreign_keys_ignores_names_that_are_not_model_fields():
    assert required_foreign_keys(ServiceLiaison, ["not_a_field"]) == []
