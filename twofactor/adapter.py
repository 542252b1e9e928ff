"""allauth's MFA adapter (``MFA_ADAPTER``) with the portal's rule: someone who must use two-factor
sign-in cannot turn off their authenticator app unless a security key remains, so the admin
never finds them without a second factor mid-session."""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator

from . import rules

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": "Your role needs two-factor sign-in: add a security key "
        "before you turn off the authenticator app, or set up the app again on a new phone.",
    }

    def can_delete_authenticator(self, authenticator):
        if not rules.mfa_required(authenticator.user):
            return True
        return (
            Authenticator.objects.filter(user_id=authenticator.user_id, type__in=SECOND_FACTORS)
            .exclude(pk=authenticator.pk)
            .exists()
        )
