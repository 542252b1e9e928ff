from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from .names import user_display


class AccountAdapter(DefaultAccountAdapter):
    """After signing in, students go to their librarian and staff to the dashboard."""

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_authenticated and (user.is_staff or hasattr(user, "liaison_profile")):
            return "/admin/"
        return "/my-librarian/"

    def get_signup_redirect_url(self, request):
        # Sign-up is for students; after verifying their address they see their librarian.
        return "/my-librarian/"

    def send_mail(self, template_prefix, email, context):
        """Every account email greets the person by name and signs with the portal's name (the
        templates under templates/account/email/ use ``greeting_name`` and ``site_name``)."""
        user = context.get("user")
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "greeting_name": user_display(user) if user is not None else "",
            **context,
        }
        super().send_mail(template_prefix, email, context)
