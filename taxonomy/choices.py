"""The offered programmes as choices for public forms, without a database query per view.

Every librarian profile, the "my librarian" page and every enquiry form ask "Your programme" from a
list of all offered programmes. Built from the database, that list cost a query and a model instance
per programme on each view. Here the (id, label) pairs are kept in ``home.sitecache``, whose
generation moves on whenever a programme is saved or deleted; submitted values are still checked
against the database (``ModelChoiceField.to_python``), so a programme withdrawn a moment ago is
refused, never stored.
"""

from django import forms
from django.forms.models import ModelChoiceIterator

from .models import Programme


def offered_programmes():
    """[(pk, label)] of the offered programmes by name, labelled as ``str(programme)``."""
    from home import sitecache

    def compute():
        rows = Programme.objects.filter(is_active=True).order_by("name", "pk")
        return [
            (pk, str(Programme(name=name, code=code)))
            for pk, name, code in rows.values_list("pk", "name", "code")
        ]

    return sitecache.get_or_set("offered-programmes", compute)


class _CachedChoices(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from offered_programmes()

    def __len__(self):
        return len(offered_programmes()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(offered_programmes())


class OfferedProgrammeField(forms.ModelChoiceField):
    """A choice of offered programme whose options come from the cache (see above)."""

    iterator = _CachedChoices

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Programme.objects.filter(is_active=True).order_by("name"))
        super().__init__(**kwargs)
