"""The coordinator's reset of someone else's second factor: a confirmation page (GET) and the reset
itself (POST only). Who may: ``twofactor.rules.may_reset``."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from students.names import user_display as display_name

from . import audit, rules, services


def describe(authenticator):
    if authenticator.type == Authenticator.Type.WEBAUTHN:
        return f"Security key “{authenticator.wrap().name}”"
    if authenticator.type == Authenticator.Type.TOTP:
        return "Authenticator app"
    return "Recovery codes"


class ResetView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "twofactor/reset.html"
    header_icon = "key"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(rules.RESET_PERMISSION):
            raise PermissionDenied
        self.target = get_object_or_404(get_user_model(), pk=kwargs["pk"])
        if not rules.may_reset(request.user, self.target):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"Reset two-factor sign-in for {display_name(self.target)}"

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Home"},
            {"url": reverse("editorial:liaisons"), "label": "Liaison librarians"},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            target=self.target,
            name=display_name(self.target),
            authenticators=[
                (describe(a), a)
                for a in Authenticator.objects.filter(user=self.target).order_by("type", "pk")
            ],
            required=rules.mfa_required(self.target),
        )
        return context

    def post(self, request, *args, **kwargs):
        kinds = services.reset_second_factor(self.target)
        audit.reset_by_coordinator(request, self.target, request.user, kinds)
        name = display_name(self.target)
        if kinds:
            messages.success(
                request,
                f"{name}'s two-factor sign-in was reset. They sign in with their password and "
                + (
                    "set up a new authenticator before they open the admin."
                    if rules.mfa_required(self.target)
                    else "may set up a new authenticator from their account."
                ),
            )
        else:
            messages.info(request, f"{name} had no two-factor sign-in to reset.")
        return redirect("editorial:liaisons")
