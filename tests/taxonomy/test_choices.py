"""The programme list on public forms offers the offered programmes and follows every change."""

import re

import pytest
from django.urls import reverse

from inbox.models import Message
from taxonomy.models import Programme
from tests.factories import DepartmentFactory, LiaisonPageFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def options(html):
    select = re.search(r'<select name="contact-programme".*?</select>', html, re.S)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


def contact_url(liaison):
    return reverse("contact", args=[liaison.slug])


@pytest.fixture
def profile(site_tree):
    ProgrammeFactory(code="BSC-PHYS", name="BSc Physics")
    ProgrammeFactory(code="BA-HIST", name="BA History")
    ProgrammeFactory(code="MA-OLD", name="MA Withdrawn", is_active=False)
    return LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")


def test_profile_form_offers_the_offered_programmes_by_name(client, profile):
    html = client.get(contact_url(profile)).content.decode()
    assert options(html)[1:] == ["BA History (BA-HIST)", "BSc Physics (BSC-PHYS)"]


def test_programmes_added_renamed_and_withdrawn_in_the_admin_show_at_once(
    client, admin_client, profile
):
    assert "MA History (MA-HIST)" not in options(client.get(contact_url(profile)).content.decode())
    admin_client.post(
        "/admin/snippets/taxonomy/programme/add/",
        {
            "code": "MA-HIST",
            "name": "MA History",
            "level": "graduate",
            "department": DepartmentFactory().pk,
            "is_active": "on",
        },
    )
    assert "MA History (MA-HIST)" in options(client.get(contact_url(profile)).content.decode())

    physics = Programme.objects.get(code="BSC-PHYS")
    edit = f"/admin/snippets/taxonomy/programme/edit/{physics.pk}/"
    fields = {"code": "BSC-PHYS", "level": "undergraduate", "department": physics.department_id}
    response = admin_client.post(edit, {**fields, "name": "BSc Applied Physics", "is_active": "on"})
    assert response.status_code == 302
    shown = options(client.get(contact_url(profile)).content.decode())
    assert "BSc Applied Physics (BSC-PHYS)" in shown
    assert "BSc Physics (BSC-PHYS)" not in shown

    response = admin_client.post(edit, {**fields, "name": "BSc Applied Physics"})  # not offered
    assert response.status_code == 302
    shown = options(client.get(contact_url(profile)).content.decode())
    assert not [label for label in shown if "PHYS" in label]


def test_a_programme_withdrawn_after_the_page_was_shown_is_refused(client, profile):
    physics = Programme.objects.get(code="BSC-PHYS")
    client.get(contact_url(profile))  # the form with physics is shown
    Programme.objects.filter(pk=physics.pk).update(is_active=False)  # then withdrawn
    response = client.post(
        contact_url(profile),
        {
            "contact-name": "Sam",
            "contact-email": "sam@example.org",
            "contact-programme": physics.pk,
            "contact-subject": "Lab reports",
            "contact-message": "Which style do we use?",
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Message.objects.exists()
    assert "Which style do we use?" in response.content.decode()  # nothing typed is lost
