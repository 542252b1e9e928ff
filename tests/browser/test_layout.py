"""Layout defects people noticed, checked where they appear: filters on a phone, the header of a
signed-in student on a 1366-pixel laptop screen."""

import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FILTER_PAGES = ["/librarians/", "/services/", "/guides/", "/news/"]


def label_control_pairs(page):
    """(label text, label box, control box) for every filter label on the page."""
    pairs = []
    for label in page.locator("form.filters label[for]").all():
        control = page.locator(f"#{label.get_attribute('for')}")
        pairs.append((label.inner_text(), label.bounding_box(), control.bounding_box()))
    return pairs


def test_filter_labels_stay_with_their_controls(site, services, viewport, screenshot):
    width = site.viewport_size["width"]
    for path in FILTER_PAGES:
        site.goto(path)
        pairs = label_control_pairs(site)
        assert pairs, f"{path} has no filters"
        for text, label, control in pairs:
            beside = abs(label["y"] - control["y"]) < control["height"] and (
                0 <= control["x"] - (label["x"] + label["width"]) < 24
            )
            below = 0 <= control["y"] - (label["y"] + label["height"]) < 12 and (
                abs(control["x"] - label["x"]) < 4
            )
            assert beside or below, f"{path}: '{text}' is apart from its control at {viewport}"
            assert control["x"] + control["width"] <= width, f"{path}: '{text}' runs off screen"
    screenshot(site, "filters")


@pytest.mark.parametrize("viewport", ["desktop"])  # the test sets a laptop's width itself
def test_signed_in_header_is_one_row_on_a_laptop(site, portal, django_user_model, screenshot):
    from tests.factories import StudentFactory

    student = StudentFactory(user__email="noor@students.example.edu", programme=portal["chem_bsc"])
    student.user.set_password("a-long-passphrase-42")
    student.user.save()
    EmailAddress.objects.create(
        user=student.user, email=student.user.email, verified=True, primary=True
    )
    site.set_viewport_size({"width": 1366, "height": 800})
    site.goto("/accounts/login/")
    site.get_by_label("Email").fill(student.user.email)
    site.get_by_label("Password").fill("a-long-passphrase-42")
    site.get_by_label("Password").press("Enter")
    expect(site).to_have_url(re.compile(r"/my-librarian/$"))
    tops = site.evaluate(
        "() => [...document.querySelector('.header-inner').children]"
        ".map(e => Math.round(e.getBoundingClientRect().top))"
    )
    sign_out = site.get_by_role("button", name="Sign out").bounding_box()
    brand = site.locator(".brand").bounding_box()
    assert abs(sign_out["y"] - brand["y"]) < brand["height"], tops
    screenshot(site, "header-signed-in-1366")
