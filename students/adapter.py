from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.urls import reverse

from .names import user_display


class AccountAdapter(DefaultAccountAdapter):
    """After signing in, students go to their librarian and staff to the dashboard (or back to the
    admin page that sent them to sign in)."""

    def get_login_redirect_url(self, request):
        user = request.user
        if user.is_authenticated and (
            user.is_staff
            or hasattr(user, "liaison_profile")
            or user.has_perm("wagtailadmin.access_admin")  # coordinators, by their group
        ):
            return reverse("wagtailadmin_home")
        return reverse("students:my_librarian")

    def get_signup_redirect_url(self, request):
        # Sign-up is for students; after verifying their address they see their librarian.
        return reverse("students:my_librarian")

    def send_mail(self, template_prefix, email, mail_context):
        """Every account email greets the person by name and signs with the portal's name (the
        templates under templates/account/email/ use ``greeting_name`` and ``site_name``)."""
        user = mail_context.get("user")
        mail_context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "greeting_name": user_display(user) if user is not None else "",
            **mail_context,
        }
        super().send_mail(template_prefix, email, mail_context)

    def is_safe_url(self, url):
        """allauth's check, and never back into the admin for someone signed in who may not use
        it: the admin sends such a person to sign in with ``next`` pointing at the admin, and
        following it would send them round in a loop. They go to their own start page instead."""
        if not super().is_safe_url(url):
            return False
        user = getattr(context.request, "user", None)
        if user is None or not user.is_authenticated:
            return True
        into_admin = urlsplit(url).path.startswith(reverse("wagtailadmin_home"))
        return not into_admin or user.has_perm("wagtailadmin.access_admin")
