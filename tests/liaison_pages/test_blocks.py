"""Guide body rules an editor meets in the admin: headings in order, ISBNs that look like ISBNs."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from liaison_pages.blocks import BookBlock, GuideStreamBlock


def headings(*levels):
    block = GuideStreamBlock()
    return block, block.to_python(
        [
            {"type": "heading", "value": {"text": f"Heading {i}", "level": lv}}
            for i, lv in enumerate(levels)
        ]
    )


@pytest.mark.parametrize("levels", [("h2", "h3", "h4"), ("h2", "h3", "h2", "h3"), ("h2", "h4")[:1]])
def test_guide_headings_in_order_are_valid(levels):
    block, value = headings(*levels)
    block.clean(value)


def test_guide_heading_that_skips_a_level_is_rejected_with_reason():
    block, value = headings("h2", "h4")
    with pytest.raises(StreamBlockValidationError) as exc:
        block.clean(value)
    errors = exc.value.block_errors
    assert list(errors) == [1]
    assert "skips a level" in str(errors[1])
    assert "Use H3 or higher" in str(errors[1])


def test_guide_cannot_start_with_a_sub_heading():
    block, value = headings("h3")
    with pytest.raises(StreamBlockValidationError):
        block.clean(value)


def book(isbn):
    block = BookBlock()
    return block, block.to_python({"title": "The Craft of Research", "isbn": isbn})


@pytest.mark.parametrize("isbn", ["9780226239736", "978-0-226-23973-6", "080442957X", ""])
def test_book_isbn_accepts_10_or_13_digits(isbn):
    block, value = book(isbn)
    block.clean(value)


@pytest.mark.parametrize("isbn", ["12345", "97802262397", "ISBN-ABCDEFGHIJ"])
def test_book_isbn_rejects_malformed_numbers(isbn):
    block, value = book(isbn)
    with pytest.raises(StructBlockValidationError) as exc:
        block.clean(value)
    error = exc.value.block_errors["isbn"]
    assert isinstance(error, ValidationError)
    assert "10 or 13 digits" in error.messages[0]
