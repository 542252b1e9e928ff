"""Inline rows an editor has not finished choosing for.

Wagtail saves drafts (autosave while the editor types, and "Save draft") with the required checks of
``FieldPanel(..., required_on_save=False)`` fields deferred until publishing. That lets a draft keep
a half-filled row whose empty fields the model can hold, but not a row whose foreign key is still
empty: a placement without the page it places cannot be stored. ``DraftInlinePanel`` leaves such a
row out of the draft, as if the editor had not added it yet; the row stays in the open editor, and
once its chooser is filled in the next save keeps it. Publishing validates the row in full and names
the empty chooser.
"""

from django.forms.formsets import DELETION_FIELD_NAME
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model


def required_foreign_keys(model, field_names):
    """The names among ``field_names`` of foreign keys that a ``model`` row cannot be stored without."""
    fields = {field.name: field for field in model._meta.get_fields()}
    return [
        name
        for name in field_names
        if name in fields and fields[name].many_to_one and not fields[name].null
    ]


class DraftRowForm(WagtailAdminModelForm):
    """An inline row that a draft save leaves out while a required chooser in it is empty."""

    def clean(self):
        cleaned_data = super().clean()
        if self.is_deferred_validation and any(
            name not in self.errors and cleaned_data.get(name) is None
            for name in required_foreign_keys(self._meta.model, self.deferred_required_fields)
        ):
            # An empty chooser (one naming a page that does not exist stays an error): the formset's
            # own deletion mechanism leaves the row unsaved and unvalidated from here on.
            cleaned_data[DELETION_FIELD_NAME] = True
        return cleaned_data


class DraftInlinePanel(InlinePanel):
    """An ``InlinePanel`` whose rows may be saved as a draft before their chooser is filled in.

    The chooser's panel in the child model says so with ``FieldPanel(..., required_on_save=False)``.
    """

    def get_form_options(self):
        options = super().get_form_options()
        child_options = self.child_edit_handler.get_form_options()
        options["formsets"][self.relation_name]["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=DraftRowForm,
            defer_required_on_fields=child_options.get("defer_required_on_fields", []),
        )
        return options
