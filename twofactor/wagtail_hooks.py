"""Admin wiring: the groups that must use two-factor sign-in (Settings), the reset view, and a way
to set it up from the admin's Account page."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from . import rules, views
from .models import RequiredGroup


class RequiredGroupCreateView(CreateView):
    def save_instance(self):
        self.form.instance.required_by = self.request.user
        return super().save_instance()


class RequiredGroupViewSet(ModelViewSet):
    """Coordinators list the groups whose members must use a second factor, as they do for the
    Coordinator group and administrators (always). Permissions: the model's own, which
    ``setup_roles`` gives the Coordinator group."""

    model = RequiredGroup
    name = "two_factor_groups"
    icon = "key"
    menu_label = "Two-factor sign-in"
    add_to_settings_menu = True
    form_fields = ["group"]
    list_display = ["group", "required_since", "required_by"]
    add_view_class = RequiredGroupCreateView
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_required_group_viewset():
    return RequiredGroupViewSet()


@hooks.register("register_admin_urls")
def register_reset_url():
    return [path("two-factor/reset/<int:pk>/", views.ResetView.as_view(), name="twofactor_reset")]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    if not rules.may_enrol(request.user):
        return None
    return {
        "url": reverse("mfa_index"),
        "label": "Two-factor sign-in",
        "help_text": "Add an authenticator app or a security key, and see your recovery codes.",
    }
