"""The programme list on public forms comes from the cache, and follows every programme change."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inbox.forms import ContactForm
from inbox.models import Message
from taxonomy.models import Programme
from tests.factories import DepartmentFactory, LiaisonPageFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def options(html):
    select = re.search(r'<select name="contact-programme".*?</select>', html, re.S)[0]
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


@pytest.fixture
def profile(site_tree):
    ProgrammeFactory(code="BSC-PHYS", name="BSc Physics")
    ProgrammeFactory(code="BA-HIST", name="BA History")
    ProgrammeFactory(code="MA-OLD", name="MA Withdrawn", is_active=False)
    return LiaisonPageFactory(parent=site_tree["librarians"], title="Ada Byrne")


def test_profile_form_offers_the_offered_programmes_by_name(client, profile):
    html = client.get(profile.url).content.decode()
    assert options(html)[1:] == ["BA History (BA-HIST)", "BSc Physics (BSC-PHYS)"]


def test_a_second_form_asks_the_database_nothing(profile):
    str(ContactForm(prefix="contact")["programme"])
    with CaptureQueriesContext(connection) as queries:
        html = str(ContactForm(prefix="contact")["programme"])
    assert "BSc Physics (BSC-PHYS)" in html
    assert len(queries) == 0, [q["sql"] for q in queries]


def test_programmes_added_renamed_and_withdrawn_in_the_admin_show_at_once(
    client, admin_client, profile
):
    assert "MA History (MA-HIST)" not in options(client.get(profile.url).content.decode())
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
    assert "MA History (MA-HIST)" in options(client.get(profile.url).content.decode())

    physics = Programme.objects.get(code="BSC-PHYS")
    edit = f"/admin/snippets/taxonomy/programme/edit/{physics.pk}/"
    fields = {"code": "BSC-PHYS", "level": "undergraduate", "department": physics.department_id}
    response = admin_client.post(edit, {**fields, "name": "BSc Applied Physics", "is_active": "on"})
    assert response.status_code == 302
    shown = options(client.get(profile.url).content.decode())
    assert "BSc Applied Physics (BSC-PHYS)" in shown
    assert "BSc Physics (BSC-PHYS)" not in shown

    response = admin_client.post(edit, {**fields, "name": "BSc Applied Physics"})  # not offered
    assert response.status_code == 302
    shown = options(client.get(profile.url).content.decode())
    assert not [label for label in shown if "PHYS" in label]


def test_a_programme_withdrawn_after_the_page_was_shown_is_refused(client, profile):
    physics = Programme.objects.get(code="BSC-PHYS")
    client.get(profile.url)  # the list with physics is cached now
    Programme.objects.filter(pk=physics.pk).update(is_active=False)  # no signal: cache unaware
    response = client.post(
        profile.url,
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
