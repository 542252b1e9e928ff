"""Removing someone's second factor when they lost it (a coordinator's reset)."""

from allauth.mfa.models import Authenticator
from django.db import transaction


@transaction.atomic
def reset_second_factor(user):
    """Delete every authenticator the user has (app, security keys, recovery codes). Returns the
    kinds removed, e.g. ``["recovery_codes", "totp"]``; an empty list when there was nothing."""
    authenticators = Authenticator.objects.select_for_update().filter(user=user)
    kinds = sorted(set(authenticators.values_list("type", flat=True)))
    authenticators.delete()
    return kinds
