"""Admin panels for fields only a coordinator changes.

``FieldPanel(..., permission=COORDINATOR_ONLY)`` is Wagtail's own mechanism: the field is left out
of the form of anyone without the permission, so a POST naming it is ignored. Wagtail has no such
option for an ``InlinePanel``; ``PermissionedInlinePanel`` adds it, with
``PermissionedFormsetsMixin`` on the page's form class leaving the formset out in the same way.
(``editorial``'s edit hook also refuses outright a crafted POST that changes any of these.)
"""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import InlinePanel, Panel

from core.panels import DraftInlinePanel
from core.roles import COORDINATOR_PERMISSION

# Coordinators' permission (core.roles): held by the Coordinator group and superusers.
COORDINATOR_ONLY = COORDINATOR_PERMISSION


class PermissionedInlinePanel(DraftInlinePanel):
    """An InlinePanel shown, and saved, only for users with ``permission`` (whose rows, like any
    ``DraftInlinePanel``'s, may be saved as a draft before their chooser is filled in)."""

    def __init__(self, *args, permission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "permission": self.permission}

    def get_form_options(self):
        options = super().get_form_options()
        if self.permission:
            options["formset_permissions"] = {self.relation_name: self.permission}
        return options

    class BoundPanel(InlinePanel.BoundPanel):
        def __init__(self, **kwargs):
            form, panel = kwargs.get("form"), kwargs["panel"]
            self.left_out = form is not None and panel.relation_name not in form.formsets
            if self.left_out:
                # the form has no formset to render: skip InlinePanel's set-up of its rows
                Panel.BoundPanel.__init__(self, **kwargs)
            else:
                super().__init__(**kwargs)

        def is_shown(self):
            if self.left_out:
                return False
            if self.panel.permission and self.request is not None:
                return self.request.user.has_perm(self.panel.permission)
            return super().is_shown()


class PermissionedFormsetsMixin:
    """For a page's ``base_form_class``: leaves out the formsets of ``PermissionedInlinePanel``s
    whose permission the form's user lacks, as ``field_permissions`` does for fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = kwargs.get("for_user")
        if user is None:
            return
        for name, permission in getattr(self.Meta, "formset_permissions", {}).items():
            if name in self.formsets and not user.has_perm(permission):
                del self.formsets[name]


class PermissionedPageForm(PermissionedFormsetsMixin, WagtailAdminPageForm):
    """Wagtail's page form, honouring ``PermissionedInlinePanel``."""
