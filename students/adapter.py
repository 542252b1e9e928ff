from allauth.account.adapter import DefaultAccountAdapter


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
