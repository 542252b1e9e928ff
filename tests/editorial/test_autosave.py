"""Autosave posts the editor's form while the liaison is still typing: a half-filled office-hours row
is kept as a draft instead of being refused with a 400; publishing still needs the whole row. A row
whose chooser is still empty (a guide's co-editor, a service's librarian, a featured guide) is left
out of the draft, the page's other edits kept; publishing names the missing choice."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.factories import LiaisonPageFactory, ServicePageFactory

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


# Each editor with a chooser row: its formset, the chooser field in a row, and a field elsewhere on
# the page with the value the editor typed there (the row filled in chooses `_chosen`).
CHOOSER_ROWS = {
    "guide": ("co_editors", "liaison", "summary", "Revised while choosing co-editors."),
    "service": ("liaison_placements", "liaison", "summary", "Revised while choosing librarians."),
    "home": ("featured_guides", "guide", "headline", "Find your librarian"),
}


def _chosen(world, kind):
    """What the editor chose in the row that is filled in."""
    return world.guide if kind == "home" else world.coeditor_page


def _page(world, kind):
    return world.pages[kind]


def _with_an_empty_chooser_row(world, kind, page=None, **extra):
    """The page's form as an editor leaves it mid-edit: another field changed, a row filled in and
    a new row added whose chooser is still empty."""
    formset, chooser, field, value = CHOOSER_ROWS[kind]
    page = page or _page(world, kind)
    data = edit_form_data(page, **{field: value})
    filled = int(data[f"{formset}-TOTAL_FORMS"])
    rows = {}
    if filled == 0:  # the page has no rows yet: the editor fills one in first
        rows = {
            f"{formset}-0-id": "",
            f"{formset}-0-{chooser}": str(_chosen(world, kind).pk),
            f"{formset}-0-ORDER": "1",
            f"{formset}-0-DELETE": "",
        }
        filled = 1
    rows.update(
        {
            f"{formset}-TOTAL_FORMS": str(filled + 1),
            f"{formset}-{filled}-id": "",
            f"{formset}-{filled}-{chooser}": "",
            f"{formset}-{filled}-ORDER": str(filled + 1),
            f"{formset}-{filled}-DELETE": "",
        }
    )
    data.update(rows)
    data.update(extra)
    return data


def _draft(world, kind):
    return Page.objects.get(pk=_page(world, kind).pk).specific.get_latest_revision_as_object()


@pytest.mark.parametrize("kind", CHOOSER_ROWS)
def test_autosave_leaves_an_empty_chooser_row_out_of_the_draft(world, as_actor, kind):
    formset, chooser, field, value = CHOOSER_ROWS[kind]
    client = as_actor("coordinator")
    url = reverse("wagtailadmin_pages:edit", args=[_page(world, kind).pk])
    response = client.post(
        url, _with_an_empty_chooser_row(world, kind), headers={"accept": "application/json"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["success"] is True
    draft = _draft(world, kind)
    assert getattr(draft, field) == value
    rows = getattr(draft, formset).all()
    assert [getattr(row, f"{chooser}_id") for row in rows] == [_chosen(world, kind).pk]


@pytest.mark.parametrize("kind", CHOOSER_ROWS)
def test_save_draft_leaves_an_empty_chooser_row_out_of_the_draft(world, as_actor, kind):
    formset, chooser, field, value = CHOOSER_ROWS[kind]
    client = as_actor("coordinator")
    url = reverse("wagtailadmin_pages:edit", args=[_page(world, kind).pk])
    response = client.post(url, _with_an_empty_chooser_row(world, kind), follow=True)
    assert response.status_code == 200
    assert "could not be saved" not in response.text
    draft = _draft(world, kind)
    assert getattr(draft, field) == value
    rows = getattr(draft, formset).all()
    assert [getattr(row, f"{chooser}_id") for row in rows] == [_chosen(world, kind).pk]


@pytest.mark.parametrize("kind", CHOOSER_ROWS)
def test_publishing_an_empty_chooser_row_names_the_missing_choice(world, as_actor, kind):
    formset, chooser, field, value = CHOOSER_ROWS[kind]
    client = as_actor("coordinator")
    page = _page(world, kind)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = _with_an_empty_chooser_row(world, kind, **{"action-publish": "publish"})
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with its errors
    assert "The page could not be saved due to validation errors" in response.text
    errors = response.context["form"].formsets[formset].errors
    assert [row.get(chooser) for row in errors if row] == [["This field is required."]]
    live = Page.objects.get(pk=page.pk).specific
    assert getattr(live, field) != value


def test_a_row_left_out_of_a_draft_is_kept_once_its_chooser_is_filled_in(world, as_actor):
    """The editor stays on the page: the browser applies the first autosave's field updates, the
    librarian is chosen, and the next autosave keeps the row."""
    client = as_actor("coordinator")
    page = world.pages["service"]
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = _with_an_empty_chooser_row(world, "service")
    first = client.post(url, data, headers={"accept": "application/json"}).json()
    data.update(first["field_updates"])
    data["overwrite_revision_id"] = str(first["revision_id"])
    data["liaison_placements-1-liaison"] = str(world.other_page.pk)
    second = client.post(url, data, headers={"accept": "application/json"})
    assert second.status_code == 200, second.content
    placements = _draft(world, "service").liaison_placements.all()
    assert [p.liaison_id for p in placements] == [world.coeditor_page.pk, world.other_page.pk]


def test_autosave_still_refuses_a_chooser_row_naming_no_such_page(world, as_actor):
    client = as_actor("coordinator")
    page = world.pages["service"]
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = _with_an_empty_chooser_row(
        world, "service", **{"liaison_placements-1-liaison": "999999"}
    )
    response = client.post(url, data, headers={"accept": "application/json"})
    assert response.status_code == 400
    assert response.json()["error_code"] == "validation_error"


def test_autosave_of_a_never_published_service_leaves_out_an_empty_chooser_row(world, as_actor):
    """A page that is not live keeps its draft rows in the database itself, where a row without
    its librarian could not be stored."""
    page = ServicePageFactory(parent=world.services, title="Data rescue", live=False)
    client = as_actor("coordinator")
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = _with_an_empty_chooser_row(world, "service", page=page)
    response = client.post(url, data, headers={"accept": "application/json"})
    assert response.status_code == 200, response.content
    assert [p.liaison_id for p in page.liaison_placements.all()] == [world.coeditor_page.pk]


def test_autosave_of_a_never_published_profile_leaves_out_a_half_filled_office_hours_row(
    world, as_actor
):
    """A profile not yet live is saved to the database, rows included, where an office hour
    without its times cannot be stored: the row waits in the editor, the other edits are kept."""
    page = LiaisonPageFactory(parent=world.librarians, title="Dee Draft", live=False)
    client = as_actor("coordinator")
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_form_data(page, job_title="Research data librarian", **HALF_FILLED_ROW)
    response = client.post(url, data, headers={"accept": "application/json"})
    assert response.status_code == 200, response.content
    page.refresh_from_db()
    assert page.job_title == "Research data librarian"
    assert not page.office_hours.exists()
