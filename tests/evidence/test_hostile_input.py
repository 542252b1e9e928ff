"""Hostile and mistaken filters on the evidence pages: bad dates, ids and choices become a form
error on the page (400) or a 404 for an unknown object, never a server error."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.hardening.test_fuzz import HOSTILE_TEXT, HTTP_EXAMPLES

pytestmark = pytest.mark.django_db

SEPTEMBER = {"period": "custom", "from": "2026-09-01", "to": "2026-09-30"}


@pytest.fixture
def as_coordinator(client, world):
    client.force_login(world.coordinator)
    return client


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "custom", "from": "2026-02-30", "to": "2026-03-01"}, "Enter a valid date"),
        ({"period": "custom", "from": "2026-09-30", "to": "2026-09-01"}, "must not be after"),
        ({"period": "custom", "from": "2026-09-01"}, "Give both dates"),
        ({"period": "custom", "from": "1900-01-01", "to": "1901-01-01"}, "between 2000"),
        ({"period": "custom", "from": "2000-01-01", "to": "2026-01-01"}, "five years or less"),
        ({"period": "decade"}, "Select a valid choice"),
    ],
)
def test_bad_period_is_a_form_error(as_coordinator, params, message):
    response = as_coordinator.get(reverse("evidence:programme"), params)
    assert response.status_code == 400
    assert message in response.content.decode()
    # the page still shows figures, for the default period
    assert "Students and capacity" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"month": "2026-13"},
        {"month": "x"},
        {"programme": "chemistry"},
        {"department": "-1"},
        {"liaison": "abc"},
        {"state": "closed"},
    ],
)
def test_bad_message_filters_are_form_errors(as_coordinator, params):
    response = as_coordinator.get(reverse("evidence:messages"), {**SEPTEMBER, **params})
    assert response.status_code == 400
    assert "could not be read" in response.content.decode()


def test_unknown_librarian_is_a_404(as_coordinator):
    assert (
        as_coordinator.get(reverse("evidence:programme"), {"liaison": "99999"}).status_code == 404
    )
    assert as_coordinator.get(reverse("evidence:programme"), {"liaison": "x"}).status_code == 404


def test_unknown_download_is_a_404(as_coordinator):
    url = reverse("evidence:programme")
    assert as_coordinator.get(url, {"export": "pdf", "table": "load"}).status_code == 404
    assert as_coordinator.get(url, {"export": "csv", "table": "nope"}).status_code == 404


def test_bad_coverage_filters_are_form_errors(as_coordinator):
    response = as_coordinator.get(reverse("evidence:coverage"), {"faculty": "x", "sort": "evil"})
    assert response.status_code == 400


def test_bad_address_is_a_form_error(as_coordinator):
    response = as_coordinator.get(reverse("evidence:address"), {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()


def test_page_number_out_of_range_shows_the_last_page(as_coordinator):
    response = as_coordinator.get(reverse("evidence:messages"), {"p": "999"})
    assert response.status_code == 200


PARAM = st.one_of(st.none(), HOSTILE_TEXT, st.dates().map(str), st.integers().map(str))


@HTTP_EXAMPLES
@given(
    period=PARAM,
    first=PARAM,
    last=PARAM,
    extra=st.sampled_from(["month", "programme", "department", "liaison", "state", "p", "table"]),
    value=PARAM,
)
def test_evidence_pages_answer_any_filters_without_error(
    as_coordinator, period, first, last, extra, value
):
    params = {
        k: v
        for k, v in {"period": period, "from": first, "to": last, extra: value}.items()
        if v is not None
    }
    for name in ("evidence:programme", "evidence:messages", "evidence:coverage"):
        response = as_coordinator.get(reverse(name), {**params, "faculty": value or ""})
        assert response.status_code in (200, 400, 404)
