"""Every enrolment, removal, reset and failed second step goes to the ``portal.security`` log, from
allauth's own signals (``allauth.mfa.signals``). The same receivers mark a session as having
passed the second step (``twofactor.rules.mark_verified``) when allauth reports an authenticator
used (sign-in, re-authentication) or added (proving possession of a new one counts too).

Failed security-key (WebAuthn) steps send no signal, so the forms in ``twofactor.forms`` call
``second_step_failed`` themselves.
"""

import logging

from allauth.account.adapter import get_adapter
from allauth.mfa import signals
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied

from . import rules

logger = logging.getLogger("portal.security")


def _who(user):
    return f"user={user.pk} <{user.email}>" if user is not None else "user=?"


def _ip(request):
    if request is None:
        return "?"
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "?"


def _kind(authenticator):
    return getattr(authenticator, "type", authenticator)


def _mark_session(request, user):
    """The session passed the second step for ``user``: the one signing in (still anonymous while
    allauth runs its login stages) or the one signed in."""
    session = getattr(request, "session", None)
    current = getattr(request, "user", None)
    if session is None or (current is not None and current.is_authenticated and current != user):
        return
    rules.mark_verified(session, user)


def added(sender, request, user, authenticator, **kwargs):
    logger.info(
        "two-factor enrolled: %s added %s from %s", _who(user), _kind(authenticator), _ip(request)
    )
    _mark_session(request, user)


def removed(sender, request, user, authenticator, **kwargs):
    logger.info(
        "two-factor removed: %s removed %s from %s", _who(user), _kind(authenticator), _ip(request)
    )


def reset(sender, request, user, authenticator, **kwargs):
    logger.info(
        "two-factor reset: %s replaced their %s from %s",
        _who(user),
        _kind(authenticator),
        _ip(request),
    )


def used(sender, request, user, authenticator, reauthenticated=False, **kwargs):
    _mark_session(request, user)
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        # allauth marks the code used on a fresh copy of the row: read that one
        left = len(Authenticator.objects.get(pk=authenticator.pk).wrap().get_unused_codes())
        logger.warning(
            "two-factor recovery code used: %s from %s, %d codes left",
            _who(user),
            _ip(request),
            left,
        )


def failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    second_step_failed(request, user, _kind(authenticator), reauthentication=reauthentication)


def second_step_failed(request, user, kind, reauthentication=False):
    logger.warning(
        "two-factor failed second step: %s method=%s %s from %s",
        _who(user),
        kind,
        "re-authentication" if reauthentication else "sign-in",
        _ip(request),
    )


def reset_by_coordinator(request, user, by, kinds):
    logger.warning(
        "two-factor reset by coordinator: %s lost %s; reset by %s from %s",
        _who(user),
        ", ".join(kinds) or "nothing",
        _who(by),
        _ip(request),
    )


def connect():
    for signal, receiver in (
        (signals.authenticator_added, added),
        (signals.authenticator_removed, removed),
        (signals.authenticator_reset, reset),
        (signals.authenticator_used, used),
        (signals.authentication_failed, failed),
    ):
        signal.connect(receiver, dispatch_uid=f"twofactor-{receiver.__name__}")
