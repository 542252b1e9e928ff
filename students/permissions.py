"""Who may see and change which students. Liaisons see only their own students; coordinators
(``core.roles.is_coordinator``) see everyone and may reassign and rebalance. A signed-in
account gets student pages, a match and its data only once its address is verified."""

from allauth.account import app_settings as account_settings
from allauth.account.models import EmailAddress

from core.roles import is_coordinator, liaison_for


def email_is_verified(user):
    """Whether this account has proved it owns its address, as the portal requires before it shows
    student pages, matches a librarian or exports data. With ``ACCOUNT_EMAIL_VERIFICATION``
    mandatory (always in production) that takes a verified address; a session alone (from any
    sign-in path, present or future) is not enough. With verification optional or off
    (development only), every signed-in account passes."""
    if not (user.is_authenticated and user.is_active):
        return False
    if account_settings.EMAIL_VERIFICATION != account_settings.EmailVerificationMethod.MANDATORY:
        return True
    return EmailAddress.objects.filter(user_id=user.pk, verified=True).exists()


def can_view_students(user):
    return is_coordinator(user) or liaison_for(user) is not None


def visible_students(user, queryset):
    """The students this user may see: all for coordinators, their own for a liaison, else none."""
    if is_coordinator(user):
        return queryset
    liaison = liaison_for(user)
    if liaison is None:
        return queryset.none()
    return queryset.filter(
        assignments__liaison=liaison, assignments__ended_at__isnull=True
    ).distinct()
