"""Which fields an inline row cannot be kept in a draft without (core.panels)."""

from core.panels import fields_a_draft_row_needs
from home.models import FeaturedGuide
from liaison_pages.models import LiaisonPage, OfficeHour, SocialLink
from services.models import ServiceLiaison


def test_a_draft_row_needs_its_required_chooser():
    for stored in (False, True):
        assert fields_a_draft_row_needs(ServiceLiaison, ["liaison"], stored_in_database=stored) == [
            "liaison"
        ]
        assert fields_a_draft_row_needs(FeaturedGuide, ["guide"], stored_in_database=stored) == [
            "guide"
        ]


def test_a_revision_keeps_a_row_without_its_times():
    assert (
        fields_a_draft_row_needs(OfficeHour, ["day", "start", "end"], stored_in_database=False)
        == []
    )


def test_a_draft_in_the_database_needs_every_column_that_cannot_be_empty():
    needed = fields_a_draft_row_needs(OfficeHour, ["day", "start", "end"], stored_in_database=True)
    assert needed == ["day", "start", "end"]


def test_text_and_optional_choosers_may_stay_empty_in_any_draft():
    assert fields_a_draft_row_needs(SocialLink, ["label", "url"], stored_in_database=True) == []
    fields = ["photo", "successor", "job_title"]
    assert fields_a_draft_row_needs(LiaisonPage, fields, stored_in_database=True) == []


def test_names_that_are_not_model_fields_are_ignored():
    assert fields_a_draft_row_needs(ServiceLiaison, ["nothing"], stored_in_database=True) == []
