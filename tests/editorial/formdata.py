"""POST data for a page's admin edit form, built from the form Wagtail itself would render, so the
permission tests can submit any page type without hand-written field lists."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from wagtail.blocks.base import BlockField

_ADMIN = get_user_model()(is_superuser=True, is_active=True)


def _value(field, value):
    if isinstance(field, BlockField):
        return None
    if isinstance(field.widget, forms.CheckboxInput):
        return "on" if value else None
    if value is None:
        return ""
    if isinstance(value, (list, tuple, set)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        if isinstance(field, forms.ModelMultipleChoiceField):
            return [str(getattr(i, "pk", i)) for i in items]
        return ", ".join(str(getattr(i, "name", i)) for i in items)  # tags
    if "Draftail" in type(field.widget).__name__:
        return field.widget.format_value(value)
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat()
    return str(getattr(value, "pk", value))


def _form_fields(form, prefix=""):
    data = {}
    for name, field in form.fields.items():
        key = f"{prefix}{name}"
        if isinstance(field, BlockField):
            data.update(_stream_data(key, form[name].value()))
            continue
        value = _value(field, form[name].value())
        if value is not None:
            data[key] = value
    for formset_name, formset in getattr(form, "formsets", {}).items():
        data.update(_formset_data(formset, f"{prefix}{formset_name}"))
    return data


def _formset_data(formset, prefix):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(formset.forms)),
        f"{prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, subform in enumerate(formset.forms):
        data.update(_form_fields(subform, f"{prefix}-{i}-"))
        data[f"{prefix}-{i}-DELETE"] = ""
        data[f"{prefix}-{i}-ORDER"] = str(i + 1)
    return data


def _stream_data(prefix, value):
    """An unchanged StreamField would need the JS widget's field names; an empty one is enough
    for permission tests (every body here is optional)."""
    return {f"{prefix}-count": "0"}


def edit_form_data(page, **overrides):
    page = page.get_latest_revision_as_object()
    form_class = page.get_edit_handler().get_form_class()
    form = form_class(instance=page, parent_page=page.get_parent().specific, for_user=_ADMIN)
    data = _form_fields(form)
    data.update(overrides)
    return data
