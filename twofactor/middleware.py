"""Coordinators and administrators pass the second step before they open the admin.

allauth's MFA asks for a second factor at sign-in only from people who have one, and has no way
to require one (its maintainers leave that to projects), so this middleware does, for users
``twofactor.rules.mfa_required`` names, on every path under the admin (everything staff see that
students cannot: student records, the inbox, exports):

* a session that passed the second step (a code or key at sign-in, or setting one up in this
  session) goes on, without a query;
* no authenticator yet: sent to set one up (``/accounts/2fa/``);
* an authenticator, but this session never passed the second step (it began before they enrolled
  elsewhere, or on another way in): asked for a code (allauth's re-authentication, which comes
  back to the page they asked for).

A coordinator's reset of someone's authenticators does not end a session that already passed
the step; their next sign-in asks them to enrol again.

Signing out of the admin stays open. The enrolment pages themselves answer 404 to anyone who may
not enrol (students), so a student is never asked and never finds them.
"""

from functools import cached_property

from allauth.mfa.utils import is_mfa_enabled
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from . import rules
from .adapter import SECOND_FACTORS


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def paths(self):
        return {
            "enrol": reverse("mfa_index"),
            "admin": reverse("wagtailadmin_home"),
            "open": (reverse("wagtailadmin_logout"), reverse("wagtailadmin_login")),
            "reauthenticate": reverse("mfa_reauthenticate"),
        }

    def __call__(self, request):
        return self.check(request) or self.get_response(request)

    def check(self, request):
        # The path first: requests for public pages never load the session here.
        paths, path = self.paths, request.path_info
        enrolling = path.startswith(paths["enrol"])
        if not enrolling and (not path.startswith(paths["admin"]) or path in paths["open"]):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if enrolling:
            if not rules.may_enrol(user):
                raise Http404("Two-factor sign-in is for library staff.")
            return None
        if rules.is_verified(request.session, user) or not rules.mfa_required(user):
            return None
        if not is_mfa_enabled(user, SECOND_FACTORS):
            return HttpResponseRedirect(paths["enrol"])
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{paths['reauthenticate']}?{query}")
