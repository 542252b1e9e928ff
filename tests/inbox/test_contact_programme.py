"""The contact form's programme list: Django's own <select> of the programmes on offer."""

import re

import pytest

from inbox.forms import ContactForm
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def _options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', str(html))


def test_programme_select_lists_programmes_on_offer_with_the_choice_selected():
    chem = ProgrammeFactory(name="MSc Chemistry & Physics", code="MSC-CP")
    ProgrammeFactory(name="BA History", code="BA-HIST")
    ProgrammeFactory(name="Closed programme", code="OLD", is_active=False)
    html = str(ContactForm(data={"programme": str(chem.pk)})["programme"])

    assert ("", "", "— Not a student / not listed —") in _options(html)
    assert (str(chem.pk), " selected", "MSc Chemistry &amp; Physics (MSC-CP)") in _options(html)
    assert "Closed programme" not in html


def test_programme_select_keeps_id_label_help_and_errors():
    form = ContactForm(data={"programme": "999999"})
    assert not form.is_valid()
    html = str(form["programme"])
    assert 'id="id_programme"' in html
    assert 'aria-invalid="true"' in html
    assert "id_programme_helptext" in html
    assert form["programme"].errors
