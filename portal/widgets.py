"""Form widgets that write their HTML in Python instead of through Django's widget templates.

Django renders every widget through the template engine (an <input> is three templates: the type's,
``input.html`` and ``attrs.html``; a <select> adds one per <option>). On the public pages that carry
a form (every librarian profile, "my librarian", the enquiry forms) that was a large share of the
render time. These widgets produce the same markup as Django's templates, character for character
(``tests/test_widgets.py`` compares them), and fall back to the templates for anything unusual.
"""

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe


def _attrs(attrs):
    """As django/forms/widgets/attrs.html: False is left out, True is a bare attribute name, and
    values are escaped unless already marked safe (what the template's autoescaping does)."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


class LightInputMixin:
    """An <input> as django/forms/widgets/input.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        value = widget["value"]
        kind, name = conditional_escape(widget["type"]), conditional_escape(name)
        shown = "" if value is None else f' value="{conditional_escape(value)}"'
        html = f'<input type="{kind}" name="{name}"{shown}{_attrs(widget["attrs"])}>'
        return mark_safe(html)  # noqa: S308 - all escaped above


class LightTextInput(LightInputMixin, forms.TextInput):
    pass


class LightEmailInput(LightInputMixin, forms.EmailInput):
    pass


class LightTextarea(forms.Textarea):
    """A <textarea> as django/forms/widgets/textarea.html writes it."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        text = conditional_escape(widget["value"]) if widget["value"] else ""
        name = conditional_escape(name)
        html = f'<textarea name="{name}"{_attrs(widget["attrs"])}>\n{text}</textarea>'
        return mark_safe(html)  # noqa: S308 - all escaped above


class LightSelect(forms.Select):
    """A single-choice <select> that builds its options in Python.

    Django's Select renders one template include per <option>, which for a long list of
    programmes was a fifth of a librarian profile's render time. The HTML is the same: the
    field's attributes (id, required, aria-*) come from the bound field as usual and the
    first option matching the value is selected. Grouped choices or multiple selection fall
    back to Django's templates.
    """

    def render(self, name, value, attrs=None, renderer=None):
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        choices = [("" if v is None else v, label) for v, label in self.choices]
        if any(isinstance(label, list | tuple) for _v, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        attrs = _attrs(self.build_attrs(self.attrs, attrs))
        parts = [f'<select name="{conditional_escape(name)}"{attrs}>']
        for option_value, label in choices:
            option_value = str(option_value)
            mark = ""
            if selected and option_value in selected:
                mark = " selected"
                selected = ()  # only the first match, as Django does
            parts.append(
                f'  <option value="{escape(option_value)}"{mark}>{conditional_escape(label)}</option>'
            )
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 - every value and label is escaped above
