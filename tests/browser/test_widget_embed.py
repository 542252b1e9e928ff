"""The "your librarian" widget, embedded exactly as the README tells a course-page editor to embed
it, shows everything without a scroll bar: the librarian, the reason and the other librarians for
the programme, at a phone's width and at a desktop's."""

import re
from pathlib import Path

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_snippet():
    """The embedding snippet from the README's "Embedding" section."""
    text = README.read_text()
    match = re.search(r"```html\n(<iframe src=\"[^\"]*/api/widget/librarian/[^`]*?)```", text)
    assert match, "the README no longer shows the widget's <iframe> snippet"
    return match.group(1)


def test_the_readme_height_shows_the_whole_widget(site, portal, screenshot):
    from tests.factories import LiaisonPageFactory

    ada = portal["ada"]
    ada.photo = Image.objects.create(title="Ada", file=get_test_image_file())
    ada.job_title = "Research and Learning Liaison Librarian for the Physical Sciences"
    ada.save_revision().publish()
    for name in ("Margaret Oyelaran-Whitfield", "Rafael Costa de Albuquerque"):
        LiaisonPageFactory(parent=portal["librarians"], title=name, programmes=[portal["chem_bsc"]])

    snippet = readme_snippet()
    height = int(re.search(r'height="(\d+)"', snippet).group(1))
    src = re.search(r'src="([^"]+)"', snippet).group(1)
    site.goto("/api/widget/librarian/CHEM-BSC/")  # the live server's origin, for the embed below
    origin = re.match(r"^https?://[^/]+", site.url).group(0)
    local = re.sub(r"^https?://[^/]+", origin, src).replace("BSC-CHEM", "CHEM-BSC")
    site.set_content(
        "<!DOCTYPE html><html><head><meta name='viewport' content='width=device-width'></head>"
        "<body style='margin:16px'>" + snippet.replace(src, local) + "</body></html>"
    )
    frame = site.frame_locator("iframe")
    frame.get_by_text("Why this librarian").wait_for()
    frame.get_by_text("Rafael Costa de Albuquerque").wait_for()
    widget = site.main_frame.child_frames[0]
    content, shown = widget.evaluate(
        "() => [document.documentElement.scrollHeight, window.innerHeight]"
    )
    screenshot(site, "widget-embedded")
    assert shown == height
    assert content <= shown, (
        f"at the README's height={height} the widget needs {content}px: part of it is cut off"
    )
