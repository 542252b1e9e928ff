"""Inline rows an editor has not finished filling in.

Wagtail saves drafts (autosave while the editor types, and "Save draft") with the required checks of
``FieldPanel(..., required_on_save=False)`` fields deferred until publishing. A live page's draft is
a revision, which can keep a half-filled row (an office hour without its times), but not a row whose
foreign key is still empty: a placement of nothing cannot be shown or published. A page never
published is saved to the database itself, rows included, where no empty column the table forbids
can be stored. ``DraftInlinePanel`` leaves such a row out of the draft, as if the editor had not
added it yet; the row stays in the open editor, and once it is filled in the next save keeps it.
Publishing validates the row in full and names the empty field.
"""

from django.forms.formsets import DELETION_FIELD_NAME
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import InlinePanel
from wagtail.admin.panels.base import get_form_for_model

# Wagtail's own test of a field whose blank value the database cannot hold (FieldPanel's default for
# required_on_save): not null, and not text that can be stored empty.
_STORABLE_EMPTY = ("CharField", "TextField", "JSONField")


def fields_a_draft_row_needs(model, field_names, *, stored_in_database):
    """The names among ``field_names`` without which a ``model`` row cannot be kept in a draft: its
    required foreign keys (a draft revision showing a placement of nothing fails where it is shown),
    and, for a draft stored in the database itself (a page never published), every field whose
    column cannot be left empty."""
    fields = {field.name: field for field in model._meta.get_fields()}
    needed = []
    for name in field_names:
        field = fields.get(name)
        if field is None or field.null:
            continue
        if field.many_to_one or (
            stored_in_database and field.get_internal_type() not in _STORABLE_EMPTY
        ):
            needed.append(name)
    return needed


class DraftRowForm(WagtailAdminModelForm):
    """An inline row that a draft save leaves out while a field it cannot be kept without is empty."""

    def __init__(self, *args, stored_in_database=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_in_database = stored_in_database

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_deferred_validation:
            return cleaned_data
        needed = fields_a_draft_row_needs(
            self._meta.model,
            self.deferred_required_fields,
            stored_in_database=self.stored_in_database,
        )
        if any(name not in self.errors and cleaned_data.get(name) is None for name in needed):
            # Left empty (a chooser naming a page that does not exist stays an error): the formset's
            # own deletion mechanism leaves the row unsaved and unvalidated from here on.
            cleaned_data[DELETION_FIELD_NAME] = True
        return cleaned_data


class DraftRowFormSet(BaseChildFormSet):
    """Tells each row whether a draft of its page goes to the database (a page not yet live: Wagtail
    saves it, rows included) or only into a revision (a live page)."""

    def get_form_kwargs(self, index):
        parent = self.instance
        stored = parent.pk is None or not getattr(parent, "live", True)
        return {**super().get_form_kwargs(index), "stored_in_database": stored}


class DraftInlinePanel(InlinePanel):
    """An ``InlinePanel`` whose rows may be saved as a draft before they are filled in.

    The child model's panels say which fields may wait with ``FieldPanel(..., required_on_save=False)``.
    """

    def get_form_options(self):
        options = super().get_form_options()
        child_options = self.child_edit_handler.get_form_options()
        formset = options["formsets"][self.relation_name]
        formset["formset"] = DraftRowFormSet
        formset["form"] = get_form_for_model(
            self.db_field.related_model,
            form_class=DraftRowForm,
            defer_required_on_fields=child_options.get("defer_required_on_fields", []),
        )
        return options
