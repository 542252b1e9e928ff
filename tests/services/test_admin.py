import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from services.models import ServicePage
from tests.factories import LiaisonPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def test_service_page_tree_rules():
    from home.models import HomePage
    from services.models import ServiceIndexPage

    assert ServicePage.allowed_parent_page_models() == [ServiceIndexPage]
    assert ServiceIndexPage.allowed_parent_page_models() == [HomePage]
    assert ServiceIndexPage.max_count == 1


def test_editor_creates_a_service_in_the_admin(admin_client, site_tree, services_index, audiences):
    liaison = LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")
    data = nested_form_data(
        {
            "title": "Poster printing advice",
            "slug": "poster-printing-advice",
            "summary": "Help designing and printing academic posters.",
            "body": rich_text("<p>Bring a draft.</p>"),
            "liaison_placements": inline_formset([{"liaison": liaison.pk}]),
            "request_page": site_tree["guides"].pk,
            "request_email": "",
            "request_url": "",
            "request_note": "",
            "turnaround": "Three working days",
            "action-publish": "publish",
        }
    )
    data["audiences"] = [audiences["students"].pk, audiences["researchers"].pk]  # checkboxes
    response = admin_client.post(
        f"/admin/pages/add/services/servicepage/{services_index.pk}/", data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ServicePage.objects.get(slug="poster-printing-advice")
    assert page.live
    assert sorted(a.slug for a in page.audiences.all()) == ["researchers", "students"]
    assert [p.liaison_id for p in page.liaison_placements.all()] == [liaison.pk]
    assert page.request_page_id == site_tree["guides"].pk


def test_admin_edit_form_opens(admin_client, services_index):
    service = ServicePageFactory(parent=services_index)
    assert admin_client.get(f"/admin/pages/{service.pk}/edit/").status_code == 200


def test_service_cannot_have_both_a_form_page_and_a_link(site_tree, services_index):
    from django.core.exceptions import ValidationError

    service = ServicePageFactory(parent=services_index)
    service.request_page = site_tree["guides"]
    service.request_url = "https://example.org/form"
    with pytest.raises(ValidationError) as excinfo:
        service.full_clean()
    assert "request_url" in excinfo.value.message_dict
