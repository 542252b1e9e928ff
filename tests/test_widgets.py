"""The light widgets (portal/widgets.py) write exactly what Django's widget templates write."""

import pytest
from django import forms
from django.utils.safestring import mark_safe

from inbox.forms import ContactForm
from portal.widgets import LightEmailInput, LightTextarea, LightTextInput

VALUES = [None, "", "Ada", 'He said "hi" & <left>', mark_safe("<b>safe</b>"), 42]
ATTRS = [
    None,
    {"id": "id_x", "required": True, "maxlength": 150},
    {"id": "id_x", "disabled": False, "aria-describedby": "id_x_helptext", "placeholder": "a<b"},
    {"data-x": mark_safe("<i>")},
]


@pytest.mark.parametrize(
    "light,plain",
    [
        (LightTextInput, forms.TextInput),
        (LightEmailInput, forms.EmailInput),
        (LightTextarea, forms.Textarea),
    ],
)
@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("attrs", ATTRS)
def test_light_widget_writes_what_djangos_template_writes(light, plain, value, attrs):
    own = {"class": "wide", "rows": 6}
    assert light(attrs=own).render("x", value, attrs=attrs) == plain(attrs=own).render(
        "x", value, attrs=attrs
    )


@pytest.mark.django_db
def test_contact_form_with_errors_reads_as_before():
    """Bound, invalid and with help text: ids, aria attributes, the typed text and its escaping."""
    data = {"name": "Sam <Smith>", "email": "not-an-email", "message": 'Tell me "more" & <b>'}
    form = ContactForm(data=data)
    assert not form.is_valid()
    plain = {
        "name": forms.TextInput,
        "email": forms.EmailInput,
        "subject": forms.TextInput,
        "message": forms.Textarea,
    }
    for name, widget_class in plain.items():
        light_html = str(form[name])
        field = form.fields[name]
        original = field.widget
        field.widget = widget_class(attrs=original.attrs)
        field.widget.is_required = original.is_required
        try:
            assert light_html == str(form[name]), name
        finally:
            field.widget = original
    assert 'aria-invalid="true"' in str(form["email"])
    assert "Tell me &quot;more&quot; &amp; &lt;b&gt;" in str(form["message"])


@pytest.mark.parametrize("attrs", ATTRS)
def test_light_select_opens_like_djangos_select(attrs):
    from portal.widgets import LightSelect

    choices = [("", "Pick"), ("a", "A & B")]
    light = LightSelect(choices=choices).render("x", "a", attrs=attrs)
    plain = forms.Select(choices=choices).render("x", "a", attrs=attrs)
    assert light.split(">", 1)[0] == plain.split(">", 1)[0]
