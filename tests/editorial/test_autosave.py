"""Autosave posts the editor's form while the liaison is still typing: a half-filled office-hours row
is kept as a draft instead of being refused with a 400; publishing still needs the whole row."""

from django.urls import reverse
from wagtail.models import Page

from .formdata import edit_form_data

HALF_FILLED_ROW = {
    "office_hours-TOTAL_FORMS": "1",
    "office_hours-INITIAL_FORMS": "0",
    "office_hours-0-day": "3",
    "office_hours-0-start": "",
    "office_hours-0-end": "",
    "office_hours-0-mode": "online",
    "office_hours-0-DELETE": "",
    "office_hours-0-ORDER": "1",
}


def test_autosave_keeps_a_half_filled_office_hours_row_as_a_draft(world, as_actor):
    client = as_actor("owner")
    url = reverse("wagtailadmin_pages:edit", args=[world.profile.pk])
    response = client.post(
        url,
        edit_form_data(world.profile, **HALF_FILLED_ROW),
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["success"] is True
    draft = Page.objects.get(pk=world.profile.pk).specific.get_latest_revision_as_object()
    assert [hour.day for hour in draft.office_hours.all()] == [3]


def test_publishing_a_half_filled_office_hours_row_names_the_missing_times(world, as_actor):
    client = as_actor("owner")
    url = reverse("wagtailadmin_pages:edit", args=[world.profile.pk])
    response = client.post(
        url, edit_form_data(world.profile, **HALF_FILLED_ROW, **{"action-publish": "publish"})
    )
    assert response.status_code == 200  # the form again, with its errors
    assert "The page could not be saved due to validation errors" in response.text
    assert not world.profile.office_hours.filter(day=3).exists()
