"""Who must sign in with a second factor, who may set one up, who may reset someone else's, and
whether this session has passed the second step.

* Required: administrators (superusers), coordinators, and members of a group a coordinator
  listed under *Settings → Two-factor sign-in* (``RequiredGroup``). They reach the admin, and with
  it student records and the inbox, only from a session that passed the second step
  (``TwoFactorMiddleware``).
* Offered: everyone else with admin access (liaisons) may set it up from their account.
* Never asked: students. They have no admin access, so they never see the enrolment pages.

allauth keeps no "this session passed MFA" flag of its own that survives enrolment, so the
session remembers whose second step it saw (``VERIFIED_SESSION_KEY``, set by the receivers in
``twofactor.audit`` when allauth reports an authenticator used or added). It holds the user's id:
a session can never carry someone else's verification.
"""

from django.contrib.auth.models import Group
from django.db.models import Q

from core.roles import COORDINATOR_PERMISSION
from editorial.roles import COORDINATOR

VERIFIED_SESSION_KEY = "twofactor_verified_user"
# Coordinators reset a liaison's second factor as part of managing liaisons (editorial/views.py).
RESET_PERMISSION = COORDINATOR_PERMISSION
_CACHE_ATTR = "_twofactor_required"


def mfa_required(user):
    """True for an active superuser, coordinator or member of a group that requires it. The answer
    is kept on the user object, so a request asks the database at most once."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = (
            Group.objects.filter(user=user)
            .filter(Q(name=COORDINATOR) | Q(two_factor_requirement__isnull=False))
            .exists()
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def may_enrol(user):
    """Staff (anyone who may use the admin) may set up a second factor; students may not."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return mfa_required(user) or user.has_perm("wagtailadmin.access_admin")


def may_reset(actor, target):
    """Who may remove someone else's second factor (after a lost phone): a coordinator, for anyone
    except themselves (they change their own on their two-factor page, after proving they hold
    it) and except an administrator, whose second factor only another administrator resets."""
    if not actor.is_active or not actor.has_perm(RESET_PERMISSION):
        return False
    if actor.pk == target.pk:
        return False
    return actor.is_superuser or not target.is_superuser


def mark_verified(session, user):
    session[VERIFIED_SESSION_KEY] = str(user.pk)


def is_verified(session, user):
    return session.get(VERIFIED_SESSION_KEY) == str(user.pk)
