"""Filters of the evidence pages. Anything a URL can carry is parsed here; bad values become form
errors shown on the page (status 400), never a server error."""

import re

from django import forms

from taxonomy.models import Faculty

from .coverage import FLAG_LABELS, SORTS

GROUP_RE = re.compile(r"^(none|\d{1,9})$")


def _group_field(label):
    return forms.RegexField(
        regex=GROUP_RE,
        required=False,
        label=label,
        error_messages={"invalid": f"Choose a {label.lower()} from the list."},
    )


class MessageFilterForm(forms.Form):
    liaison = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    programme = _group_field("Programme")
    department = _group_field("Department")
    month = forms.RegexField(
        regex=r"^(19|20)\d\d-(0[1-9]|1[0-2])$",
        required=False,
        error_messages={"invalid": "Give a month as YYYY-MM."},
    )
    state = forms.ChoiceField(
        choices=[("", "All"), ("open", "Still open"), ("overdue", "Open past the reply time")],
        required=False,
    )


class CoverageFilterForm(forms.Form):
    faculty = forms.ModelChoiceField(
        queryset=Faculty.objects.order_by("name"), required=False, empty_label="All faculties"
    )
    flag = forms.ChoiceField(
        choices=[("", "All programmes"), ("any", "Any problem"), *FLAG_LABELS.items()],
        required=False,
        label="Show",
    )
    sort = forms.ChoiceField(
        choices=[(key, key.capitalize()) for key in SORTS],
        required=False,
        label="Sort by",
    )


class LiaisonChoiceForm(forms.Form):
    liaison = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class AddressForm(forms.Form):
    email = forms.EmailField(label="Email address", max_length=254)
