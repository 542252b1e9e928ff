"""Staff sessions end after a working day without activity; students keep the normal session.

Staff (anyone who may use the Wagtail admin) see student records, so an admin tab left open on a
shared computer must not stay signed in for ``SESSION_COOKIE_AGE`` (two weeks). Django's own
session expiry does the work: when a staff member signs in, ``mark_staff_session`` marks the
session and gives it ``PORTAL_STAFF_SESSION_IDLE_SECONDS``; ``StaffSessionMiddleware``
(ops/middleware.py) sets that expiry again after every request of a marked session, so the
deadline moves with activity and passes only when the person stops. The session backend then
refuses the expired session and the next request is anonymous.

The expiry is set after the view, not only at sign-in, because allauth's "Remember me" sets its own
expiry after the login signal has been sent.
"""

from django.conf import settings
from django.utils import timezone

STAFF_SESSION_KEY = "portal_staff_session"
REFRESHED_KEY = "portal_staff_session_refreshed"  # when the deadline last moved (Unix seconds)
REFRESH_SECONDS = 60
DEFAULT_IDLE_SECONDS = 8 * 60 * 60


def idle_seconds():
    """How long a staff session survives without a request; 0 switches the rule off."""
    return int(getattr(settings, "PORTAL_STAFF_SESSION_IDLE_SECONDS", DEFAULT_IDLE_SECONDS) or 0)


def has_admin_access(user):
    return bool(user.is_active and user.has_perm("wagtailadmin.access_admin"))


def mark_staff_session(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: a staff member's session gets the short idle expiry."""
    session = getattr(request, "session", None)
    if session is None or not idle_seconds() or not has_admin_access(user):
        return
    session[STAFF_SESSION_KEY] = True
    refresh(session)


def refresh(session):
    """Move a staff session's deadline to one idle period from now; other sessions are left as
    they are. Returns whether the session is a staff one.

    The deadline moves at most once every ``REFRESH_SECONDS`` (and whenever the request changed
    the session anyway, as signing in does): moving it is a session write, which a staff member's
    every page need not cost. The deadline is then at most that much earlier."""
    seconds = idle_seconds()
    if not seconds or not session.get(STAFF_SESSION_KEY):
        return False
    now = int(timezone.now().timestamp())
    if session.modified or now - session.get(REFRESHED_KEY, 0) >= REFRESH_SECONDS:
        session[REFRESHED_KEY] = now
        session.set_expiry(seconds)
    return True
