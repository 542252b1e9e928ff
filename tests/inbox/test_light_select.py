"""The contact form's programme list is built in Python but reads exactly like Django's <select>."""

import re

import pytest
from django import forms

from inbox.forms import ContactForm, LightSelect
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def _options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', str(html))


def test_programme_select_matches_djangos_own_rendering():
    chem = ProgrammeFactory(name="MSc Chemistry & Physics", code="MSC-CP")
    ProgrammeFactory(name="BA History", code="BA-HIST")
    ProgrammeFactory(name="Closed programme", code="OLD", is_active=False)
    form = ContactForm(data={"programme": str(chem.pk)})
    fast = form["programme"].as_widget()

    field = ContactForm.base_fields["programme"]
    plain = forms.Select(choices=field.choices)
    slow = plain.render("programme", str(chem.pk))

    assert _options(fast) == _options(slow)
    assert ("", "", "— Not a student / not listed —") in _options(fast)
    assert (str(chem.pk), " selected", "MSc Chemistry &amp; Physics (MSC-CP)") in _options(fast)
    assert "Closed programme" not in fast


def test_programme_select_keeps_id_label_help_and_errors(client):
    form = ContactForm(data={"programme": "999999"})
    assert not form.is_valid()
    html = str(form["programme"])
    assert 'id="id_programme"' in html
    assert 'aria-invalid="true"' in html
    assert "id_programme_helptext" in html
    assert form["programme"].errors


def test_first_matching_value_only_and_escaping():
    widget = LightSelect(choices=[("", "Pick"), ("a", "<b>A</b>"), ("a", "Again")])
    html = widget.render("x", "a", attrs={"id": "id_x", "required": True})
    assert html.startswith('<select name="x" id="id_x" required>')
    assert _options(html) == [
        ("", "", "Pick"),
        ("a", " selected", "&lt;b&gt;A&lt;/b&gt;"),
        ("a", "", "Again"),
    ]


def test_grouped_choices_fall_back_to_djangos_template():
    widget = LightSelect(choices=[("Group", [("1", "One")])])
    assert "<optgroup" in widget.render("x", "1")
