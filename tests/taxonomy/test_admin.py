"""Faculties, departments, programmes and subjects are edited in the Wagtail admin as snippets."""

import re

import pytest

from taxonomy.models import Programme
from tests.factories import DepartmentFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_programme_listing_shows_code_level_and_department(admin_client):
    ProgrammeFactory(code="BSC-CHEM", name="BSc Chemistry", department__name="Chemistry")
    response = admin_client.get("/admin/snippets/taxonomy/programme/")
    assert response.status_code == 200
    # in the listing's table, not the filter sidebar (which also names levels and departments)
    html = re.search(r"<table class=\"listing.*?</table>", response.content.decode(), re.S)[0]
    for text in ("BSc Chemistry", "BSC-CHEM", "Undergraduate", "Chemistry"):
        assert text in html
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*BSC-CHEM.*?</tr>", html, re.S)[0]
    cells = [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in re.findall(r"<td.*?</td>", row, re.S)]
    assert "Undergraduate" in cells and "Chemistry" in cells, cells


def test_programme_can_be_added_in_admin(admin_client):
    department = DepartmentFactory(name="History")
    response = admin_client.post(
        "/admin/snippets/taxonomy/programme/add/",
        {
            "code": "MA-HIST",
            "name": "MA History",
            "level": "graduate",
            "department": department.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Programme.objects.get(code="MA-HIST").department == department


def test_duplicate_programme_code_is_a_form_error(admin_client):
    existing = ProgrammeFactory(code="BA-HIST")
    response = admin_client.post(
        "/admin/snippets/taxonomy/programme/add/",
        {
            "code": "BA-HIST",
            "name": "BA History again",
            "level": "undergraduate",
            "department": existing.department.pk,
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Programme.objects.filter(code="BA-HIST").count() == 1
